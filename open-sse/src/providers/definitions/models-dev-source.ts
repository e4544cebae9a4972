/**
 * Most model facts (context window, output limit, capabilities, list prices) were read from models.dev, the
 * open catalog whose per-model TOML files cite the provider's own pages; each definition also names the
 * provider's documentation. This names the exact snapshot so a reader can check every number.
 */
const MODELS_DEV_SNAPSHOT = "f3fc692299671838c7c65fd8126bf84d81a2e817";

/** `models.dev providers/<folder>/models/… (github.com/anomalyco/models.dev @ f3fc692, 2026-07-02)` */
export function modelsDevSource(folder: string): string {
  return `https://github.com/anomalyco/models.dev/tree/${MODELS_DEV_SNAPSHOT}/providers/${folder}/models`;
}

import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

/** The package root: Turbopack must not walk up to a parent lockfile and guess a wider workspace root. */
const packageRoot = path.dirname(fileURLToPath(import.meta.url));

const nextConfig: NextConfig = {
  // The engine is a TypeScript workspace package (no build step of its own): Next compiles it.
  transpilePackages: ["@omniroute/open-sse"],
  // Native addon: loaded by Node at runtime, never bundled.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: packageRoot },
  // `npm run typecheck` checks the whole repo (server, engine, tests) as one project and CI runs it before
  // the build; repeating a partial check inside `next build` would only make every start slower.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;

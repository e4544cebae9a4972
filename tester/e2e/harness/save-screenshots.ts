import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright";
import { repoRoot } from "../../lib/start-omniroute";
import { THEME_STORAGE_KEY } from "../../../src/components/ui/theme-storage-key";

/** tester/e2e/screenshots/ (git-ignored): look at them after a run. */
export const SCREENSHOT_DIR = join(repoRoot, "tester", "e2e", "screenshots");

export type Theme = "light" | "dark";

/** Applies a theme the way the toggle does (stored, and on <html data-theme>) without reloading. */
export async function applyTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate(
    ([key, value]) => {
      localStorage.setItem(key, value);
      document.documentElement.dataset.theme = value;
    },
    [THEME_STORAGE_KEY, theme] as const,
  );
}

/**
 * Screenshots of the current page in light and dark: `<name>-light.png`, `<name>-dark.png`. Full page by default;
 * pass `fullPage: false` while a dialog is open (a modal belongs to the viewport). Leaves the page in light.
 */
export async function saveScreenshots(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  for (const theme of ["dark", "light"] as const) {
    await applyTheme(page, theme);
    const file = join(SCREENSHOT_DIR, `${name}-${theme}.png`);
    await page.screenshot({ path: file, fullPage: options.fullPage ?? true, animations: "disabled" });
    files.push(file);
  }
  return files;
}

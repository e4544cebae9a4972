import type { Page } from "playwright";

export interface ConsoleWatch {
  /** Every console error and uncaught page exception so far, as "<page path>: <text>". */
  readonly errors: string[];
  attach(page: Page): void;
  /** The errors, minus the ones a test provoked on purpose (matched by substring or pattern). */
  unexpected(expected?: (string | RegExp)[]): string[];
  clear(): void;
}

/** Collects console errors (React hydration warnings are errors too) and uncaught exceptions of pages. */
export function watchConsole(): ConsoleWatch {
  const errors: string[] = [];
  const where = (page: Page) => {
    try {
      return new URL(page.url()).pathname;
    } catch {
      return page.url();
    }
  };
  return {
    errors,
    attach(page) {
      page.on("console", (message) => {
        // Resource errors ("Failed to load resource: … 404") name the resource only in their location.
        const resource = message.location().url;
        const about = resource && resource !== page.url() ? ` [${resource}]` : "";
        if (message.type() === "error") errors.push(`${where(page)}: ${message.text()}${about}`);
      });
      page.on("pageerror", (error) => errors.push(`${where(page)}: uncaught ${error.message}`));
    },
    unexpected(expected = []) {
      return errors.filter((error) => !expected.some((pattern) => (typeof pattern === "string" ? error.includes(pattern) : pattern.test(error))));
    },
    clear() {
      errors.length = 0;
    },
  };
}

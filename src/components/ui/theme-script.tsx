import { THEME_STORAGE_KEY } from "./theme-storage-key";

/**
 * Runs before first paint (inline in <head>), so a stored dark theme never flashes light. It resolves the
 * theme (stored choice, else the system preference) and writes it to <html data-theme>, which globals.css and
 * the `dark:` variant read. Inline scripts are allowed by the dashboard CSP (security-headers.ts).
 */
const script = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t!=="light"&&t!=="dark"){t=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.dataset.theme=t}catch(e){}})();`;

export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: script }} />;
}

import { spawn } from "node:child_process";

/**
 * Opens the dashboard in the default browser when there is a display to show it on. Headless servers,
 * CI and containers are left alone; a failure to launch is never fatal.
 */
export function openBrowser(url: string): boolean {
  const platform = process.platform;
  if (process.env.CI) return false;
  if (platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
  const command = platform === "darwin" ? "open" : platform === "win32" ? "cmd" : "xdg-open";
  const args = platform === "win32" ? ["/c", "start", "", url] : [url];
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

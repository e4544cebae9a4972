// The browser-test harness: start the real server + mock upstream + Chromium, log in, check pages.
export { startDashboard, mockProvider, CHROMIUM_PATH, type Dashboard, type StartDashboardOptions } from "./start-dashboard";
export { findSeriousViolations, describeViolations, expectAccessibleInBothThemes, type AxeViolation } from "./check-accessibility";
export { saveScreenshots, applyTheme, SCREENSHOT_DIR, type Theme } from "./save-screenshots";
export { watchConsole, type ConsoleWatch } from "./watch-console";

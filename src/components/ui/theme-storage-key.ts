/** localStorage key holding the user's explicit theme choice ("light" | "dark"); absent: follow the system. */
export const THEME_STORAGE_KEY = "omniroute-theme";

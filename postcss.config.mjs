/** Tailwind CSS 4 runs as a single PostCSS plugin; its config lives in src/app/globals.css (`@theme`). */
const config = {
  plugins: { "@tailwindcss/postcss": {} },
};

export default config;

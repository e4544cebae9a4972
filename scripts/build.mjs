// Builds the two halves of omniroute: the Node server bundle (esbuild) and the Next.js app (next build).
//   node scripts/build.mjs             build both (skips a half whose inputs have not changed)
//   node scripts/build.mjs --if-needed same, silent when there is nothing to do (used by `npm start`)
//   node scripts/build.mjs --force     rebuild both
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const force = process.argv.includes("--force");
const quietWhenFresh = process.argv.includes("--if-needed");
const stampFile = join(root, "dist", "build-stamp.json");

function listFiles(directory, accept) {
  if (!existsSync(directory)) return [];
  const files = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      files.push(...listFiles(path, accept));
    } else if (accept(path)) files.push(path);
  }
  return files;
}

function fingerprint(paths) {
  const hash = createHash("sha256");
  for (const path of paths.sort()) {
    hash.update(relative(root, path));
    hash.update(readFileSync(path));
  }
  return hash.digest("hex");
}

const isSource = (path) => /\.(ts|tsx|mjs|js|css|json|svg)$/.test(path) && !/\.test\.tsx?$/.test(path);
const sharedInputs = [join(root, "package.json"), ...listFiles(join(root, "open-sse", "src"), isSource), ...listFiles(join(root, "src", "lib"), isSource)];
const serverInputs = [...sharedInputs, ...listFiles(join(root, "src", "server"), isSource)];
const nextInputs = [
  ...sharedInputs,
  ...listFiles(join(root, "src", "app"), isSource),
  ...listFiles(join(root, "src", "components"), isSource),
  ...listFiles(join(root, "public"), () => true),
  join(root, "next.config.ts"),
  join(root, "postcss.config.mjs"),
].filter((path) => existsSync(path));

const previous = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, "utf8")) : {};
const stamp = { server: fingerprint(serverInputs), next: fingerprint(nextInputs) };
const serverFresh = !force && previous.server === stamp.server && existsSync(join(root, "dist", "server", "cli.js"));
const nextFresh = !force && previous.next === stamp.next && existsSync(join(root, ".next", "BUILD_ID"));

if (serverFresh && nextFresh) {
  if (!quietWhenFresh) console.log("build: up to date");
  process.exit(0);
}

if (!serverFresh) {
  const started = Date.now();
  console.log("build: bundling the server (esbuild)…");
  const esbuild = await import("esbuild");
  // Every npm package stays external (installed alongside); only our own workspace code is bundled.
  const keepPackagesExternal = {
    name: "keep-packages-external",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith("@omniroute/") || args.path.startsWith("@/")) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
  await esbuild.build({
    entryPoints: [join(root, "src", "server", "cli.ts")],
    outfile: join(root, "dist", "server", "cli.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
    plugins: [keepPackagesExternal],
    tsconfig: join(root, "tsconfig.json"),
  });
  console.log(`build: server bundled in ${Date.now() - started} ms`);
}

if (!nextFresh) {
  console.log("build: building the dashboard (next build), this takes a minute on first start…");
  const started = Date.now();
  const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    console.error("build: next build failed");
    process.exit(result.status ?? 1);
  }
  console.log(`build: dashboard built in ${Math.round((Date.now() - started) / 1000)} s`);
}

mkdirSync(dirname(stampFile), { recursive: true });
writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);

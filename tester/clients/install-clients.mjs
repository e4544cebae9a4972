// Installs the real CLIs the client tests drive — Claude Code, Codex, Gemini CLI, at the versions pinned in
// client-versions.json — into tester/clients/.cache/ (git-ignored), and reuses that install while it matches.
//
// Why not devDependencies: together they are ~740 MB on disk (Claude Code and Codex ship native binaries of
// 240 MB and 400 MB; Gemini CLI pulls ~100 MB of dependencies). Every `npm install` / `npm ci` of omniroute,
// every Docker build and every contributor would pay for that; only this suite needs them.
//
//   node tester/clients/install-clients.mjs          install or reuse; prints what it did
//   node tester/clients/install-clients.mjs --force  reinstall
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const CACHE_DIR = join(here, ".cache");
const STAMP_FILE = join(CACHE_DIR, "installed.json");

/** Pinned versions, by npm package name. */
export function pinnedVersions() {
  return JSON.parse(readFileSync(join(here, "client-versions.json"), "utf8"));
}

/** The bin each package puts in node_modules/.bin. */
export const CLIENT_BINS = {
  "@anthropic-ai/claude-code": "claude",
  "@openai/codex": "codex",
  "@google/gemini-cli": "gemini",
};

function installedVersion(name) {
  try {
    return JSON.parse(readFileSync(join(CACHE_DIR, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

/** What is wrong with the cached install, or null when it is complete and at the pinned versions. */
export function installProblem() {
  const pins = pinnedVersions();
  let stamp = null;
  try {
    stamp = JSON.parse(readFileSync(STAMP_FILE, "utf8"));
  } catch {
    return "not installed yet";
  }
  for (const [name, version] of Object.entries(pins)) {
    if (stamp.versions?.[name] !== version || installedVersion(name) !== version) return `${name} is not at ${version}`;
    if (!existsSync(join(CACHE_DIR, "node_modules", ".bin", CLIENT_BINS[name]))) return `${CLIENT_BINS[name]} is missing`;
  }
  if (stamp.platform !== `${process.platform}-${process.arch}`) return `installed for ${stamp.platform}`;
  return null;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 15 * 60_000, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout ?? ""}\n${result.stderr ?? ""}`);
  }
  return result.stdout;
}

/** Installs (or reuses) the pinned CLIs; returns a line saying which. */
export function installClients({ force = false } = {}) {
  const problem = installProblem();
  if (!force && problem === null) return `clients: reusing ${describe(pinnedVersions())} in ${CACHE_DIR}`;
  const started = Date.now();
  rmSync(CACHE_DIR, { recursive: true, force: true });
  mkdirSync(CACHE_DIR, { recursive: true });
  const pins = pinnedVersions();
  // Its own package.json makes the cache folder an npm project of its own (not part of omniroute's workspace).
  writeFileSync(join(CACHE_DIR, "package.json"), JSON.stringify({ name: "omniroute-client-tests-cache", private: true, dependencies: pins }, null, 2));
  // --ignore-scripts: the CLIs run without their install scripts (Gemini CLI's optional node-pty / keytar
  // builds are for interactive use), except Claude Code's postinstall, run below on purpose.
  run("npm", ["install", "--prefix", CACHE_DIR, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], { cwd: CACHE_DIR });
  // Claude Code's postinstall copies the platform's native binary (an optional dependency) over its bin stub.
  run(process.execPath, [join(CACHE_DIR, "node_modules", "@anthropic-ai", "claude-code", "install.cjs")], { cwd: join(CACHE_DIR, "node_modules", "@anthropic-ai", "claude-code") });
  const versions = {};
  for (const [name, bin] of Object.entries(CLIENT_BINS)) {
    const output = run(join(CACHE_DIR, "node_modules", ".bin", bin), ["--version"], {
      cwd: CACHE_DIR,
      timeout: 60_000,
      env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: CACHE_DIR, DISABLE_AUTOUPDATER: "1", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" },
    });
    if (!output.includes(pins[name])) throw new Error(`${bin} --version printed ${JSON.stringify(output.trim())}, expected ${pins[name]}`);
    versions[name] = pins[name];
  }
  writeFileSync(STAMP_FILE, JSON.stringify({ versions, platform: `${process.platform}-${process.arch}`, installedAt: new Date().toISOString() }, null, 2));
  return `clients: installed ${describe(pins)} in ${Math.round((Date.now() - started) / 1000)} s (${problem ?? "forced"})`;
}

function describe(pins) {
  return Object.entries(pins).map(([name, version]) => `${name}@${version}`).join(", ");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(installClients({ force: process.argv.includes("--force") }));
}

import { lstatSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

export class PathOutsideDataDirError extends Error {
  override name = "PathOutsideDataDirError";
  /** Callers answer 400; the message names the rule, never the resolved path. */
  readonly status = 400;
}

/**
 * Resolves a path that came from a request (log name, backup name, import file) inside `dataDir`, or throws
 * PathOutsideDataDirError. Rejected: empty, NUL bytes, absolute paths (POSIX, Windows drive and UNC), any `..`
 * segment, the same after one percent-decoding (`%2e%2e%2f`, since some layer may decode once more), and a
 * path whose real location (symlinks followed, for the part that exists) is outside the data dir's real path.
 * The target need not exist: its nearest existing ancestor is what gets checked.
 */
export function confineToDataDir(dataDir: string, relativePath: string): string {
  const refuse = (rule: string): never => {
    throw new PathOutsideDataDirError(`path refused: ${rule}`);
  };
  if (typeof relativePath !== "string" || relativePath === "") refuse("empty path");
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    return refuse("malformed percent-encoding");
  }
  for (const candidate of [relativePath, decoded]) {
    if (candidate.includes("\0")) refuse("NUL byte");
    if (isAbsolute(candidate) || /^[a-zA-Z]:/.test(candidate) || candidate.startsWith("\\")) refuse("absolute path");
    if (candidate.split(/[\\/]+/).some((segment) => segment === "..")) refuse("parent-directory segment");
  }

  const root = realpathSync(dataDir);
  const target = resolve(root, relativePath);
  if (!isInside(root, target)) refuse("outside the data dir");
  const real = realpathOfExistingPart(target);
  // A dangling symlink cannot be resolved, and writing through it could create a file anywhere.
  if (real === undefined) refuse("dangling symlink");
  if (!isInside(root, real!)) refuse("symlink leads outside the data dir");
  return target;
}

function isInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path === "" ? true : !path.startsWith(`..${sep}`) && path !== ".." && !isAbsolute(path);
}

/** realpath of the path, or of its nearest existing ancestor joined with the missing rest; undefined for a dangling symlink. */
function realpathOfExistingPart(path: string): string | undefined {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return resolve(realpathSync(current), ...missing.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" && (error as NodeJS.ErrnoException).code !== "ENOTDIR") throw error;
      if (isSymlink(current)) return undefined;
      const parent = resolve(current, "..");
      if (parent === current) throw error;
      missing.push(current.slice(parent.length).replace(/^[\\/]+/, ""));
      current = parent;
    }
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

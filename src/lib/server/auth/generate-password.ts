import { randomBytes } from "node:crypto";

/** 18 random bytes → 24 base64url characters (144 bits): URL-safe, copyable from a terminal in one double-click. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

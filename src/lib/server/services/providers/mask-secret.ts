/**
 * How a provider key is shown: enough to tell keys apart (`sk-…abcd`), never enough to use or guess one. Long keys
 * show three leading and four trailing characters; shorter ones only the last two; very short ones nothing.
 */
export function maskSecret(secret: string): string {
  if (secret.length >= 20) return `${secret.slice(0, 3)}…${secret.slice(-4)}`;
  if (secret.length >= 10) return `…${secret.slice(-2)}`;
  return "…";
}

/** Values we echo into headers (account names, models) are printable ASCII, or percent-encoded. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function safeHeaderValue(value: string): string {
  return PRINTABLE_ASCII.test(value) ? value : encodeURIComponent(value);
}

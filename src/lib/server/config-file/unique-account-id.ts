/** A URL- and header-safe id from the account name, unique within the provider (`My Key` → `my-key`, `my-key-2`). */
export function uniqueAccountId(name: string, accounts: readonly { id: string }[]): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "account";
  const taken = new Set(accounts.map((account) => account.id));
  let id = base;
  for (let suffix = 2; taken.has(id); suffix++) id = `${base}-${suffix}`;
  return id;
}

import { z } from "zod";
import { jsonError, jsonOk, readJsonBody, runtimeMissing } from "@/lib/server/auth/auth-responses";
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";
import { BackupError, createBackup, MIN_PASSPHRASE_LENGTH, restoreBackup } from "./config-backup";

export const dynamic = "force-dynamic";

const passphrase = z.string().min(MIN_PASSPHRASE_LENGTH, `must be at least ${MIN_PASSPHRASE_LENGTH} characters`).max(1024);
const exportBody = z.strictObject({ passphrase });
/** A backup of a few hundred accounts is well under a megabyte; the server's body limit bounds it anyway. */
const restoreBody = z.strictObject({ passphrase, backup: z.unknown() });

/** Same on every installation with the same API key secret, and reveals nothing about it (an HMAC of a label). */
function apiKeySecretFingerprint(runtime: HostRuntime): string {
  return runtime.digestClientKey("omniroute-backup-fingerprint").toString("hex").slice(0, 32);
}

/**
 * POST /api/settings/backup `{passphrase}` → the configuration (db.json) as a download, every secret re-encrypted
 * under the passphrase (config-backup.ts). Usage history and request logs are not included. Behind the dashboard
 * session guard; the passphrase is never stored or logged.
 */
export async function POST(request: Request): Promise<Response> {
  const runtime = findRuntime() as HostRuntime | undefined;
  const dependencies = providersDependenciesFrom(runtime);
  if (runtime === undefined || dependencies === undefined) return runtimeMissing();
  const body = await readJsonBody(request, exportBody);
  if (body instanceof Response) return body;
  try {
    const backup = createBackup({
      document: dependencies.configDb.read(),
      storageKey: dependencies.storageKey,
      passphrase: body.passphrase,
      apiKeySecretFingerprint: apiKeySecretFingerprint(runtime),
      appVersion: runtime.version,
    });
    const day = backup.createdAt.slice(0, 10);
    return new Response(JSON.stringify(backup, null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="omniroute-backup-${day}.json"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof BackupError) return jsonError(400, "invalid_request", error.message);
    // A stored secret that no longer decrypts (storage key changed): say which kind of problem, not the value.
    return jsonError(500, "backup_failed", "The configuration could not be exported: a stored secret cannot be decrypted with the current storage key.");
  }
}

/**
 * PUT /api/settings/backup `{passphrase, backup}`: replaces the configuration with the backup's, secrets
 * re-encrypted under this installation's storage key. The dashboard password and the IP filter stay as they are;
 * client keys are restored only when the backup came from an installation with the same API key secret.
 */
export async function PUT(request: Request): Promise<Response> {
  const runtime = findRuntime() as HostRuntime | undefined;
  const dependencies = providersDependenciesFrom(runtime);
  if (runtime === undefined || dependencies === undefined) return runtimeMissing();
  const body = await readJsonBody(request, restoreBody);
  if (body instanceof Response) return body;
  try {
    const plan = restoreBackup({
      backup: body.backup,
      passphrase: body.passphrase,
      storageKey: dependencies.storageKey,
      apiKeySecretFingerprint: apiKeySecretFingerprint(runtime),
      current: dependencies.configDb.read(),
    });
    await dependencies.configDb.update((draft) => {
      for (const key of Object.keys(draft) as (keyof typeof draft)[]) delete draft[key];
      Object.assign(draft, structuredClone(plan.document));
    });
    return jsonOk({ ok: true, areClientKeysRestored: plan.areClientKeysRestored, counts: plan.counts });
  } catch (error) {
    if (error instanceof BackupError) return jsonError(400, "invalid_request", error.message);
    throw error;
  }
}

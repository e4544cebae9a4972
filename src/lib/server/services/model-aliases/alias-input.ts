import { z } from "zod";

/** Model and combo names end up in headers and logs: printable ASCII, as the engine accepts them. */
const modelName = z
  .string()
  .trim()
  .regex(/^[\x21-\x7e]{1,256}$/, "must be 1–256 printable characters without spaces")
  .refine((name) => name !== "__proto__", "is reserved");

export const setAliasInputSchema = z.strictObject({
  /** The name clients send (`claude-opus-4-8`). */
  alias: modelName,
  /** A qualified model (`anthropic/claude-sonnet-4-5`) or a combo name. */
  target: modelName,
});

export const deleteAliasQuerySchema = z.strictObject({ alias: modelName });

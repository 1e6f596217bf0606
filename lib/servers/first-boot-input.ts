import { z } from "zod";
import { parseSshPublicKey } from "../account/ssh-public-key";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { generateRootPassword, hashRootPassword } from "../security/crypt-password";

const maximumUserDataBytes = 64 * 1024;

/** What a customer chooses for a new system's first boot (order and reinstall). */
export const ZFirstBootFields = {
  /** Ids of the owner's saved keys (REST, panel); the billing webhook sends public key lines instead. */
  sshKeys: z.array(z.string().trim().min(1)).max(32, "at most 32 keys").optional(),
  rootPassword: z.string().min(12, "must be at least 12 characters").max(128, "must be at most 128 characters").optional(),
  userData: z
    .string()
    .refine((script) => Buffer.byteLength(script, "utf8") <= maximumUserDataBytes, `must be at most ${maximumUserDataBytes} bytes`)
    .optional(),
};

type TFirstBootInput = z.infer<z.ZodObject<typeof ZFirstBootFields>>;

/** What the worker hands the agent: never the password itself, only its crypt hash. */
export const ZFirstBootPayload = z.object({
  sshKeys: z.array(z.string()),
  rootPasswordHash: z.string().nullable(),
  userData: z.string().nullable(),
});
export type TFirstBootPayload = z.infer<typeof ZFirstBootPayload>;

/** Request fields fit for the audit trail: a password is never recorded, a script only by its size. */
export function auditableFirstBootFields(fields: Record<string, unknown>): Record<string, unknown> {
  const { rootPassword, userData, ...rest } = fields;
  return {
    ...rest,
    ...(rootPassword === undefined ? {} : { rootPassword: "(chosen)" }),
    ...(typeof userData === "string" ? { userDataBytes: Buffer.byteLength(userData, "utf8") } : {}),
  };
}

export interface ResolvedFirstBoot {
  payload: TFirstBootPayload;
  /** Set when Berth chose the password: shown to the caller once, stored nowhere. */
  generatedRootPassword: string | null;
}

async function savedKeys(database: Database, ownerId: string, ids: string[]): Promise<string[]> {
  const keys = await database.sshKey.findMany({ where: { userId: ownerId, id: { in: ids } } });
  const missing = ids.find((id) => !keys.some((key) => key.id === id));
  if (missing) throw new AppError("unknown_ssh_key", 422, `sshKeys: no saved SSH key has id "${missing}"`, { field: "sshKeys" });
  return ids.map((id) => keys.find((key) => key.id === id)?.publicKey ?? "");
}

function publicKeyLines(lines: string[]): string[] {
  return lines.map((line, index) => {
    try {
      return parseSshPublicKey(line).normalized;
    } catch (error) {
      const reason = error instanceof AppError ? error.message.replace(/^[a-zA-Z]+: /, "") : String(error);
      throw new AppError("invalid_ssh_key", 422, `sshKeys.${index}: ${reason}`, { field: `sshKeys.${index}` });
    }
  });
}

/**
 * Turns the first-boot fields into what the agent writes: saved key ids (or, for billing
 * systems, public key lines) into keys, the password into its crypt hash. With no password
 * given, `generateMissingPassword` makes one (orders); otherwise root's password stays locked
 * (a reinstall with keys only).
 */
export async function resolveFirstBoot(
  database: Database,
  options: { ownerId: string; input: TFirstBootInput; sshKeysAre: "ids" | "publicKeys"; generateMissingPassword: boolean },
): Promise<ResolvedFirstBoot> {
  const { input } = options;
  const requested = [...new Set(input.sshKeys ?? [])];
  const sshKeys = options.sshKeysAre === "ids" ? await savedKeys(database, options.ownerId, requested) : publicKeyLines(requested);
  const generatedRootPassword = input.rootPassword === undefined && options.generateMissingPassword ? generateRootPassword() : null;
  const password = input.rootPassword ?? generatedRootPassword;
  return {
    payload: { sshKeys, rootPasswordHash: password === null ? null : hashRootPassword(password), userData: input.userData ?? null },
    generatedRootPassword,
  };
}

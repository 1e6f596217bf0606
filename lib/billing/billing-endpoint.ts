import { randomBytes } from "node:crypto";
import type { Database } from "../database/client";
import type { UserRole } from "../domain/statuses";
import { AppError } from "../errors";
import { decryptSecret, encryptSecret } from "../security/secret-box";

/** Where a billing event came from: the admin's endpoint or a reseller's, and who it acts as. */
export interface BillingEndpoint {
  /** "admin" or the reseller's WebhookEndpoint id; billing service ids are unique per key. */
  key: string;
  secret: string;
  owner: { id: string; role: UserRole; /** A reseller the admin has suspended: its endpoint answers 403 reseller_suspended. */ suspended?: boolean };
}

/** The admin's endpoint: its secret is BERTH_BILLING_SECRET and it acts as the first admin. */
export async function adminBillingEndpoint(database: Database, secret: string | undefined): Promise<BillingEndpoint> {
  if (!secret) throw new AppError("unauthenticated", 401, "Billing webhooks are not configured: set BERTH_BILLING_SECRET");
  const admin = await database.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!admin) throw new AppError("unauthenticated", 401, "No admin account exists to act for the billing system");
  return { key: "admin", secret, owner: { id: admin.id, role: "admin" } };
}

/** A reseller's endpoint by id; unknown ids get the same 401 as a bad signature. */
export async function resellerBillingEndpoint(database: Database, endpointId: string, encryptionKey: string): Promise<BillingEndpoint> {
  const endpoint = await database.webhookEndpoint.findUnique({ where: { id: endpointId }, include: { owner: true } });
  if (!endpoint || endpoint.owner.role !== "reseller") throw new AppError("unauthenticated", 401, "Unknown billing endpoint or bad signature");
  return {
    key: endpoint.id,
    secret: decryptSecret(endpoint.secretEncrypted, encryptionKey),
    owner: { id: endpoint.ownerId, role: "reseller", suspended: endpoint.owner.suspendedAt !== null },
  };
}

/** The reseller's endpoint and its secret, made on first use; `rotate` replaces the secret. */
export async function resellerEndpointSecret(database: Database, resellerId: string, encryptionKey: string, rotate = false) {
  const existing = await database.webhookEndpoint.findUnique({ where: { ownerId: resellerId } });
  if (existing && !rotate) return { endpointId: existing.id, secret: decryptSecret(existing.secretEncrypted, encryptionKey) };
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const secretEncrypted = encryptSecret(secret, encryptionKey);
  const endpoint = await database.webhookEndpoint.upsert({
    where: { ownerId: resellerId },
    update: { secretEncrypted },
    create: { ownerId: resellerId, secretEncrypted },
  });
  return { endpointId: endpoint.id, secret };
}

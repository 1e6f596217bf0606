import { auditActor, type Actor } from "../access/actor";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { findResellerFor } from "../resellers/find-reseller";
import { ZResellerSelfServiceInput } from "./customer-limit-fields";

/** Switches self-service ordering and plan changes off or on for all of a reseller's customers (admins only). */
export async function setResellerSelfService({ database, actor, resellerId, input }: { database: Database; actor: Actor; resellerId: string; input: unknown }) {
  const reseller = await findResellerFor(database, actor, resellerId);
  const switches = parseInput(ZResellerSelfServiceInput, input);
  return database.$transaction(async (transaction) => {
    const changed = await transaction.resellerQuota.updateMany({ where: { resellerId: reseller.id }, data: switches });
    if (changed.count !== 1) throw new AppError("no_quota", 409, "This reseller has no quota yet; set its quota first");
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(reseller),
      action: "reseller.self_service.set",
      targetType: "user",
      targetId: reseller.id,
      result: "success",
      details: switches,
    });
    return switches;
  });
}

import type { Transaction } from "../database/client";
import { AppError } from "../errors";

/** The host with this id or name (the REST API passes ids, the CLI names); 404 if there is none. */
export async function hostByReference(transaction: Transaction, reference: string) {
  const host = await transaction.host.findFirst({ where: { OR: [{ id: reference }, { name: reference }] } });
  if (!host) throw new AppError("not_found", 404, `host ${reference} not found`);
  return host;
}

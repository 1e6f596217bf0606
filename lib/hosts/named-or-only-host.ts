import type { Transaction } from "../database/client";
import { AppError } from "../errors";

/**
 * The active host something goes on (an image job, a new address pool): the one named, or the
 * only one. With several hosts the admin must choose; the refusal names them.
 */
export async function namedOrOnlyHost(transaction: Transaction, name: string | undefined, purpose: string) {
  const hosts = await transaction.host.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  const names = hosts.map((host) => host.name).join(", ");
  if (name !== undefined) {
    const host = hosts.find((candidate) => candidate.name === name);
    if (!host) throw new AppError("unknown_host", 422, `host: no active host called "${name}"; choose one of ${names || "(none)"}`, { field: "host" });
    return host;
  }
  const [only, ...others] = hosts;
  if (!only) throw new AppError("no_host", 409, `There is no active host to put ${purpose} on`);
  if (others.length > 0) throw new AppError("host_required", 422, `host: there are several hosts; choose one of ${names}`, { field: "host" });
  return only;
}

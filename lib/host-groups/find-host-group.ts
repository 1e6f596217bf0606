import type { Database } from "../database/client";
import { AppError } from "../errors";

/** The group with this name, or 422 naming the field that named it. */
export async function hostGroupNamed(database: Pick<Database, "hostGroup">, name: string, field: string) {
  const group = await database.hostGroup.findUnique({ where: { name } });
  if (!group) throw new AppError("unknown_host_group", 422, `${field}: no host group is called "${name}"`, { field });
  return group;
}

/** 422 unless the group a plan names exists (a plan's servers could otherwise never be placed). */
export async function assertHostGroupExists(database: Pick<Database, "hostGroup">, hostGroupId: string | null): Promise<void> {
  if (hostGroupId === null) return;
  const group = await database.hostGroup.findUnique({ where: { id: hostGroupId }, select: { id: true } });
  if (!group) throw new AppError("unknown_host_group", 422, `hostGroupId: no host group has the id "${hostGroupId}"`, { field: "hostGroupId" });
}

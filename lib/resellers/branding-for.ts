import type { Database } from "../database/client";

/**
 * The branding a user sees: its reseller's for a reseller's customer, its own for a reseller,
 * null (Berth's own) for everyone else or when none is set.
 */
export async function brandingFor(database: Pick<Database, "user">, userId: string) {
  const user = await database.user.findUnique({
    where: { id: userId },
    select: { role: true, brandName: true, brandLogoDataUrl: true, reseller: { select: { brandName: true, brandLogoDataUrl: true } } },
  });
  const brand = user?.role === "reseller" ? user : user?.reseller;
  if (!brand || (!brand.brandName && !brand.brandLogoDataUrl)) return null;
  return { name: brand.brandName, logoDataUrl: brand.brandLogoDataUrl };
}

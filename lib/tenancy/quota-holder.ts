/**
 * The reseller whose quota a user's servers count against: the reseller itself for its own
 * servers, the customer's reseller otherwise; null for admins and the admin's own customers.
 */
export function quotaHolderOf(owner: { id: string; role: string; resellerId: string | null }): string | null {
  if (owner.role === "reseller") return owner.id;
  return owner.resellerId;
}

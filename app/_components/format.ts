/** Display helpers shared by the panel's pages. */

export function formatMegabytes(megabytes: number): string {
  if (megabytes >= 1024 && megabytes % 1024 === 0) return `${megabytes / 1024} GB`;
  if (megabytes >= 1024) return `${(megabytes / 1024).toFixed(1)} GB`;
  return `${megabytes} MB`;
}

export function formatVcpus(vcpus: number): string {
  const rounded = Number.isInteger(vcpus) ? String(vcpus) : vcpus.toFixed(2).replace(/0+$/, "");
  return `${rounded} vCPU`;
}

export function formatPrice(cents: number | null): string {
  // null: a reseller has not priced this plan for its customers.
  if (cents === null) return "Price on request";
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);
}

export function formatDateTime(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    year: "numeric",
    month: "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(date);
}

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

const byteUnits = ["B", "kB", "MB", "GB", "TB", "PB"];

/** Bytes in decimal units (1 GB = 10^9 bytes, as transfer allowances count them). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const shown = unit === 0 || Math.abs(value) >= 100 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, "");
  return `${shown} ${byteUnits[unit]}`;
}

/** A calendar month (UTC), e.g. "December 2026". */
export function formatMonth(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

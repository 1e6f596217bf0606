import { createHash } from "node:crypto";

/** A hash of a container name for one purpose: stable names and choices derived from the name alone. */
export function digest(purpose: string, containerName: string): Buffer {
  return createHash("sha256").update(`${purpose}:${containerName}`).digest();
}

/**
 * Host-side veth name: Linux allows 15 characters and container names have up to 63, so use
 * "vb" + 13 hex digits (52 bits) of a hash of the name: stable, and collisions are negligible.
 */
export function hostVethName(containerName: string): string {
  return `vb${digest("veth", containerName).toString("hex").slice(0, 13)}`;
}

/**
 * A MAC address that stays the same across restarts (LXC would pick a random one each start,
 * leaving stale neighbour entries on the host): locally administered, unicast, from the name.
 */
export function containerMacAddress(containerName: string): string {
  const bytes = digest("mac", containerName).subarray(0, 5);
  return ["02", ...Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0"))].join(":");
}

/** The IFB device that carries the container's upload (its host veth's ingress) through a shaper: "ib" + the veth's hash. */
export function uploadShaperName(containerName: string): string {
  return `ib${hostVethName(containerName).slice(2)}`;
}

/** The container's IPv6 link-local address, fe80::/64 with the EUI-64 of its fixed MAC address (what its kernel gives eth0). */
export function containerLinkLocalAddress(containerName: string): string {
  const bytes = containerMacAddress(containerName).split(":").map((part) => parseInt(part, 16));
  const eui = [(bytes[0] as number) ^ 0x02, bytes[1], bytes[2], 0xff, 0xfe, bytes[3], bytes[4], bytes[5]] as number[];
  const groups = [0, 2, 4, 6].map((index) => (((eui[index] as number) << 8) | (eui[index + 1] as number)).toString(16));
  return `fe80::${groups.join(":")}`;
}

import { chmod, copyFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAddress } from "../../agent/network/addresses";
import { pathExists } from "../../agent/path-exists";
import { runCommand } from "../../agent/run-command";

// Hand-made Ethernet frames for what a hostile VPS root would send, with real checksums, so a
// receiver that gets one acts on it exactly as it would on the attacker's. Each carries a marker
// (padding, an unknown option or a payload) so a capture can tell it apart.

const source = fileURLToPath(new URL("../agent/fixtures/raw-frame.c", import.meta.url));
const buildDir = "/var/tmp/berth-test-tools";
export const rawFrameBinary = path.join(buildDir, "raw-frame");

/** Builds test/agent/fixtures/raw-frame.c statically (it runs inside BusyBox containers, which have no libc). */
export async function buildRawFrameTool(): Promise<string> {
  await mkdir(buildDir, { recursive: true });
  // Rebuilt when the source is newer, so a changed fixture is never tested as its old binary.
  const built = (await pathExists(rawFrameBinary)) && (await stat(rawFrameBinary)).mtimeMs >= (await stat(source)).mtimeMs;
  if (!built) await runCommand(["gcc", "-static", "-O2", "-o", rawFrameBinary, source], { timeoutMs: 60_000 });
  return rawFrameBinary;
}

/** Copies the tool into a container's root file system at /raw-frame. */
export async function installRawFrameTool(rootfs: string): Promise<void> {
  await copyFile(rawFrameBinary, path.join(rootfs, "raw-frame"));
  await chmod(path.join(rootfs, "raw-frame"), 0o755);
}

const bytes = (...parts: Array<Buffer | number[]>) => Buffer.concat(parts.map((part) => (Buffer.isBuffer(part) ? part : Buffer.from(part))));
const mac = (text: string) => Buffer.from(text.split(":").map((part) => parseInt(part, 16)));
const uint16 = (value: number) => [(value >> 8) & 0xff, value & 0xff];

function addressBytes(text: string): Buffer {
  const { family, value } = parseAddress(text);
  const length = family === 4 ? 4 : 16;
  return Buffer.from(Array.from({ length }, (_, index) => Number((value >> BigInt(8 * (length - 1 - index))) & 0xffn)));
}

/** The Internet checksum of the data (one's complement sum of 16-bit words). */
function checksum(data: Buffer): number {
  let sum = 0;
  for (let index = 0; index < data.length; index += 2) sum += (data[index]! << 8) + (data[index + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

function ethernet(destination: string, sourceMac: string, etherType: number, payload: Buffer): Buffer {
  // Padded to the 60-byte minimum, as a NIC would.
  const frame = bytes(mac(destination), mac(sourceMac), uint16(etherType), payload);
  return frame.length >= 60 ? frame : bytes(frame, Buffer.alloc(60 - frame.length));
}

export const broadcastMac = "ff:ff:ff:ff:ff:ff";
const allNodesMac = "33:33:00:00:00:01";

/** An ARP packet (1 = request, 2 = reply); the marker rides in the frame's padding. */
export function arpFrame(options: { operation: 1 | 2; destination: string; senderMac: string; senderIp: string; targetMac: string; targetIp: string; marker: Buffer }): Buffer {
  const arp = bytes([0, 1, 8, 0, 6, 4], uint16(options.operation), mac(options.senderMac), addressBytes(options.senderIp), mac(options.targetMac), addressBytes(options.targetIp));
  return ethernet(options.destination, options.senderMac, 0x0806, bytes(arp, options.marker));
}

function ipv4(source: string, destination: string, protocol: number, payload: Buffer): Buffer {
  const header = bytes([0x45, 0], uint16(20 + payload.length), [0, 0, 0x40, 0, 64, protocol, 0, 0], addressBytes(source), addressBytes(destination));
  header.writeUInt16BE(checksum(header), 10);
  return bytes(header, payload);
}

function udp(source: string, destination: string, sourcePort: number, destinationPort: number, payload: Buffer): Buffer {
  const segment = bytes(uint16(sourcePort), uint16(destinationPort), uint16(8 + payload.length), [0, 0], payload);
  const pseudo = source.includes(":")
    ? bytes(addressBytes(source), addressBytes(destination), [0, 0], uint16(segment.length), [0, 0, 0, 17])
    : bytes(addressBytes(source), addressBytes(destination), [0, 17], uint16(segment.length));
  segment.writeUInt16BE(checksum(bytes(pseudo, segment)) || 0xffff, 6);
  return segment;
}

/** An IPv4 UDP datagram (DHCP offers: 67 → 68 to 255.255.255.255). */
export function ipv4UdpFrame(options: { destinationMac: string; sourceMac: string; source: string; destination: string; sourcePort: number; destinationPort: number; payload: Buffer }): Buffer {
  return ethernet(options.destinationMac, options.sourceMac, 0x0800, ipv4(options.source, options.destination, 17, udp(options.source, options.destination, options.sourcePort, options.destinationPort, options.payload)));
}

function ipv6(source: string, destination: string, nextHeader: number, payload: Buffer): Buffer {
  // Hop limit 255: neighbour discovery is only believed from the link itself.
  return bytes([0x60, 0, 0, 0], uint16(payload.length), [nextHeader, 255], addressBytes(source), addressBytes(destination), payload);
}

function icmpv6(source: string, destination: string, message: Buffer): Buffer {
  const pseudo = bytes(addressBytes(source), addressBytes(destination), [0, 0], uint16(message.length), [0, 0, 0, 58]);
  const copy = Buffer.from(message);
  copy.writeUInt16BE(checksum(bytes(pseudo, copy)), 2);
  return ipv6(source, destination, 58, copy);
}

/** An ND option this test makes up (type 250): receivers skip it; captures find the marker in it. */
function markerOption(marker: Buffer): Buffer {
  const length = Math.ceil((marker.length + 2) / 8) * 8;
  return bytes([250, length / 8], marker, Buffer.alloc(length - 2 - marker.length));
}

/** An unsolicited neighbour advertisement (override): "target is at sourceMac", to all nodes. */
export function neighbourAdvertisementFrame(options: { sourceMac: string; source: string; target: string; marker: Buffer }): Buffer {
  const message = bytes([136, 0, 0, 0, 0x20, 0, 0, 0], addressBytes(options.target), [2, 1], mac(options.sourceMac), markerOption(options.marker));
  return ethernet(allNodesMac, options.sourceMac, 0x86dd, icmpv6(options.source, "ff02::1", message));
}

/** A router advertisement offering a default route and a prefix for autoconfiguration. */
export function routerAdvertisementFrame(options: { sourceMac: string; source: string; prefix: string; marker: Buffer }): Buffer {
  const prefixInformation = bytes([3, 4, 64, 0xc0], [0, 0, 0x1c, 0x20], [0, 0, 0x0e, 0x10], [0, 0, 0, 0], addressBytes(options.prefix));
  const message = bytes([134, 0, 0, 0, 64, 0], uint16(1800), [0, 0, 0, 0, 0, 0, 0, 0], prefixInformation, [1, 1], mac(options.sourceMac), markerOption(options.marker));
  return ethernet(allNodesMac, options.sourceMac, 0x86dd, icmpv6(options.source, "ff02::1", message));
}

/** An ICMPv6 echo reply to all nodes (a packet from a spoofed IPv6 source, or a plain one; a reply, so nobody answers it with the marker). */
export function ipv6EchoFrame(options: { sourceMac: string; source: string; marker: Buffer }): Buffer {
  return ethernet(allNodesMac, options.sourceMac, 0x86dd, icmpv6(options.source, "ff02::1", bytes([129, 0, 0, 0, 0, 1, 0, 1], options.marker)));
}

/** A DHCPv6 server's reply (547 → 546) to all DHCP agents. */
export function dhcpv6ReplyFrame(options: { sourceMac: string; source: string; marker: Buffer }): Buffer {
  return ethernet("33:33:00:01:00:02", options.sourceMac, 0x86dd, ipv6(options.source, "ff02::1:2", 17, udp(options.source, "ff02::1:2", 547, 546, bytes([7, 0, 0, 1], options.marker))));
}

import { randomBytes } from "node:crypto";
import type { RootfsWriter } from "./rootfs-writer";

/**
 * A fresh machine id for every VPS (systemd derives DHCP client ids, journal paths and more from
 * it; copies of one image must not share one). D-Bus keeps its own copy where it has a folder.
 */
export async function writeMachineId(writer: RootfsWriter): Promise<void> {
  const id = `${randomBytes(16).toString("hex")}\n`;
  await writer.write("/etc/machine-id", id, { mode: 0o444 });
  if (await writer.exists("/var/lib/dbus")) await writer.write("/var/lib/dbus/machine-id", id, { mode: 0o444 });
}

import type { RootfsWriter } from "./rootfs-writer";

/** Days since 1970-01-01: the "last changed" field of /etc/shadow. */
export function shadowDay(now = new Date()): number {
  return Math.floor(now.getTime() / 86_400_000);
}

/**
 * /etc/shadow with root's password set to `hash`. Every account of /etc/passwd without a line
 * gets a locked one (BusyBox images ship an empty or no shadow file); other lines stay as they are.
 */
export function shadowWithRootPassword(shadow: string | null, passwd: string, hash: string, day: number): string {
  const lines = (shadow ?? "").split("\n").filter((line) => line !== "");
  const present = new Set(lines.map((line) => line.split(":")[0]));
  for (const account of passwd.split("\n").map((line) => line.split(":")[0])) {
    if (account && !present.has(account)) {
      lines.push(`${account}:!:${day}:0:99999:7:::`);
      present.add(account);
    }
  }
  if (!present.has("root")) lines.push(`root:!:${day}:0:99999:7:::`);
  return `${lines
    .map((line) => {
      const fields = line.split(":");
      if (fields[0] !== "root") return line;
      fields[1] = hash;
      fields[2] = String(day);
      return fields.join(":");
    })
    .join("\n")}\n`;
}

/**
 * Sets root's password hash in /etc/shadow. The file stays readable by its owner and group only
 * (Debian's group is shadow; BusyBox's template leaves an empty, world-readable one).
 */
export async function writeRootPassword(writer: RootfsWriter, hash: string): Promise<void> {
  const current = await writer.attributes("/etc/shadow");
  const contents = shadowWithRootPassword(await writer.read("/etc/shadow"), (await writer.read("/etc/passwd")) ?? "", hash, shadowDay());
  await writer.write("/etc/shadow", contents, { mode: 0o640, uid: 0, gid: current?.gid ?? 0 });
}

import type { RootfsWriter } from "./rootfs-writer";

/** Root's /root/.ssh/authorized_keys (sshd refuses keys in a folder or file others can write). */
export async function writeAuthorizedKeys(writer: RootfsWriter, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await writer.folder("/root/.ssh", 0o700);
  await writer.write("/root/.ssh/authorized_keys", `${keys.join("\n")}\n`, { mode: 0o600 });
}

import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCommand } from "../run-command";
import type { HostKeyFingerprint } from "../types";
import type { RootfsWriter } from "./rootfs-writer";

// Ed25519 and ECDSA only: an RSA key takes the host's ssh-keygen a second or more, and every
// current client speaks one of these two. sshd skips the RSA HostKey it cannot find.
const keyTypes = [
  { type: "ed25519", label: "ED25519", options: [] },
  { type: "ecdsa", label: "ECDSA", options: ["-b", "256"] },
] as const;

/** The fingerprint `ssh-keygen -l -E sha256` prints for a public key line: SHA-256 of its blob, unpadded base64. */
export function fingerprintOf(publicKeyLine: string, type: string): HostKeyFingerprint {
  const blob = publicKeyLine.trim().split(/\s+/)[1];
  if (!blob) throw new Error(`not an OpenSSH public key line: ${publicKeyLine}`);
  const digest = createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64").replace(/=+$/, "");
  return { type, fingerprint: `SHA256:${digest}` };
}

/** Whether the image runs an SSH server (and so needs host keys of its own). */
export function hasSshServer(writer: RootfsWriter): Promise<boolean> {
  return writer.exists("/usr/sbin/sshd");
}

/**
 * New SSH host keys for one VPS, made with the host's ssh-keygen in a private host folder (both
 * at once: this is on the way from order to a running VPS) and copied into /etc/ssh (private
 * keys 0600). Every VPS gets its own: images carry none.
 */
export async function writeHostKeys(writer: RootfsWriter, hostname: string): Promise<HostKeyFingerprint[]> {
  const scratch = await mkdtemp(path.join(tmpdir(), "berth-host-keys-"));
  try {
    const keyFile = (type: string) => path.join(scratch, `ssh_host_${type}_key`);
    await Promise.all(
      keyTypes.map(({ type, options }) => runCommand(["ssh-keygen", "-q", "-t", type, ...options, "-N", "", "-C", `root@${hostname}`, "-f", keyFile(type)])),
    );
    const fingerprints: HostKeyFingerprint[] = [];
    for (const { type, label } of keyTypes) {
      const name = path.basename(keyFile(type));
      const publicKey = await readFile(`${keyFile(type)}.pub`, "utf8");
      await writer.write(`/etc/ssh/${name}`, await readFile(keyFile(type)), { mode: 0o600 });
      await writer.write(`/etc/ssh/${name}.pub`, publicKey, { mode: 0o644 });
      fingerprints.push(fingerprintOf(publicKey, label));
    }
    return fingerprints;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

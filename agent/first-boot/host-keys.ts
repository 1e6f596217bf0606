import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCommand } from "../run-command";
import type { HostKeyFingerprint } from "../types";
import type { RootfsWriter } from "./rootfs-writer";

// Ed25519 and ECDSA only: an RSA key takes the host's ssh-keygen a second or more, and every
// current client speaks one of these two. sshd skips the RSA HostKey it cannot find.
const keyTypes = [
  { type: "ed25519", options: [] },
  { type: "ecdsa", options: ["-b", "256"] },
] as const;

/** Parses `ssh-keygen -l` output: "256 SHA256:... comment (ED25519)". */
export function parseFingerprint(line: string): HostKeyFingerprint {
  const match = /^\d+ (SHA256:\S+) .*\(([A-Z0-9-]+)\)$/.exec(line.trim());
  if (!match?.[1] || !match[2]) throw new Error(`unexpected ssh-keygen -l output: ${line}`);
  return { type: match[2], fingerprint: match[1] };
}

/** Whether the image runs an SSH server (and so needs host keys of its own). */
export function hasSshServer(writer: RootfsWriter): Promise<boolean> {
  return writer.exists("/usr/sbin/sshd");
}

/**
 * New SSH host keys for one VPS, made with the host's ssh-keygen in a private host folder and
 * copied into /etc/ssh (private keys 0600). Every VPS gets its own: images carry none.
 */
export async function writeHostKeys(writer: RootfsWriter, hostname: string): Promise<HostKeyFingerprint[]> {
  const scratch = await mkdtemp(path.join(tmpdir(), "berth-host-keys-"));
  try {
    const fingerprints: HostKeyFingerprint[] = [];
    for (const { type, options } of keyTypes) {
      const name = `ssh_host_${type}_key`;
      const keyFile = path.join(scratch, name);
      await runCommand(["ssh-keygen", "-q", "-t", type, ...options, "-N", "", "-C", `root@${hostname}`, "-f", keyFile]);
      await writer.write(`/etc/ssh/${name}`, await readFile(keyFile), { mode: 0o600 });
      await writer.write(`/etc/ssh/${name}.pub`, await readFile(`${keyFile}.pub`), { mode: 0o644 });
      const { stdout } = await runCommand(["ssh-keygen", "-l", "-E", "sha256", "-f", `${keyFile}.pub`]);
      fingerprints.push(parseFingerprint(stdout));
    }
    return fingerprints;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

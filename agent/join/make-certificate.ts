import { chmod } from "node:fs/promises";
import { isIP } from "node:net";
import { runCommand } from "../run-command";

/**
 * Makes the agent's TLS key (ECDSA P-256) and a self-signed certificate for `address` (its
 * subjectAltName: an IP or a DNS name), valid 10 years: the panel pins it, so no CA and no
 * renewal is involved. Both files end up mode 0600.
 */
export async function makeCertificate(address: string, keyFile: string, certificateFile: string): Promise<void> {
  const subjectAltName = isIP(address) === 0 ? `DNS:${address}` : `IP:${address}`;
  await runCommand([
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyFile, "-out", certificateFile, "-days", "3650",
    "-subj", "/CN=berth-agent", "-addext", `subjectAltName=${subjectAltName}`,
  ]);
  await Promise.all([chmod(keyFile, 0o600), chmod(certificateFile, 0o600)]);
}

import type { PeerCertificate } from "node:tls";
import { X509Certificate } from "node:crypto";

/** The one certificate a client accepts from a host's agent: the self-signed one the agent sent when it joined. */
export interface PinnedCertificate {
  pem: string;
  /** SHA-256 of its DER form, lowercase hex without colons. */
  sha256: string;
}

/** SHA-256 of a PEM certificate (lowercase hex); throws if the PEM is not one X.509 certificate. */
export function certificateSha256(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replaceAll(":", "").toLowerCase();
}

/**
 * TLS options that trust exactly the pinned certificate: it is the only CA (so the chain must be
 * it), and the host name check is replaced by the fingerprint check, since agents are reached
 * by address and their certificates are self-signed.
 */
export function pinnedTlsOptions(pin: PinnedCertificate) {
  return {
    ca: pin.pem,
    checkServerIdentity: (_host: string, certificate: PeerCertificate): Error | undefined => {
      const presented = certificate.fingerprint256.replaceAll(":", "").toLowerCase();
      return presented === pin.sha256.toLowerCase() ? undefined : new Error(`the agent presented certificate ${presented}, not the pinned ${pin.sha256}`);
    },
  };
}

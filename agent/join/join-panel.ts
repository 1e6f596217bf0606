import { randomBytes } from "node:crypto";
import { chmod, readFile, rename, writeFile } from "node:fs/promises";
import type { AgentConfig } from "../config";
import { readHostCapacity } from "./host-capacity";
import { joinPath, type JoinAnswer, type JoinRequest } from "./join-protocol";
import { makeCertificate } from "./make-certificate";

export interface JoinOptions {
  /** The panel's URL, e.g. https://panel.example */
  panelUrl: string;
  token: string;
  /** https://ADDRESS:PORT the panel reaches this agent at. */
  agentUrl: string;
}

/** Thrown when the panel refused the join or could not be reached; the message says which. */
export class JoinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JoinError";
  }
}

/** Replaces a file in one step (write, then rename), readable by root only. */
async function writePrivateFile(file: string, content: string): Promise<void> {
  const next = `${file}.new`;
  await writeFile(next, content, { mode: 0o600 });
  await chmod(next, 0o600);
  await rename(next, file);
}

/**
 * Joins this host to a panel with a one-time token: makes the agent's TLS key and self-signed
 * certificate and a new signing secret, sends them with the host's capacity, and keeps the host
 * name the panel answers. The host must be prepared (its pool mounted). Run once; `serve` then
 * listens over HTTPS with that certificate.
 */
export async function joinPanel(config: AgentConfig, options: JoinOptions): Promise<string> {
  const advertised = new URL(options.agentUrl);
  if (advertised.protocol !== "https:" || !advertised.port) throw new JoinError(`--advertise must be https://ADDRESS:PORT, got "${options.agentUrl}"`);
  const address = advertised.hostname.replace(/^\[(.*)\]$/, "$1");
  await makeCertificate(address, config.tlsKeyFile, config.tlsCertificateFile);
  const secret = randomBytes(32).toString("hex");
  const request: JoinRequest = {
    token: options.token,
    agentUrl: advertised.origin,
    certificatePem: await readFile(config.tlsCertificateFile, "utf8"),
    secret,
    capacity: await readHostCapacity(config),
  };
  // Saved before the panel learns it: once the panel holds the secret, the agent must have it too.
  await writePrivateFile(config.secretFile, `${secret}\n`);

  let response: Response;
  try {
    response = await fetch(new URL(joinPath, options.panelUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new JoinError(`panel at ${options.panelUrl} unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = (await response.json().catch(() => null)) as (Partial<JoinAnswer> & { error?: { message?: string } }) | null;
  if (!response.ok || typeof body?.host?.name !== "string") {
    throw new JoinError(`the panel refused the join (${response.status}): ${body?.error?.message ?? "no reason given"}`);
  }
  await writePrivateFile(config.hostNameFile, `${body.host.name}\n`);
  return body.host.name;
}

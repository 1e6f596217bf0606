// What an agent sends the panel to join it (POST /api/agent/join) and what it gets back.

/** Where the panel's join route is, relative to the panel's URL. */
export const joinPath = "/api/agent/join";

export interface JoinRequest {
  /** The one-time token of `berth hosts add`: the only credential of this request. */
  token: string;
  /** https://ADDRESS:PORT where the panel and worker reach the agent. */
  agentUrl: string;
  /** The agent's self-signed certificate; the panel trusts exactly it from then on. */
  certificatePem: string;
  /** The signing secret the agent made for itself (hex, 32 bytes). */
  secret: string;
  capacity: { vcpus: number; memoryMb: number; diskMb: number };
}

export interface JoinAnswer {
  host: { name: string };
}

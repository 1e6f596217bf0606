import type { ContainerActionVerb } from "./container-actions";
import { pinnedTlsOptions, type PinnedCertificate } from "./protocol/pinned-certificate";
import { sendRequest, type RawResponse } from "./protocol/send-request";
import { correlationHeaders, type Correlation } from "./protocol/correlation";
import { signRequest } from "./protocol/signature";
import type {
  AgentErrorBody,
  ContainerNetworkState,
  FirewallPolicy,
  HostNetworkConfig,
  HostNetworkState,
  UsageReport,
  ContainerLimits,
  ContainerSpec,
  ContainerState,
  FirstBootSettings,
  HealthReport,
  HostInventory,
  ImageBuild,
  OperationResult,
  StoredImageInfo,
  UserDataResult,
} from "./types";

export type {
  ContainerNetworkState,
  ContainerUsage,
  FirewallPolicy,
  FirewallRule,
  HostAddressPool,
  HostNetworkConfig,
  HostNetworkState,
  NetworkDrops,
  PortForward,
  UsageReport,
  ContainerLimits,
  ContainerSpec,
  ContainerState,
  FirstBootSettings,
  HealthReport,
  HostInventory,
  ImageBuild,
  InventoryAddress,
  InventoryContainer,
  InventorySubvolume,
  LiveLimits,
  OperationResult,
  StoredImageInfo,
  UserDataResult,
} from "./types";
export type { ContainerActionVerb } from "./container-actions";
export type { PinnedCertificate } from "./protocol/pinned-certificate";

// Every answer of the agent names its operation in this header (agent/server.ts).
const operationHeader = "x-berth-operation";

/** A request the agent refused or could not answer; `status` is 0 when it was unreachable. */
export class AgentRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown, cause?: unknown) {
    super(message, { cause });
    this.name = "AgentRequestError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface AgentClientOptions {
  /** Base URL of the agent: https://ADDRESS:PORT for a joined host, http://127.0.0.1:7070 for the single-host setup. */
  url: string;
  secret: string;
  /** The host's name in the panel, signed into every request so an agent refuses requests meant for another host; "" for the single-host setup. */
  hostName?: string;
  /** The certificate the agent sent when it joined; required for https:// (no other certificate is accepted). */
  pin?: PinnedCertificate | null;
  /** Per-request timeout; container actions can take a while (stop waits for shutdown). */
  timeoutMs?: number;
  /** Called with the agent's operation id of every answer, refusals included (a job records them). */
  onOperation?: (operationId: string) => void | Promise<void>;
  /** The caller's request and job ids, sent along so the agent's log lines for these calls name them. */
  correlation?: Correlation;
}

/** Client of one host agent's HTTP API; signs every request with the shared secret. */
export class AgentClient {
  private readonly baseUrl: string;
  private readonly secret: string;
  private readonly hostName: string;
  private readonly pin: PinnedCertificate | null;
  private readonly timeoutMs: number;
  private readonly onOperation: AgentClientOptions["onOperation"];
  private readonly correlation: Correlation;

  constructor(options: AgentClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, "");
    this.secret = options.secret;
    this.hostName = options.hostName ?? "";
    this.pin = options.pin ?? null;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.onOperation = options.onOperation;
    this.correlation = options.correlation ?? {};
  }

  health(): Promise<HealthReport> {
    return this.request("GET", "/v1/health");
  }

  async listContainers(): Promise<ContainerState[]> {
    const body = await this.request<{ containers: ContainerState[] }>("GET", "/v1/containers");
    return body.containers;
  }

  createContainer(spec: ContainerSpec): Promise<OperationResult> {
    return this.request("PUT", `/v1/containers/${encodeURIComponent(spec.name)}`, spec);
  }

  /** POST /v1/containers/{name}/{verb}: one action of agent/container-actions.ts, with its body if it takes one. */
  containerAction(name: string, verb: ContainerActionVerb, body?: unknown): Promise<OperationResult> {
    return this.request("POST", `/v1/containers/${encodeURIComponent(name)}/${verb}`, body);
  }

  startContainer(name: string): Promise<OperationResult> {
    return this.containerAction(name, "start");
  }

  stopContainer(name: string): Promise<OperationResult> {
    return this.containerAction(name, "stop");
  }

  /** Stops and starts again (new init); 409 suspended while suspended. */
  rebootContainer(name: string): Promise<OperationResult> {
    return this.containerAction(name, "reboot");
  }

  /** Freezes it and cuts its network (a stopped one stays stopped and can't start). */
  suspendContainer(name: string): Promise<OperationResult> {
    return this.containerAction(name, "suspend");
  }

  unsuspendContainer(name: string): Promise<OperationResult> {
    return this.containerAction(name, "unsuspend");
  }

  /** Changes the limits live and for later starts; 409 disk_in_use if the disk can't shrink that far. */
  resizeContainer(name: string, limits: ContainerLimits): Promise<OperationResult> {
    return this.containerAction(name, "limits", { limits });
  }

  /** Replaces the disk with a fresh copy of `template` (all data lost), keeping addresses and limits; first boot runs again. */
  reinstallContainer(name: string, template: string, firstBoot?: FirstBootSettings): Promise<OperationResult> {
    return this.containerAction(name, "reinstall", firstBoot === undefined ? { template } : { template, firstBoot });
  }

  /** Sets root's password (a crypt hash) in the running container; 409 suspended / in_rescue, 400 if not running. */
  setRootPassword(name: string, rootPasswordHash: string): Promise<OperationResult> {
    return this.containerAction(name, "password", { rootPasswordHash });
  }

  /** What became of the container's user data (state none, pending or done, exit code, last 64 KiB of output). */
  userDataResult(name: string): Promise<UserDataResult> {
    return this.request("GET", `/v1/containers/${encodeURIComponent(name)}/user-data`);
  }

  /** The container's state, or null if it does not exist. */
  async getContainer(name: string): Promise<ContainerState | null> {
    try {
      return await this.request<ContainerState>("GET", `/v1/containers/${encodeURIComponent(name)}`);
    } catch (error) {
      if (error instanceof AgentRequestError && error.status === 404 && error.code === "not_found") return null;
      throw error;
    }
  }

  /**
   * What opens the container's console WebSocket (GET /v1/containers/{name}/console): its ws:// URL
   * and signature headers, signed like every request (empty body), and for wss:// the pinned TLS
   * options; use them at once, they are single-use.
   */
  consoleSocketRequest(name: string): { url: string; headers: Record<string, string>; tls: ReturnType<typeof pinnedTlsOptions> | Record<string, never> } {
    const pathWithQuery = `/v1/containers/${encodeURIComponent(name)}/console`;
    return {
      url: `${this.baseUrl.replace(/^http/, "ws")}${pathWithQuery}`,
      headers: { ...signRequest(this.secret, { hostName: this.hostName, method: "GET", pathWithQuery, body: "" }) },
      tls: this.pin ? pinnedTlsOptions(this.pin) : {},
    };
  }

  destroyContainer(name: string): Promise<OperationResult> {
    return this.request("DELETE", `/v1/containers/${encodeURIComponent(name)}`);
  }

  /** The host's pools and port forwards in force, and its host-level drop counters. */
  hostNetwork(): Promise<HostNetworkState> {
    return this.request("GET", "/v1/network");
  }

  /** Replaces the host's pools (gateways, NAT, uplinks, proxied neighbours) and port forwards. */
  setHostNetwork(config: HostNetworkConfig): Promise<HostNetworkState> {
    return this.request("PUT", "/v1/network", config);
  }

  /** A container's firewall, bandwidth in force and drop counters. */
  containerNetwork(name: string): Promise<ContainerNetworkState> {
    return this.request("GET", `/v1/containers/${encodeURIComponent(name)}/network`);
  }

  /** Replaces a container's firewall in one transaction; answers the rule set in force (a newer one it holds wins over an older one sent). */
  async setFirewall(name: string, policy: FirewallPolicy): Promise<FirewallPolicy> {
    const body = await this.request<{ firewall: FirewallPolicy }>("PUT", `/v1/containers/${encodeURIComponent(name)}/firewall`, policy);
    return body.firewall;
  }

  /** Caps a container's bandwidth below its plan's (null lifts the cap), live and for later starts. */
  throttleContainer(name: string, throttleMbps: number | null): Promise<ContainerNetworkState> {
    return this.request("POST", `/v1/containers/${encodeURIComponent(name)}/throttle`, { throttleMbps });
  }

  /** Every container with its limits in force, every subvolume of the pool and every address in the firewall maps, each with its owning container (reconciliation). */
  inventory(): Promise<HostInventory> {
    return this.request("GET", "/v1/inventory");
  }

  /** Every container's counters (CPU, memory, disk, I/O, network, drops), read in one sweep; they only grow. */
  usage(): Promise<UsageReport> {
    return this.request("GET", "/v1/usage");
  }

  /** Every image version on the host, with its size and how many containers were made from it. */
  async listImages(): Promise<StoredImageInfo[]> {
    const body = await this.request<{ images: StoredImageInfo[] }>("GET", "/v1/images");
    return body.images;
  }

  /**
   * Starts building a new version of image `name` (a Debian recipe) in the background; poll
   * imageBuild(buildId). The same buildId again answers the same build unless it failed.
   */
  async startImageBuild(name: string, buildId: string): Promise<ImageBuild> {
    const body = await this.request<{ build: ImageBuild }>("POST", `/v1/images/${encodeURIComponent(name)}/build`, { buildId });
    return body.build;
  }

  /** Starts importing a root file system tarball (a path on the agent's host) as a new version of image `name`. */
  async startImageImport(name: string, request: { buildId: string; path: string }): Promise<ImageBuild> {
    const body = await this.request<{ build: ImageBuild }>("POST", `/v1/images/${encodeURIComponent(name)}/import`, request);
    return body.build;
  }

  /** A build's record (404 not_found if the agent never started it). */
  async imageBuild(buildId: string): Promise<ImageBuild> {
    const body = await this.request<{ build: ImageBuild }>("GET", `/v1/image-builds/${encodeURIComponent(buildId)}`);
    return body.build;
  }

  private async send(method: string, pathWithQuery: string, body: string, json: boolean): Promise<RawResponse> {
    const headers: Record<string, string> = {
      ...signRequest(this.secret, { hostName: this.hostName, method, pathWithQuery, body }),
      ...correlationHeaders(this.correlation),
      Accept: "application/json",
    };
    if (json) headers["Content-Type"] = "application/json";
    try {
      return await sendRequest(new URL(`${this.baseUrl}${pathWithQuery}`), { method, headers, body, timeoutMs: this.timeoutMs, pin: this.pin });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AgentRequestError(0, "agent_unreachable", `agent at ${this.baseUrl} unreachable: ${reason}`, undefined, error);
    }
  }

  private async request<T>(method: string, pathWithQuery: string, payload?: unknown): Promise<T> {
    const body = payload === undefined ? "" : JSON.stringify(payload);
    let response = await this.send(method, pathWithQuery, body, payload !== undefined);
    let parsed = parseBody(response.text);
    // A restarted agent refuses what was signed before it started (replay protection without
    // stored nonces); the request did nothing, so it is signed again once, from the second it names.
    const refusal = (parsed as Partial<AgentErrorBody> | undefined)?.error;
    if (response.status === 401 && refusal?.code === "request_predates_agent") {
      const notBefore = Number((refusal.details as { notBefore?: unknown } | undefined)?.notBefore);
      const waitMs = Number.isFinite(notBefore) ? Math.min(Math.max(notBefore * 1000 - Date.now(), 0), 2000) : 0;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      response = await this.send(method, pathWithQuery, body, payload !== undefined);
      parsed = parseBody(response.text);
    }
    const operationId = response.headers[operationHeader];
    if (typeof operationId === "string" && this.onOperation) await this.onOperation(operationId);
    if (response.status < 200 || response.status >= 300 || parsed === undefined) {
      const error = (parsed as Partial<AgentErrorBody> | undefined)?.error;
      throw new AgentRequestError(
        response.status,
        error?.code ?? "bad_response",
        error?.message ?? `agent answered ${response.status} ${response.statusText} without a JSON body`,
        error?.details,
      );
    }
    return parsed as T;
  }
}

/** The answer's JSON, or undefined when it is empty or not JSON (an error whatever the status). */
function parseBody(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

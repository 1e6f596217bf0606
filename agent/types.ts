// Types shared by the agent, its HTTP API and its client (imported by the worker).

export interface ContainerLimits {
  /** vCPUs; may be fractional (0.5 = half of one CPU's time). */
  cpus: number;
  memoryMb: number;
  swapMb: number;
  diskMb: number;
  /** Maximum number of processes (tasks) inside the container. */
  processes: number;
  /** Read bandwidth cap on the pool's block device, in MiB/s; absent = unlimited. */
  ioReadMbps?: number;
  /** Write bandwidth cap on the pool's block device, in MiB/s; absent = unlimited. */
  ioWriteMbps?: number;
  /** Network bandwidth in Mbit/s, each direction, shaped on the host side of its veth; absent = unlimited. */
  networkMbps?: number;
}

export interface ContainerNetwork {
  /** Container address in CIDR form, e.g. 10.77.0.10/24. */
  ipv4: string;
  gateway4: string;
  /** Container address in CIDR form, e.g. fd77:6265:7274::10/64. */
  ipv6: string;
  gateway6: string;
  /**
   * A whole IPv6 prefix delegated to the VPS (e.g. 2001:db8:100:5::/64, `ipv6` being one address
   * in it): the host routes it to the VPS's link-local address and lets it send from all of it.
   */
  ipv6Prefix?: string;
}

/**
 * One address pool of the host, as the agent needs it: the gateway it puts on the bridge, and
 * how traffic leaves. `uplink` null keeps the pool's servers on the bridge (no forwarding).
 */
export interface HostAddressPool {
  name: string;
  family: 4 | 6;
  /** routed: the addresses are reachable as they are (routed to the host); nat: masqueraded to the uplink's address. */
  mode: "routed" | "nat";
  /** The pool's network in CIDR form (IPv6 prefix pools: the whole prefix the VPS prefixes come from). */
  network: string;
  /** The address the host takes on the bridge as the servers' gateway (IPv6 may be link-local, fe80::1). */
  gateway: string;
  /** The host interface towards the internet; null = no forwarding for this pool. */
  uplink: string | null;
  /** Answer ARP / neighbour solicitations on the uplink for the pool's servers' addresses (an upstream that expects them on its link). */
  proxyNeighbour: boolean;
}

/** A NAT server's port, reachable on the host's uplink address (the NAT pool's uplink). */
export interface PortForward {
  protocol: "tcp" | "udp";
  publicPort: number;
  /** The server's private IPv4 address (in a NAT pool) and its port. */
  address: string;
  port: number;
}

/** The host's address pools and port forwards (PUT /v1/network); kept by the agent and applied again when it starts. */
export interface HostNetworkConfig {
  pools: HostAddressPool[];
  portForwards: PortForward[];
}

/** What GET /v1/network reports: the configuration in force and the host-level drop counters. */
export interface HostNetworkState extends HostNetworkConfig {
  drops: {
    /** Packets a server sent to the host's own services (agent, panel, Redis, SSH...). */
    hostAccess: number;
    /** Packets a server sent where its pool does not forward (no uplink, another uplink). */
    unrouted: number;
  };
}

/** One rule of a server's firewall; the first that matches decides. */
export interface FirewallRule {
  /** in: traffic to the server; out: traffic it sends. */
  direction: "in" | "out";
  /** icmp matches ICMP and ICMPv6 echo and errors; any matches every protocol. */
  protocol: "tcp" | "udp" | "icmp" | "any";
  /** A port or range (tcp and udp only): the destination port; null = every port. */
  ports: { from: number; to: number } | null;
  /** A source (in) or destination (out) network in CIDR form, IPv4 or IPv6; null = anywhere. */
  address: string | null;
  action: "accept" | "drop";
}

/**
 * A server's whole firewall. `version` only grows (the panel's revision): the agent ignores a
 * rule set older than the one it holds, so a late retry never rolls a newer one back.
 */
export interface FirewallPolicy {
  version: number;
  /** What happens to inbound traffic no rule matched (replies to the server's own connections always pass). */
  defaultInbound: "accept" | "drop";
  rules: FirewallRule[];
}

/** Frames and packets the host dropped from one server, by reason (counters since the agent first wrote its rules). */
export interface NetworkDrops {
  /** A source MAC address not its own. */
  spoofedMac: number;
  /** An IPv4 source or ARP sender not its own. */
  spoofedIpv4: number;
  /** An IPv6 source or neighbour advertisement target not its own. */
  spoofedIpv6: number;
  /** Router advertisements and redirects, DHCP and DHCPv6 server replies, and non-IP frames. */
  rogueServices: number;
  /** Inbound packets its firewall dropped. */
  firewall: number;
}

/** GET /v1/containers/{name}/network: a server's firewall, bandwidth and drop counters. */
export interface ContainerNetworkState {
  name: string;
  firewall: FirewallPolicy | null;
  /** The shaping rate in force, Mbit/s each direction (the throttle's when lower than the plan's); null = unlimited. */
  bandwidthMbps: number | null;
  /** A lower rate set by POST /v1/containers/{name}/throttle (monthly transfer used up); null = none. */
  throttleMbps: number | null;
  drops: NetworkDrops;
}

/** One server's counters in GET /v1/usage. Counters only grow: they carry over container and agent restarts. */
export interface ContainerUsage {
  name: string;
  running: boolean;
  /** CPU time used, in seconds. */
  cpuSeconds: number;
  /** Memory in use now (without reclaimable file cache), bytes; 0 when stopped. */
  memoryBytes: number;
  /** Bytes its disk references now (btrfs quota group). */
  diskBytes: number;
  /** Bytes read from and written to the pool's block device (cgroup I/O accounting). */
  ioReadBytes: number;
  ioWriteBytes: number;
  /** Bytes the server received and sent on its network interface. */
  rxBytes: number;
  txBytes: number;
  drops: NetworkDrops;
}

/** GET /v1/usage: every server's counters, read in one sweep. */
export interface UsageReport {
  sampledAt: string;
  containers: ContainerUsage[];
}

/** What the agent writes into a fresh root file system before its first start (create, reinstall). */
export interface FirstBootSettings {
  /** OpenSSH public keys for root's authorized_keys. */
  sshKeys: string[];
  /** crypt(3) hash of root's password for /etc/shadow ($6$, $5$ or $y$); null leaves the image's (locked in Debian images). */
  rootPasswordHash: string | null;
  /** Name servers for /etc/resolv.conf (IPv4 or IPv6 addresses). */
  resolvers: string[];
  /** Shell script run once as root at first boot (its output kept in the VPS); null for none. */
  userData: string | null;
}

export interface ContainerSpec {
  name: string;
  /** The image's name; the newest version of it present on the host is used. */
  template: string;
  hostname: string;
  /** First host uid/gid of the container's 65536 ids (container root = idmapBase). */
  idmapBase: number;
  limits: ContainerLimits;
  network: ContainerNetwork;
  /** Used once, on create and reinstall; never stored in the container's config. */
  firstBoot?: FirstBootSettings;
}

/** How an image's root file system boots and configures its network (read from image.json). */
export interface ImageMetadata {
  /** The image's name, e.g. "debian-12", "busybox", "ubuntu-24.04". */
  name: string;
  /** Its build or import time in UTC, compact ISO 8601 (20261130T070512Z); newer sorts later. */
  version: string;
  /** From the image's os-release. */
  os: { id: string; versionId: string | null; prettyName: string };
  init: "systemd" | "busybox" | "openrc" | "other";
  /** Where the static addresses are configured: LXC itself, or the image's own network system. */
  network: "lxc" | "ifupdown" | "networkd" | "netplan" | "networkmanager";
  source: "builtin" | "debootstrap" | "import";
  createdAt: string;
}

/** One image version on a host (GET /v1/images). */
export interface StoredImageInfo extends ImageMetadata {
  /** Bytes the image's subvolume references (btrfs qgroup); its containers share these blocks. */
  sizeBytes: number;
  /** Containers on this host made from this version (they keep it from being pruned). */
  containers: number;
}

/** An image build or import running in the background on the agent (POST /v1/images/{name}/build|import). */
export interface ImageBuild {
  /** Chosen by the caller: starting the same id again answers this record (unless it failed). */
  id: string;
  image: string;
  kind: "build" | "import";
  state: "running" | "succeeded" | "failed";
  percent: number;
  step: string;
  /** The version made, once succeeded. */
  version?: string;
  error?: { code: string; message: string };
  startedAt: string;
  finishedAt?: string;
}

/** One SSH host key of a VPS, as `ssh-keygen -l` prints it. */
export interface HostKeyFingerprint {
  type: string;
  /** SHA256:... */
  fingerprint: string;
}

/** What became of a VPS's user data (GET /v1/containers/{name}/user-data). */
export interface UserDataResult {
  /** none: it was given none; pending: not run or not finished yet (or unknown while stopped); done: it ran. */
  state: "none" | "pending" | "done";
  /** The script's exit code once done. */
  exitCode: number | null;
  /** The last 64 KiB of its output (stdout and stderr). */
  output: string;
}

/** The isolation engine's states; other values may appear while a container changes state. */
export type ContainerStatus = "RUNNING" | "STOPPED" | "FROZEN" | "STARTING" | "STOPPING" | "ABORTING" | "FREEZING" | "THAWED";

export interface ContainerState {
  name: string;
  state: ContainerStatus;
  /** Host pid of the container's init, null when not running. */
  pid: number | null;
  /** Suspended by the provider: frozen and cut from the network, or kept stopped. */
  suspended?: boolean;
  /** Booted into the rescue system (the container's own disk mounted at /mnt/disk) instead of its own. */
  rescue?: boolean;
  /** Started and not stopped since: the agent starts it again after a host reboot or its own crash. */
  wantedRunning?: boolean;
  /** Limits as configured (what the next start uses; live values match after a resize). */
  limits?: ContainerLimits;
  /** Bytes the container's disk references (btrfs qgroup), as the quota counts them. */
  diskUsedBytes?: number;
  /** The image version its root file system was made from (create or the last reinstall). */
  image?: { name: string; version: string };
  /** Fingerprints of the SSH host keys made at its first boot (absent for images without sshd). */
  hostKeys?: HostKeyFingerprint[];
}

export interface HealthReport {
  ok: true;
  cgroupVersion: 1 | 2;
  /** How new containers' root file systems get their ids: an idmapped mount, or the fallback ownership walk. */
  rootfsOwnership: "idmapped" | "shifted";
  bridge: string;
  pool: string;
}

export interface OperationResult {
  operationId: string;
  container: ContainerState | null;
}

export type AgentErrorCode =
  | "unauthenticated"
  | "stale_request"
  | "replayed_request"
  | "invalid_request"
  | "not_found"
  | "method_not_allowed"
  | "busy"
  | "unknown_template"
  | "suspended"
  | "disk_in_use"
  | "in_rescue"
  | "not_running"
  | "console_busy"
  | "invalid_image"
  | "unsupported_image"
  | "network_conflict"
  | "internal_error";

export interface AgentErrorBody {
  error: { code: AgentErrorCode | string; message: string; details?: unknown };
}

/**
 * What a container's cgroups, quota group and shaper enforce now, read back from the host (GET
 * /v1/inventory). null = unlimited; a field is absent when the host cannot read it (the cgroups
 * and shaper of a stopped container, swap without swap accounting, I/O without a pool device).
 */
export interface LiveLimits {
  cpus?: number | null;
  memoryMb?: number | null;
  swapMb?: number | null;
  /** cgroup v1 limits memory and swap together (memsw), not swap alone: that sum, in place of swapMb. */
  memoryAndSwapMb?: number | null;
  processes?: number | null;
  ioReadMbps?: number | null;
  ioWriteMbps?: number | null;
  diskMb?: number | null;
  networkMbps?: number | null;
}

/** One container in the host's inventory: its state and configured limits, and the limits in force. */
export interface InventoryContainer extends ContainerState {
  liveLimits: LiveLimits;
  /** The bandwidth the agent means to shape to (its plan's, or a lower throttle); null = unlimited. */
  wantedBandwidthMbps: number | null;
}

/** A subvolume below the pool's servers folder; `container` is the container it belongs to, null if none on this host. */
export interface InventorySubvolume {
  name: string;
  path: string;
  container: string | null;
}

/** An address in the host's firewall maps; `container` is the container whose rules it leads to, null if none on this host. */
export interface InventoryAddress {
  address: string;
  container: string | null;
}

/** GET /v1/inventory: everything the agent has on the host, for the panel to compare with what it wants. */
export interface HostInventory {
  sampledAt: string;
  containers: InventoryContainer[];
  subvolumes: InventorySubvolume[];
  addresses: InventoryAddress[];
}

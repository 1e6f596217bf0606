import { consoleSessionsPerContainer } from "../console/console-protocol";
import type { ImageMetadata } from "../types";
// LXC settings that depend on the distribution inside a template.

export interface LxcTemplateSettings {
  /** Shared LXC config files to include (distribution defaults, then the user namespace ones). */
  includes: string[];
  /** Signal that makes the container's init shut down cleanly. */
  haltSignal: string;
  /** The image configures eth0's addresses itself (first boot wrote them), so LXC must not set them too. */
  networkInImage: boolean;
  /** Environment of the container's init (`lxc.environment`). */
  environment: string[];
}

// systemd starts a login on the ttys named here (container-getty@); LXC 5.0 does not set it, so
// without it only the console (tty 0) of the browser console's sessions would get a login.
const systemdConsoleTtys = `container_ttys=${Array.from({ length: consoleSessionsPerContainer - 1 }, (_, index) => `pts/${index + 1}`).join(" ")}`;

const lxcConfigShare = "/usr/share/lxc/config";

const userNamespaceDefaults = [`${lxcConfigShare}/common.conf`, `${lxcConfigShare}/userns.conf`];

/**
 * LXC settings for an image's init: null is the BusyBox rescue system (and containers made
 * before images had metadata, all BusyBox).
 */
export function lxcSettingsForImage(image: ImageMetadata | null): LxcTemplateSettings {
  const networkInImage = image !== null && image.network !== "lxc";
  switch (image?.init ?? "busybox") {
    // Busybox's init halts on SIGUSR1 (it ignores SIGPWR, LXC's default, so lxc-stop would
    // always wait for the timeout and then kill).
    case "busybox":
      return { includes: userNamespaceDefaults, haltSignal: "SIGUSR1", networkInImage, environment: [] };
    // systemd shuts down cleanly on SIGRTMIN+3.
    case "systemd":
      return { includes: userNamespaceDefaults, haltSignal: "SIGRTMIN+3", networkInImage, environment: [systemdConsoleTtys] };
    default:
      return { includes: userNamespaceDefaults, haltSignal: "SIGPWR", networkInImage, environment: [] };
  }
}

import type { ImageMetadata } from "../types";
// LXC settings that depend on the distribution inside a template.

export interface LxcTemplateSettings {
  /** Shared LXC config files to include (distribution defaults, then the user namespace ones). */
  includes: string[];
  /** Signal that makes the container's init shut down cleanly. */
  haltSignal: string;
}

const lxcConfigShare = "/usr/share/lxc/config";

const userNamespaceDefaults = [`${lxcConfigShare}/common.conf`, `${lxcConfigShare}/userns.conf`];

/**
 * LXC settings for an image's init: null is the BusyBox rescue system (and containers made
 * before images had metadata, all BusyBox).
 */
export function lxcSettingsForImage(image: ImageMetadata | null): LxcTemplateSettings {
  switch (image?.init ?? "busybox") {
    // Busybox's init halts on SIGUSR1 (it ignores SIGPWR, LXC's default, so lxc-stop would
    // always wait for the timeout and then kill).
    case "busybox":
      return { includes: userNamespaceDefaults, haltSignal: "SIGUSR1" };
    // systemd shuts down cleanly on SIGRTMIN+3.
    case "systemd":
      return { includes: userNamespaceDefaults, haltSignal: "SIGRTMIN+3" };
    default:
      return { includes: userNamespaceDefaults, haltSignal: "SIGPWR" };
  }
}

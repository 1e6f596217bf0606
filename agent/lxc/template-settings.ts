// LXC settings that depend on the distribution inside a template.

export interface LxcTemplateSettings {
  /** Shared LXC config files to include (distribution defaults, then the user namespace ones). */
  includes: string[];
  /** Signal that makes the container's init shut down cleanly. */
  haltSignal: string;
}

const lxcConfigShare = "/usr/share/lxc/config";

const settingsByTemplate: Record<string, LxcTemplateSettings> = {
  // Busybox has no distribution config of its own; its init halts on SIGUSR1 (it ignores
  // SIGPWR, LXC's default, so lxc-stop would always wait for the timeout and then kill).
  busybox: {
    includes: [`${lxcConfigShare}/common.conf`, `${lxcConfigShare}/userns.conf`],
    haltSignal: "SIGUSR1",
  },
};

const defaults: LxcTemplateSettings = {
  includes: [`${lxcConfigShare}/common.conf`, `${lxcConfigShare}/userns.conf`],
  haltSignal: "SIGPWR",
};

export function lxcSettingsForTemplate(template: string): LxcTemplateSettings {
  return settingsByTemplate[template] ?? defaults;
}

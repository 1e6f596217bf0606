import type { RootfsWriter } from "./rootfs-writer";

/** Where the VPS keeps its user data and what became of it (read back by GET .../user-data). */
export const userDataPaths = {
  script: "/var/lib/berth/user-data",
  /** Made just before the script starts: it runs at most once, even if a reboot interrupts it. */
  started: "/var/lib/berth/user-data.started",
  /** The script's exit code; present = done. */
  exitCode: "/var/lib/berth/user-data.exit",
  output: "/var/log/berth-user-data.log",
} as const;

const unitName = "berth-user-data.service";

// `$$` is systemd's escape for a literal `$`. A script without #! is run by sh (POSIX sh runs a
// file the kernel cannot execute as a shell script). HOME is unset in services otherwise.
const unit = `[Unit]
Description=Berth user data (runs once, at first boot)
Wants=network-online.target
After=network-online.target
ConditionPathExists=!${userDataPaths.started}

[Service]
Type=oneshot
Environment=HOME=/root
TimeoutStartSec=infinity
ExecStartPre=/bin/touch ${userDataPaths.started}
ExecStart=/bin/sh -c '${userDataPaths.script} > ${userDataPaths.output} 2>&1; echo $$? > ${userDataPaths.exitCode}'

[Install]
WantedBy=multi-user.target
`;

/** Installs the script and a oneshot systemd unit, enabled, that runs it as root once the network is up. */
export async function writeUserData(writer: RootfsWriter, script: string): Promise<void> {
  await writer.folder("/var/lib/berth", 0o700);
  await writer.write(userDataPaths.script, script, { mode: 0o700 });
  await writer.write(`/etc/systemd/system/${unitName}`, unit, { mode: 0o644 });
  await writer.link(`/etc/systemd/system/multi-user.target.wants/${unitName}`, `/etc/systemd/system/${unitName}`);
}

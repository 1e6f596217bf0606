/**
 * Sets root's password in a running container's /etc/shadow, from inside it (as its root, so a
 * link in the tenant's file system leads nowhere on the host). A fixed script: the hash is only
 * ever its argument "$1", and reaches awk through the environment (awk -v would read escapes).
 * Works with BusyBox (no chpasswd there) and Debian. The file is rewritten in place, keeping its
 * owner and mode; a missing root line is added.
 */
const script = `set -eu
umask 077
shadow=/etc/shadow
scratch=/etc/.berth-shadow.$$
[ -e "$shadow" ] || : > "$shadow"
BERTH_HASH="$1" BERTH_DAY=$(( $(date +%s) / 86400 )) awk '
  BEGIN { FS = OFS = ":" }
  $1 == "root" { $2 = ENVIRON["BERTH_HASH"]; $3 = ENVIRON["BERTH_DAY"]; found = 1 }
  { print }
  END { if (!found) print "root", ENVIRON["BERTH_HASH"], ENVIRON["BERTH_DAY"], 0, 99999, 7, "", "", "" }
' "$shadow" > "$scratch"
cat "$scratch" > "$shadow"
rm -f "$scratch"
`;

/** The command (for lxc-attach) that sets root's password hash. */
export function setRootPasswordCommand(hash: string): string[] {
  return ["/bin/sh", "-c", script, "berth-set-root-password", hash];
}

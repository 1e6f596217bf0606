import { readdir } from "node:fs/promises";
import path from "node:path";
import type { AgentConfig } from "../config";
import { readOptionalFile } from "../read-optional-file";

/** One `deb` entry of an apt source file (one-line or deb822 format). */
interface AptSource {
  uri: string;
  suites: string[];
}

export interface DebianArchives {
  /** The archive holding the releases (bookworm, bookworm-updates, ...). */
  mirror: string;
  /** The archive holding the security updates (bookworm-security, ...). */
  security: string;
}

const defaultMirror = "http://deb.debian.org/debian";
const defaultSecurity = "http://deb.debian.org/debian-security";
const aptSourceFile = "/etc/apt/sources.list";
const aptSourceFolder = "/etc/apt/sources.list.d";

// Suites name the release; third-party repositories (cloud SDKs, Node.js, ...) use their own names.
const debianReleases = new Set(["stable", "testing", "unstable", "oldstable", "sid", "buster", "bullseye", "bookworm", "trixie", "forky", "duke"]);

function isDebianSuite(suite: string): boolean {
  return debianReleases.has(suite.split("-")[0] ?? "");
}

function isSecuritySuite(suite: string): boolean {
  return suite.endsWith("-security") || suite.endsWith("/updates");
}

// debootstrap fetches over these; mirror+file:, cdrom: and tor+ sources are not for it.
function isFetchable(uri: string): boolean {
  return /^(https?|file):\/\/\S+$/.test(uri);
}

/** `deb [options] URI SUITE COMPONENT...` lines (deb-src and comments skipped). */
export function parseOneLineSources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const rawLine of text.split("\n")) {
    const line = rawLine.replace(/#.*/, "").trim();
    // The options block may hold spaces ([ arch=amd64 signed-by=... ]); drop it first.
    const fields = line.replace(/\[[^\]]*\]/, " ").split(/\s+/).filter(Boolean);
    const [type, uri, suite] = fields;
    if (type === "deb" && uri && suite) sources.push({ uri, suites: [suite] });
  }
  return sources;
}

/** deb822 stanzas (Types/URIs/Suites fields, stanzas separated by blank lines; Enabled: no skipped). */
export function parseDeb822Sources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  const withoutComments = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n");
  for (const stanza of withoutComments.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let current: string | null = null;
    for (const line of stanza.split("\n")) {
      const field = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (field?.[1]) {
        current = field[1].toLowerCase();
        fields.set(current, field[2] ?? "");
      } else if (current && /^\s/.test(line)) {
        fields.set(current, `${fields.get(current) ?? ""} ${line.trim()}`);
      }
    }
    const words = (name: string) => (fields.get(name) ?? "").split(/\s+/).filter(Boolean);
    if (!words("types").includes("deb") || fields.get("enabled")?.trim().toLowerCase() === "no") continue;
    for (const uri of words("uris")) sources.push({ uri, suites: words("suites") });
  }
  return sources;
}

async function hostAptSources(): Promise<AptSource[]> {
  const sources = parseOneLineSources((await readOptionalFile(aptSourceFile)) ?? "");
  const entries = (await readdir(aptSourceFolder).catch(() => [] as string[])).sort();
  for (const entry of entries) {
    const file = path.join(aptSourceFolder, entry);
    if (entry.endsWith(".list")) sources.push(...parseOneLineSources((await readOptionalFile(file)) ?? ""));
    else if (entry.endsWith(".sources")) sources.push(...parseDeb822Sources((await readOptionalFile(file)) ?? ""));
  }
  return sources;
}

/** The first Debian archive (and security archive) among the sources, with Debian's own as fallback. */
export function chooseDebianArchives(sources: AptSource[]): DebianArchives {
  const debian = sources.filter((source) => isFetchable(source.uri) && source.suites.some(isDebianSuite));
  const trim = (uri: string) => uri.replace(/\/+$/, "");
  const release = debian.find((source) => !source.suites.some(isSecuritySuite) && !source.uri.includes("security"));
  const security = debian.find((source) => source.suites.some(isSecuritySuite));
  return { mirror: release ? trim(release.uri) : defaultMirror, security: security ? trim(security.uri) : defaultSecurity };
}

/**
 * The archives images are built from: the host's own apt sources (a host that can install
 * packages can build images, with no further setting), or BERTH_DEBIAN_MIRROR.
 */
export async function debianArchives(config: AgentConfig): Promise<DebianArchives> {
  const fromHost = chooseDebianArchives(await hostAptSources());
  return config.debianMirror ? { ...fromHost, mirror: config.debianMirror.replace(/\/+$/, "") } : fromHost;
}

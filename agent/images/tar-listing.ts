import { AgentError } from "../errors";

/** One member of a tar archive, as `tar -tv --numeric-owner --quoting-style=c` lists it. */
export interface TarEntry {
  /** The type letter of the listing: - file, d directory, l symbolic link, h hard link, c/b devices, p FIFO, ... */
  type: string;
  /** The member name, decoded, as stored ("./etc/os-release"). */
  name: string;
  /** The link target of a symbolic or hard link. */
  linkTarget: string | null;
  /** Bytes of data (0 for links and devices). */
  size: number;
}

const cEscapes: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "?": "?" };

/** Reads a C-quoted string starting at `start` (a `"`); returns its value and the index after it. */
function readQuoted(line: string, start: number): { value: string; end: number } | null {
  if (line[start] !== '"') return null;
  let value = "";
  for (let index = start + 1; index < line.length; index += 1) {
    const char = line[index] as string;
    if (char === '"') return { value, end: index + 1 };
    if (char !== "\\") {
      value += char;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(line.slice(index + 1, index + 4))?.[0];
    if (octal) {
      value += String.fromCharCode(parseInt(octal, 8));
      index += octal.length;
      continue;
    }
    const escaped = cEscapes[line[index + 1] ?? ""];
    if (escaped === undefined) return null;
    value += escaped;
    index += 1;
  }
  return null;
}

/**
 * Parses the listing. With --quoting-style=c every name and link target is one double-quoted
 * string, so names holding " -> ", spaces or newlines cannot be mistaken for link syntax.
 */
export function parseTarListing(text: string): TarEntry[] {
  const entries: TarEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const fields = /^(\S)\S*\s+\S+\s+(\S+)\s/.exec(line);
    const name = readQuoted(line, line.indexOf('"'));
    if (!fields?.[1] || !name) throw new AgentError("invalid_image", `cannot read this line of the archive's listing: ${line}`);
    const rest = line.slice(name.end);
    const link = /^ (->|link to) /.exec(rest);
    const target = link ? readQuoted(rest, link[0].length) : null;
    if (link && !target) throw new AgentError("invalid_image", `cannot read the link target in the archive's listing: ${line}`);
    const size = Number(fields[2]);
    entries.push({ type: fields[1], name: name.value, linkTarget: target?.value ?? null, size: Number.isSafeInteger(size) ? size : 0 });
  }
  return entries;
}

/** The path inside the image: "./etc/" and "etc" are both "etc". */
export function normalizeMemberName(name: string): string {
  return name
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .join("/");
}

// Regular files, folders, links and FIFOs; "C" is a contiguous file, extracted as a regular one.
const allowedTypes = new Set(["-", "d", "l", "h", "p", "C"]);

const initPaths = ["sbin/init", "usr/sbin/init", "lib/systemd/systemd", "usr/lib/systemd/systemd"];
const osReleasePaths = ["etc/os-release", "usr/lib/os-release"];

function refuse(message: string): never {
  throw new AgentError("invalid_image", message);
}

function shown(name: string): string {
  return JSON.stringify(name);
}

/** Refuses a name that would land outside the folder it is extracted into. */
function checkContained(what: string, name: string): void {
  if (name.startsWith("/")) refuse(`${what} is an absolute path; image archives must hold relative paths only`);
  if (name.split("/").includes("..")) refuse(`${what} contains a ".." segment; image archives may not point outside the image`);
}

/**
 * Checks a listing before anything is extracted: no device files (a VPS must not get raw access
 * to a host device), no member or hard link leaving the image (absolute, "..", or through a
 * symbolic link of the archive itself), and a recognisable OS (os-release) with an init to boot.
 */
export function checkImageListing(entries: TarEntry[]): void {
  if (entries.length === 0) refuse("the archive is empty");
  const symbolicLinks = new Set<string>();
  const present = new Set<string>();

  // Every parent folder of `name` that is a symbolic link stored earlier in the archive.
  const throughLink = (name: string) => {
    const segments = normalizeMemberName(name).split("/");
    for (let length = 1; length < segments.length; length += 1) {
      const parent = segments.slice(0, length).join("/");
      if (symbolicLinks.has(parent)) return parent;
    }
    return null;
  };

  for (const entry of entries) {
    const what = `entry ${shown(entry.name)}`;
    if (entry.type === "b" || entry.type === "c") {
      refuse(`${what} is a ${entry.type === "b" ? "block" : "character"} device; images may not contain device files (the container gets its own /dev)`);
    }
    if (!allowedTypes.has(entry.type)) refuse(`${what} has an unsupported type "${entry.type}"`);
    checkContained(what, entry.name);
    const viaLink = throughLink(entry.name);
    if (viaLink !== null) refuse(`${what} lies beneath ${shown(viaLink)}, a symbolic link in the same archive`);
    if (entry.type === "h") {
      const target = entry.linkTarget ?? "";
      checkContained(`the hard link target of ${what} (${shown(target)})`, target);
      const targetViaLink = throughLink(target);
      if (targetViaLink !== null) refuse(`the hard link target of ${what} lies beneath ${shown(targetViaLink)}, a symbolic link`);
    }
    const normalized = normalizeMemberName(entry.name);
    if (entry.type === "l") symbolicLinks.add(normalized);
    else symbolicLinks.delete(normalized);
    if (entry.type !== "d") present.add(normalized);
  }

  if (!osReleasePaths.some((name) => present.has(name))) {
    refuse(`no os-release (${osReleasePaths.join(" or ")}) in the archive; it does not look like an operating system's root file system`);
  }
  if (!initPaths.some((name) => present.has(name))) refuse(`no init (${initPaths.join(", ")}) in the archive; the image could not boot`);
}

/** Bytes tar reads for these entries (a 512-byte header per member, data in 512-byte blocks). */
export function archiveBytes(entries: TarEntry[]): number {
  return entries.reduce((total, entry) => total + 512 + Math.ceil(entry.size / 512) * 512, 0);
}

import { createHash } from "node:crypto";
import { AppError } from "../errors";

// The key types the panel accepts, with the curve each ECDSA type must name inside its blob.
const ecdsaCurves: Record<string, string> = {
  "ecdsa-sha2-nistp256": "nistp256",
  "ecdsa-sha2-nistp384": "nistp384",
  "ecdsa-sha2-nistp521": "nistp521",
};
export const sshKeyTypes = ["ssh-ed25519", "ssh-rsa", ...Object.keys(ecdsaCurves)];
const minimumRsaBits = 2048;

export interface SshPublicKey {
  type: string;
  /** The base64 blob as given (the wire-format key). */
  blob: string;
  comment: string;
  /** As `ssh-keygen -lf` prints it: "SHA256:" and the unpadded base64 of the blob's SHA-256. */
  fingerprint: string;
  /** "type blob comment", one line, as it would go into authorized_keys. */
  normalized: string;
}

/** Reads SSH wire-format strings (uint32 length, then bytes) one after another. */
class WireReader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  string(): Buffer {
    if (this.offset + 4 > this.buffer.length) throw new Error("truncated");
    const length = this.buffer.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + length > this.buffer.length) throw new Error("truncated");
    this.offset = start + length;
    return this.buffer.subarray(start, start + length);
  }

  get done(): boolean {
    return this.offset === this.buffer.length;
  }
}

function invalid(message: string): AppError {
  return new AppError("invalid_ssh_key", 422, `publicKey: ${message}`, { field: "publicKey" });
}

/** Bits in an SSH mpint (big-endian, possibly with a leading zero byte). */
function mpintBits(value: Buffer): number {
  let index = 0;
  while (index < value.length && value[index] === 0) index++;
  if (index === value.length) return 0;
  return (value.length - index - 1) * 8 + (32 - Math.clz32(value[index]!));
}

/** Checks the fields after the type string, per key type; throws when they are not a key of that type. */
function checkKeyBody(type: string, reader: WireReader): void {
  if (type === "ssh-ed25519") {
    if (reader.string().length !== 32) throw new Error("an ed25519 key is 32 bytes");
  } else if (type === "ssh-rsa") {
    const exponent = reader.string();
    const modulus = reader.string();
    if (mpintBits(exponent) === 0) throw new Error("the RSA exponent is empty");
    if (mpintBits(modulus) < minimumRsaBits) throw new Error(`RSA keys must have at least ${minimumRsaBits} bits`);
  } else {
    if (reader.string().toString("latin1") !== ecdsaCurves[type]) throw new Error("the curve does not match the key type");
    const point = reader.string();
    if (point.length === 0 || point[0] !== 0x04) throw new Error("the curve point is not an uncompressed point");
  }
  if (!reader.done) throw new Error("there are extra bytes after the key");
}

/**
 * Parses one OpenSSH public key line ("type base64 [comment]"). The base64 blob is decoded and its
 * own type string must equal the declared type, so a key pasted with the wrong prefix, cut short
 * or mangled is refused here rather than on a server later.
 */
export function parseSshPublicKey(text: string): SshPublicKey {
  const line = text.trim();
  if (!line) throw invalid("paste a public key (the contents of a .pub file)");
  if (line.includes("\n")) throw invalid("paste one key on one line");
  if (line.includes("PRIVATE KEY")) throw invalid("that is a private key: paste the public key (the .pub file) and keep the private key secret");
  const [type = "", blob = "", ...rest] = line.split(/\s+/);
  if (!sshKeyTypes.includes(type)) throw invalid(`the key type must be one of ${sshKeyTypes.join(", ")}`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) throw invalid("the key is not valid base64");
  const bytes = Buffer.from(blob, "base64");
  // Node skips bad characters silently; re-encoding catches a blob with the wrong length.
  if (bytes.toString("base64").replace(/=+$/, "") !== blob.replace(/=+$/, "")) throw invalid("the key is not valid base64");

  try {
    const reader = new WireReader(bytes);
    const embedded = reader.string().toString("latin1");
    if (embedded !== type) throw new Error(`the key says it is ${embedded || "nothing"}, not ${type}`);
    checkKeyBody(type, reader);
  } catch (error) {
    throw invalid(`not a valid ${type} key: ${error instanceof Error ? error.message : String(error)}`);
  }

  const comment = rest.join(" ").slice(0, 200);
  const fingerprint = `SHA256:${createHash("sha256").update(bytes).digest("base64").replace(/=+$/, "")}`;
  return { type, blob, comment, fingerprint, normalized: comment ? `${type} ${blob} ${comment}` : `${type} ${blob}` };
}

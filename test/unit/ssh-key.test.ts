import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { AppError } from "../../lib/errors";
import { parseSshPublicKey } from "../../lib/account/ssh-public-key";

const hasSshKeygen = spawnSync("ssh-keygen", ["-?"], { stdio: "ignore" }).error === undefined;

/** A fresh key pair from ssh-keygen: its .pub line and the fingerprint ssh-keygen -lf prints. */
function generateKey(type: "ed25519" | "rsa" | "ecdsa", bits?: number): { publicKey: string; fingerprint: string } {
  const directory = mkdtempSync(path.join(os.tmpdir(), "berth-ssh-"));
  try {
    const file = path.join(directory, "key");
    execFileSync("ssh-keygen", ["-q", "-t", type, ...(bits ? ["-b", String(bits)] : []), "-N", "", "-C", "test@berth", "-f", file]);
    const listing = execFileSync("ssh-keygen", ["-lf", `${file}.pub`], { encoding: "utf8" });
    return { publicKey: readFileSync(`${file}.pub`, "utf8"), fingerprint: listing.split(/\s+/)[1]! };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

// A fixed ed25519 key and the fingerprint `ssh-keygen -lf` printed for it, for machines without ssh-keygen.
const knownKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDS047qVK6K4gEx4sSbum1DfrxiyRNcNUErsVvdiAvEU known@berth";
const knownFingerprint = "SHA256:YJyzpydYxBEEQK9i56iLzudS+nWvJYe8D0Xk41O3jlA";

test("a known ed25519 key parses to ssh-keygen's fingerprint", () => {
  const key = parseSshPublicKey(`  ${knownKey}\n`);
  assert.equal(key.type, "ssh-ed25519");
  assert.equal(key.comment, "known@berth");
  assert.equal(key.fingerprint, knownFingerprint);
  assert.equal(key.normalized, knownKey);
});

test("fingerprints of freshly generated keys equal ssh-keygen -lf", { skip: hasSshKeygen ? false : "ssh-keygen is not installed" }, () => {
  for (const [type, bits] of [["ed25519"], ["rsa", 3072], ["ecdsa", 256], ["ecdsa", 384], ["ecdsa", 521]] as const) {
    const { publicKey, fingerprint } = generateKey(type, bits);
    const key = parseSshPublicKey(publicKey);
    assert.equal(key.fingerprint, fingerprint, `${type} ${bits ?? ""}`);
    assert.equal(key.comment, "test@berth");
  }
});

function assertRefused(text: string, pattern: RegExp) {
  assert.throws(
    () => parseSshPublicKey(text),
    (error: unknown) => error instanceof AppError && error.code === "invalid_ssh_key" && error.status === 422 && pattern.test(error.message),
    text.slice(0, 60),
  );
}

test("invalid keys are refused with a reason", () => {
  const [, blob] = knownKey.split(" ");
  assertRefused("", /paste a public key/);
  assertRefused("ssh-dss AAAAB3NzaC1kc3MAAACBAP", /key type must be one of/);
  assertRefused(`ssh-ed25519 ${blob}!!`, /not valid base64/);
  assertRefused(`ssh-ed25519 ${blob!.slice(0, -6)}`, /not valid|truncated/);
  // A valid ed25519 blob declared as RSA: the embedded type string gives it away.
  assertRefused(`ssh-rsa ${blob}`, /says it is ssh-ed25519, not ssh-rsa/);
  assertRefused("-----BEGIN OPENSSH PRIVATE KEY-----", /private key/);
  assertRefused(`ssh-ed25519 ${Buffer.concat([Buffer.from(blob!, "base64"), Buffer.from([0, 0, 0, 0])]).toString("base64")}`, /extra bytes/);
  assertRefused(`${knownKey}\n${knownKey}`, /one key on one line/);
});

test("short RSA keys are refused", { skip: hasSshKeygen ? false : "ssh-keygen is not installed" }, () => {
  assertRefused(generateKey("rsa", 1024).publicKey, /at least 2048 bits/);
});

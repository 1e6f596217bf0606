import assert from "node:assert/strict";
import { test } from "node:test";
import { decryptSecret, encryptSecret } from "../../lib/security/secret-box";

test("a sealed secret opens with its key and hides the plaintext", () => {
  const sealed = encryptSecret("agent-secret-value", "key-one");
  assert.ok(!sealed.includes("agent-secret-value"));
  assert.equal(decryptSecret(sealed, "key-one"), "agent-secret-value");
  assert.notEqual(encryptSecret("agent-secret-value", "key-one"), sealed, "each sealing uses a fresh IV");
});

test("a sealed secret does not open with another key or when tampered with", () => {
  const sealed = encryptSecret("agent-secret-value", "key-one");
  assert.throws(() => decryptSecret(sealed, "key-two"));
  const parts = sealed.split(":");
  parts[3] = Buffer.from("tampered").toString("base64");
  assert.throws(() => decryptSecret(parts.join(":"), "key-one"));
});

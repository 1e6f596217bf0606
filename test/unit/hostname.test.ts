import assert from "node:assert/strict";
import { test } from "node:test";
import { ZHostname } from "../../lib/domain/hostname";

const cases: Array<[string, string | null]> = [
  ["web1", "web1"],
  ["My-Server", "my-server"],
  ["a", "a"],
  ["x".repeat(63), "x".repeat(63)],
  ["x".repeat(64), null],
  ["-bad", null],
  ["bad-", null],
  ["under_score", null],
  ["dot.ted", null],
  ["", null],
  ["spa ce", null],
];

for (const [input, expected] of cases) {
  test(`hostname ${JSON.stringify(input)} is ${expected === null ? "rejected" : "accepted"}`, () => {
    const result = ZHostname.safeParse(input);
    if (expected === null) {
      assert.equal(result.success, false);
      assert.match(result.error!.issues[0]!.message, /RFC 1123/);
    } else {
      assert.equal(result.success, true);
      assert.equal(result.data, expected);
    }
  });
}

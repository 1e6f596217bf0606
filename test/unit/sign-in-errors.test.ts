import assert from "node:assert/strict";
import { test } from "node:test";
import { SignInError, describeSignInError } from "../../lib/auth/sign-in-errors";

test("refusal codes survive the trip through next-auth as messages and read back as words", () => {
  const now = Date.parse("2030-01-01T12:00:00Z");
  assert.deepEqual(describeSignInError(new SignInError("totp_required").message), { message: null, codeStep: true });
  assert.equal(describeSignInError("totp_invalid").codeStep, true);
  const locked = describeSignInError(new SignInError("locked", now + 15 * 60_000).message, now);
  assert.equal(locked.codeStep, false);
  assert.match(locked.message ?? "", /locked until .*\(15 minutes\)/);
  assert.match(describeSignInError(new SignInError("rate_limited", 90).message).message ?? "", /in 2 minutes/);
  assert.match(describeSignInError("suspended").message ?? "", /suspended/);
  assert.equal(describeSignInError("CredentialsSignin").message, "Invalid email or password.");
  assert.equal(describeSignInError("invalid_credentials").message, "Invalid email or password.");
  assert.equal(describeSignInError("SessionRequired").message, "Sign-in failed. Try again.");
});

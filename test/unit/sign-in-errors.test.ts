import assert from "node:assert/strict";
import { test } from "node:test";
import { SignInError, describeSignInError } from "../../lib/auth/sign-in-errors";

test("refusal codes survive the trip through next-auth as messages and read back as words", () => {
  assert.deepEqual(describeSignInError(new SignInError("totp_required").message), { message: null, codeStep: true });
  assert.equal(describeSignInError("totp_invalid").codeStep, true);
  assert.match(describeSignInError("totp_invalid").message ?? "", /each code works once/);
  assert.match(describeSignInError(new SignInError("rate_limited", 90).message).message ?? "", /in 2 minutes/);
  assert.match(describeSignInError(new SignInError("rate_limited", 8).message).message ?? "", /in 8 seconds/);
  assert.match(describeSignInError(new SignInError("rate_limited", 1).message).message ?? "", /in 1 second\./);
  assert.equal(describeSignInError(new SignInError("rate_limited", 900).message).codeStep, false);
  assert.match(describeSignInError("suspended").message ?? "", /suspended/);
  assert.equal(describeSignInError("CredentialsSignin").message, "Invalid email or password.");
  assert.equal(describeSignInError("invalid_credentials").message, "Invalid email or password.");
  assert.equal(describeSignInError("SessionRequired").message, "Sign-in failed. Try again.");
});

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { authorizeCredentials } from "../../lib/auth/authorize-credentials";
import { SignInError } from "../../lib/auth/sign-in-errors";
import { AppError } from "../../lib/errors";
import { hashPassword } from "../../lib/security/password";
import { testIpThrottle } from "../support/sign-in-throttle";
import { setSignInRanges } from "../../lib/users/set-sign-in-ranges";
import { databaseForFile } from "../support/database";

const password = "correct horse battery";
const database = databaseForFile();

async function createUser(role: "admin" | "reseller" | "customer" = "customer", resellerId: string | null = null) {
  const suffix = randomBytes(4).toString("hex");
  return database.user.create({ data: { email: `user-${suffix}@ranges.test`, name: `User ${suffix}`, role, resellerId, passwordHash: await hashPassword(password) } });
}

/** A sign-in with its own IP brake, so attempts of different tests do not add up. */
async function signIn(email: string, ipAddress: string | null, attempt = password) {
  return authorizeCredentials({ database, encryptionKey: "unused", email, password: attempt, ipAddress, ipThrottle: await testIpThrottle() });
}

async function refusal(attempt: Promise<unknown>): Promise<SignInError> {
  let caught: unknown;
  await assert.rejects(attempt, (error: unknown) => {
    caught = error;
    return error instanceof SignInError;
  });
  return caught as SignInError;
}

const actorOf = (user: { id: string; role: string }, ipAddress: string | null = null): Actor => ({ userId: user.id, role: user.role as Actor["role"], via: "session", ipAddress });

describe("sign-in address ranges", () => {
  test("an account without ranges signs in from anywhere", async () => {
    const user = await createUser();
    assert.equal((await signIn(user.email, "203.0.113.5")).id, user.id);
    assert.equal((await signIn(user.email, null)).id, user.id);
  });

  test("an admin limits an account; from elsewhere even the right password is refused like a wrong one", async () => {
    const admin = await createUser("admin");
    const user = await createUser();
    const updated = await setSignInRanges({ database, actor: actorOf(admin), userId: user.id, input: { ranges: ["192.0.2.0/24", "2001:db8::/32"] } });
    assert.deepEqual(updated.signInRanges, ["192.0.2.0/24", "2001:db8::/32"]);

    assert.equal((await signIn(user.email, "192.0.2.10")).id, user.id);
    assert.equal((await signIn(user.email, "2001:db8:1::1")).id, user.id);

    const wrongPassword = await refusal(signIn(user.email, "192.0.2.10", "wrong password"));
    const outside = await refusal(signIn(user.email, "198.51.100.7"));
    const unknownAddress = await refusal(signIn(user.email, null));
    for (const error of [outside, unknownAddress]) {
      assert.equal(error.code, wrongPassword.code, "the same refusal as a wrong password");
      assert.equal(error.message, wrongPassword.message);
      assert.doesNotMatch(error.message, /address|range/i, "the rule is never revealed");
    }
    const events = await database.auditEvent.findMany({ where: { targetId: user.id, action: "auth.sign_in", result: "failure" } });
    assert.equal(events.filter((event) => /address_not_allowed/.test(event.details ?? "")).length, 2, "the audit trail says why");
    const change = await database.auditEvent.findFirstOrThrow({ where: { action: "user.sign_in_ranges", targetId: user.id } });
    assert.equal(change.actorId, admin.id);

    // An empty list lifts the limit.
    await setSignInRanges({ database, actor: actorOf(admin), userId: user.id, input: { ranges: [] } });
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: user.id } })).signInRanges, null);
    assert.equal((await signIn(user.email, "198.51.100.7")).id, user.id);
  });

  test("a user limits its own account, but only to ranges that include the address it uses", async () => {
    const user = await createUser();
    await assert.rejects(
      setSignInRanges({ database, actor: actorOf(user, "198.51.100.7"), userId: user.id, input: { ranges: ["192.0.2.0/24"] } }),
      (error: unknown) => error instanceof AppError && error.status === 400 && /^ranges: your current address/.test(error.message),
    );
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: user.id } })).signInRanges, null);
    await setSignInRanges({ database, actor: actorOf(user, "192.0.2.9"), userId: user.id, input: { ranges: ["192.0.2.0/24"] } });
    assert.equal((await signIn(user.email, "192.0.2.200")).id, user.id);
    await refusal(signIn(user.email, "198.51.100.7"));
  });

  test("others may not set an account's ranges (404), except admins and the operator's CLI", async () => {
    const reseller = await createUser("reseller");
    const customer = await createUser("customer", reseller.id);
    const stranger = await createUser();
    for (const actor of [actorOf(stranger), actorOf(reseller)]) {
      await assert.rejects(setSignInRanges({ database, actor, userId: customer.id, input: { ranges: ["192.0.2.0/24"] } }), (error: unknown) => error instanceof AppError && error.status === 404);
    }
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: customer.id } })).signInRanges, null);
    await setSignInRanges({ database, userId: customer.id, input: { ranges: ["192.0.2.0/24"] } });
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: customer.id } })).signInRanges, JSON.stringify(["192.0.2.0/24"]));
  });

  test("malformed ranges are refused naming the field", async () => {
    const admin = await createUser("admin");
    const user = await createUser();
    await assert.rejects(
      setSignInRanges({ database, actor: actorOf(admin), userId: user.id, input: { ranges: ["192.0.2.0/24", "10.0.0.0/99"] } }),
      (error: unknown) => error instanceof AppError && error.status === 400 && /^ranges\.1/.test(error.message),
    );
  });
});

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { confirmTotpEnrolment } from "../../lib/account/confirm-totp-enrolment";
import { disableTotp } from "../../lib/account/disable-totp";
import { regenerateRecoveryCodes } from "../../lib/account/regenerate-recovery-codes";
import { startTotpEnrolment } from "../../lib/account/start-totp-enrolment";
import { authorizeCredentials, type AuthorizeCredentialsOptions } from "../../lib/auth/authorize-credentials";
import { SignInError, type SignInErrorCode } from "../../lib/auth/sign-in-errors";
import type { Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import { hashPassword } from "../../lib/security/password";
import { IpSignInThrottle, lockoutMs } from "../../lib/security/sign-in-throttle";
import { generateTotp } from "../../lib/security/totp";
import { createTestDatabase } from "../support/database";

const encryptionKey = "sign-in-test-key";
const password = "correct horse battery";
let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;

before(() => {
  testDatabase = createTestDatabase();
  database = testDatabase.database;
});
after(() => testDatabase.remove());

async function createUser(overrides: { suspendedAt?: Date } = {}) {
  const suffix = randomBytes(4).toString("hex");
  return database.user.create({
    data: { email: `user-${suffix}@example.test`, name: `User ${suffix}`, role: "customer", passwordHash: await hashPassword(password), ...overrides },
  });
}

/** Signs in with a private IP brake per call site unless one is given, so tests do not share one. */
function signIn(email: string, options: Partial<AuthorizeCredentialsOptions> = {}) {
  return authorizeCredentials({ database, encryptionKey, email, password, ipAddress: "203.0.113.7", ipThrottle: new IpSignInThrottle(), ...options });
}

async function refusedWith(attempt: Promise<unknown>, code: SignInErrorCode): Promise<SignInError> {
  let caught: unknown;
  await assert.rejects(attempt, (error: unknown) => {
    caught = error;
    return error instanceof SignInError && error.code === code;
  });
  return caught as SignInError;
}

async function signInEvents(userId: string) {
  return database.auditEvent.findMany({ where: { targetId: userId, action: "auth.sign_in" }, orderBy: { createdAt: "asc" } });
}

/** Turns 2FA on for a user through the account functions; returns its secret and recovery codes. */
async function enrol(userId: string) {
  const actor: Actor = { userId, role: "customer", via: "session" };
  const { secret } = await startTotpEnrolment({ database, encryptionKey, actor });
  const { recoveryCodes } = await confirmTotpEnrolment({ database, encryptionKey, actor, code: generateTotp(secret) });
  return { actor, secret, recoveryCodes };
}

describe("password sign-in", () => {
  test("the right password signs in, is audited and clears earlier failures", async () => {
    const user = await createUser();
    await refusedWith(signIn(user.email, { password: "wrong password" }), "invalid_credentials");
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignIns, 1);

    const signedIn = await signIn(` ${user.email.toUpperCase()} `);
    assert.deepEqual(signedIn, { id: user.id, email: user.email, name: user.name, role: "customer" });
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignIns, 0);
    const events = await signInEvents(user.id);
    assert.deepEqual(events.map((event) => [event.result, event.actorType, event.ipAddress]), [["failure", "user", "203.0.113.7"], ["success", "user", "203.0.113.7"]]);
    assert.match(events[0]!.details ?? "", /wrong_password/);
  });

  test("an unknown email is refused like a wrong password", async () => {
    await refusedWith(signIn("nobody@example.test"), "invalid_credentials");
    const event = await database.auditEvent.findFirst({ where: { action: "auth.sign_in", details: { contains: "nobody@example.test" } } });
    assert.equal(event?.result, "failure");
    assert.match(event?.details ?? "", /unknown_email/);
  });

  test("five wrong passwords lock the account for 15 minutes, even against the right password", async () => {
    const user = await createUser();
    const now = new Date("2030-01-01T12:00:00Z");
    const ipThrottle = new IpSignInThrottle();
    for (let attempt = 1; attempt <= 4; attempt++) {
      await refusedWith(signIn(user.email, { password: `wrong ${attempt}`, now, ipThrottle }), "invalid_credentials");
      assert.equal((await database.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignIns, attempt);
    }
    const lockout = await refusedWith(signIn(user.email, { password: "wrong 5", now, ipThrottle }), "locked");
    assert.equal(lockout.value, now.getTime() + lockoutMs);
    assert.equal(lockout.message, `locked:${now.getTime() + lockoutMs}`);
    const locked = await database.user.findUniqueOrThrow({ where: { id: user.id } });
    assert.equal(locked.lockedUntil?.getTime(), now.getTime() + lockoutMs);

    // Still locked a minute before the end, with the right password.
    await refusedWith(signIn(user.email, { now: new Date(now.getTime() + lockoutMs - 60_000), ipThrottle }), "locked");
    // Afterwards the right password works and clears the lock.
    assert.equal((await signIn(user.email, { now: new Date(now.getTime() + lockoutMs + 1000), ipThrottle })).id, user.id);
    const cleared = await database.user.findUniqueOrThrow({ where: { id: user.id } });
    assert.equal(cleared.failedSignIns, 0);
    assert.equal(cleared.lockedUntil, null);

    const details = (await signInEvents(user.id)).map((event) => `${event.result}:${event.details}`);
    assert.ok(details.some((detail) => detail.startsWith("failure") && detail.includes('"lockedOut":true')), "the lockout is audited");
    assert.ok(details.some((detail) => detail.startsWith("failure") && detail.includes('"reason":"locked"')), "attempts while locked are audited");
  });

  test("a suspended user is refused even with the right password", async () => {
    const user = await createUser({ suspendedAt: new Date() });
    await refusedWith(signIn(user.email), "suspended");
    // A wrong password is still only a wrong password: suspension is not revealed to guessers.
    await refusedWith(signIn(user.email, { password: "wrong password" }), "invalid_credentials");
    assert.match((await signInEvents(user.id))[0]?.details ?? "", /suspended/);
  });

  test("one IP is refused after 20 failures in 10 minutes; other IPs are not", async () => {
    const user = await createUser();
    const ipThrottle = new IpSignInThrottle(20, 10 * 60_000);
    const start = Date.parse("2030-02-01T00:00:00Z");
    for (let attempt = 0; attempt < 20; attempt++) {
      await refusedWith(signIn(`missing-${attempt}@example.test`, { ipThrottle, now: new Date(start + attempt * 1000) }), "invalid_credentials");
    }
    const limited = await refusedWith(signIn(user.email, { ipThrottle, now: new Date(start + 30_000) }), "rate_limited");
    assert.ok(limited.value! > 0 && limited.value! <= 600);
    assert.equal((await signIn(user.email, { ipThrottle, ipAddress: "198.51.100.1", now: new Date(start + 30_000) })).id, user.id);
    // When the window has passed the first IP may try again.
    assert.equal((await signIn(user.email, { ipThrottle, now: new Date(start + 10 * 60_000 + 1) })).id, user.id);
  });
});

describe("two-factor sign-in", () => {
  test("a TOTP user needs a code: missing asks for it, wrong is refused and counted, right signs in", async () => {
    const user = await createUser();
    const { secret } = await enrol(user.id);

    await refusedWith(signIn(user.email), "totp_required");
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignIns, 0, "asking for the code is not a failure");
    // The code is not even considered before the password is right.
    await refusedWith(signIn(user.email, { password: "wrong password", totp: generateTotp(secret) }), "invalid_credentials");

    const wrongCode = generateTotp(secret) === "000000" ? "111111" : "000000";
    await refusedWith(signIn(user.email, { totp: wrongCode }), "totp_invalid");
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignIns, 2);

    assert.equal((await signIn(user.email, { totp: generateTotp(secret) })).id, user.id);
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignIns, 0);
    const last = (await signInEvents(user.id)).at(-1);
    assert.equal(last?.result, "success");
    assert.match(last?.details ?? "", /"secondFactor":"totp"/);
  });

  test("wrong codes count towards the lockout", async () => {
    const user = await createUser();
    const { secret } = await enrol(user.id);
    const ipThrottle = new IpSignInThrottle();
    for (let attempt = 0; attempt < 4; attempt++) await refusedWith(signIn(user.email, { totp: "abcde-fghij", ipThrottle }), "totp_invalid");
    await refusedWith(signIn(user.email, { totp: "abcde-fghij", ipThrottle }), "locked");
    await refusedWith(signIn(user.email, { totp: generateTotp(secret), ipThrottle }), "locked");
  });

  test("a recovery code signs in once, in any case and with or without its dash", async () => {
    const user = await createUser();
    const { recoveryCodes } = await enrol(user.id);
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    assert.ok(recoveryCodes.every((code) => /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(code)));
    const stored = await database.recoveryCode.findMany({ where: { userId: user.id } });
    assert.equal(stored.length, 10);
    assert.ok(stored.every((row) => !recoveryCodes.some((code) => row.codeHash.includes(code.replace("-", "")))), "only hashes are stored");

    const [first, second] = recoveryCodes;
    assert.equal((await signIn(user.email, { totp: first })).id, user.id);
    await refusedWith(signIn(user.email, { totp: first }), "totp_invalid");
    assert.equal((await signIn(user.email, { totp: second!.replace("-", "").toUpperCase() })).id, user.id);
    assert.equal(await database.recoveryCode.count({ where: { userId: user.id, usedAt: null } }), 8);
    assert.match((await signInEvents(user.id)).at(-1)?.details ?? "", /"secondFactor":"recovery"/);
  });

  test("the secret is stored encrypted, and 2FA is only asked for once confirmed", async () => {
    const user = await createUser();
    const actor: Actor = { userId: user.id, role: "customer", via: "session" };
    const { secret, otpauthUri, qrCodeDataUrl } = await startTotpEnrolment({ database, encryptionKey, actor });
    assert.match(otpauthUri, /^otpauth:\/\/totp\/Berth:/);
    assert.match(qrCodeDataUrl, /^data:image\/png;base64,/);
    const row = await database.user.findUniqueOrThrow({ where: { id: user.id } });
    assert.ok(row.totpSecretEncrypted && !row.totpSecretEncrypted.includes(secret));
    assert.equal(row.totpEnabledAt, null);
    // Not confirmed yet: the password alone still signs in.
    assert.equal((await signIn(user.email)).id, user.id);

    await assert.rejects(confirmTotpEnrolment({ database, encryptionKey, actor, code: "000000" === generateTotp(secret) ? "111111" : "000000" }), (error: unknown) => error instanceof AppError && error.code === "totp_invalid");
    await confirmTotpEnrolment({ database, encryptionKey, actor, code: generateTotp(secret) });
    await refusedWith(signIn(user.email), "totp_required");
    await assert.rejects(startTotpEnrolment({ database, encryptionKey, actor }), (error: unknown) => error instanceof AppError && error.status === 409);
  });

  test("regenerating replaces the recovery codes; disabling needs a code and removes 2FA", async () => {
    const user = await createUser();
    const { actor, secret, recoveryCodes } = await enrol(user.id);
    await assert.rejects(regenerateRecoveryCodes({ database, encryptionKey, actor, code: recoveryCodes[0]! }), (error: unknown) => error instanceof AppError && error.code === "totp_invalid");
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes({ database, encryptionKey, actor, code: generateTotp(secret) });
    await refusedWith(signIn(user.email, { totp: recoveryCodes[1] }), "totp_invalid");

    await assert.rejects(disableTotp({ database, encryptionKey, actor, code: "zzzzz-zzzzz" }), (error: unknown) => error instanceof AppError && error.code === "totp_invalid");
    await disableTotp({ database, encryptionKey, actor, code: fresh[0]! });
    const row = await database.user.findUniqueOrThrow({ where: { id: user.id } });
    assert.equal(row.totpEnabledAt, null);
    assert.equal(row.totpSecretEncrypted, null);
    assert.equal(await database.recoveryCode.count({ where: { userId: user.id } }), 0);
    assert.equal((await signIn(user.email)).id, user.id);
    const actions = (await database.auditEvent.findMany({ where: { actorId: user.id, action: { startsWith: "account." } } })).map((event) => event.action);
    assert.deepEqual(new Set(actions), new Set(["account.totp_enrolment_start", "account.totp_enable", "account.recovery_codes_regenerate", "account.totp_disable"]));
  });
});

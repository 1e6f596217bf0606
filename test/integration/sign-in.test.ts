import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { confirmTotpEnrolment } from "../../lib/account/confirm-totp-enrolment";
import { disableTotp } from "../../lib/account/disable-totp";
import { regenerateRecoveryCodes } from "../../lib/account/regenerate-recovery-codes";
import { startTotpEnrolment } from "../../lib/account/start-totp-enrolment";
import { authorizeCredentials, type AuthorizeCredentialsOptions } from "../../lib/auth/authorize-credentials";
import { SignInError, type SignInErrorCode } from "../../lib/auth/sign-in-errors";
import { AppError } from "../../lib/errors";
import { hashPassword } from "../../lib/security/password";
import { maxSignInDelayMs } from "../../lib/security/sign-in-throttle";
import { testIpThrottle } from "../support/sign-in-throttle";
import { generateTotp } from "../../lib/security/totp";
import { databaseForFile } from "../support/database";

const encryptionKey = "sign-in-test-key";
const password = "correct horse battery";
const database = databaseForFile();

async function createUser(overrides: { suspendedAt?: Date } = {}) {
  const suffix = randomBytes(4).toString("hex");
  return database.user.create({
    data: { email: `user-${suffix}@example.test`, name: `User ${suffix}`, role: "customer", passwordHash: await hashPassword(password), ...overrides },
  });
}

/** Signs in with a private IP brake per call site unless one is given, so tests do not share one. */
async function signIn(email: string, options: Partial<AuthorizeCredentialsOptions> = {}) {
  return authorizeCredentials({ database, encryptionKey, email, password, ipAddress: "203.0.113.7", ipThrottle: options.ipThrottle ?? (await testIpThrottle()), ...options });
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

/**
 * Turns 2FA on for a user through the account functions (confirmed with the code of `now`, a
 * minute ago by default, so a code of the current time has not been used); returns its secret
 * and recovery codes.
 */
async function enrol(userId: string, now = new Date(Date.now() - 60_000)) {
  const actor: Actor = { userId, role: "customer", via: "session" };
  const { secret } = await startTotpEnrolment({ database, encryptionKey, actor });
  const { recoveryCodes } = await confirmTotpEnrolment({ database, encryptionKey, actor, code: generateTotp(secret, now.getTime()), now });
  return { actor, secret, recoveryCodes };
}

/** The failures counted against an account from one address (0 when none). */
async function failuresFrom(userId: string, address = "203.0.113.7") {
  const row = await database.signInFailure.findUnique({ where: { userId_address: { userId, address } } });
  return row?.failures ?? 0;
}

describe("password sign-in", () => {
  test("the right password signs in, is audited and clears earlier failures", async () => {
    const user = await createUser();
    await refusedWith(signIn(user.email, { password: "wrong password" }), "invalid_credentials");
    assert.equal(await failuresFrom(user.id), 1);

    const signedIn = await signIn(` ${user.email.toUpperCase()} `);
    assert.deepEqual(signedIn, { id: user.id, email: user.email, name: user.name, role: "customer", sessionVersion: 0 });
    assert.equal(await failuresFrom(user.id), 0);
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

  test("after 3 failures an address waits 2, 4, 8 ... seconds (at most 15 minutes), even with the right password", async () => {
    const user = await createUser();
    const now = Date.parse("2030-01-01T12:00:00Z");
    const ipThrottle = await testIpThrottle(1000);
    const at = (offsetMs: number) => new Date(now + offsetMs);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await refusedWith(signIn(user.email, { password: `wrong ${attempt}`, now: at(0), ipThrottle }), "invalid_credentials");
    }
    assert.equal(await failuresFrom(user.id), 3);
    // The fourth attempt must wait 2 s: refused without looking at the password, and not counted.
    const waiting = await refusedWith(signIn(user.email, { now: at(1000), ipThrottle }), "rate_limited");
    assert.equal(waiting.message, "rate_limited:1");
    assert.equal(await failuresFrom(user.id), 3);

    // Each further failure doubles the wait: 4 s after the 4th, 8 s after the 5th, ...
    let clock = 2000;
    const waits: number[] = [];
    for (let failure = 4; failure <= 14; failure++) {
      await refusedWith(signIn(user.email, { password: "wrong again", now: at(clock), ipThrottle }), "invalid_credentials");
      const refused = await refusedWith(signIn(user.email, { now: at(clock), ipThrottle }), "rate_limited");
      waits.push(refused.value!);
      clock += refused.value! * 1000;
    }
    assert.deepEqual(waits, [4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    assert.equal(maxSignInDelayMs, 900_000);

    // Once the wait is over, the right password signs in and the address's count is forgotten.
    assert.equal((await signIn(user.email, { now: at(clock), ipThrottle })).id, user.id);
    assert.equal(await failuresFrom(user.id), 0);

    const details = (await signInEvents(user.id)).map((event) => `${event.result}:${event.details}`);
    assert.ok(details.some((detail) => detail.startsWith("failure") && detail.includes('"nextAttemptAfterSeconds":900')), "the delay is audited");
    assert.equal(details.filter((detail) => detail.startsWith("failure")).length, 14, "refusals by the delay itself are not audited");
  });

  test("an attacker's address is delayed while the owner signs in at once from another address", async () => {
    const user = await createUser();
    const now = new Date("2030-01-02T12:00:00Z");
    const ipThrottle = await testIpThrottle(1000);
    const attacker = { ipAddress: "198.51.100.66", now, ipThrottle };
    for (let attempt = 1; attempt <= 3; attempt++) await refusedWith(signIn(user.email, { ...attacker, password: `guess ${attempt}` }), "invalid_credentials");
    for (let attempt = 0; attempt < 5; attempt++) await refusedWith(signIn(user.email, { ...attacker, password: "guess" }), "rate_limited");
    // Even the right password is refused from the attacker's address while it must wait.
    await refusedWith(signIn(user.email, attacker), "rate_limited");
    assert.equal(await failuresFrom(user.id, "198.51.100.66"), 3);

    // The owner, from an address with no failures, is not delayed at all, at the same moment.
    assert.equal((await signIn(user.email, { ipAddress: "203.0.113.20", now, ipThrottle })).id, user.id);
    // And that sign-in does not clear the attacker's address.
    await refusedWith(signIn(user.email, attacker), "rate_limited");
  });

  test("guesses sent in parallel get only the free attempts", async () => {
    const user = await createUser();
    const now = new Date("2030-01-03T12:00:00Z");
    const ipThrottle = await testIpThrottle(1000);
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, index) => signIn(user.email, { password: `parallel ${index}`, now, ipThrottle })));
    const codes = outcomes.map((outcome) => (outcome.status === "rejected" && outcome.reason instanceof SignInError ? outcome.reason.code : "other"));
    assert.equal(codes.filter((code) => code === "invalid_credentials").length, 3, codes.join(","));
    assert.equal(codes.filter((code) => code === "rate_limited").length, 9, codes.join(","));
    assert.equal(await failuresFrom(user.id), 3);
  });

  test("the state is in the database: a second panel process (another IP brake) sees the same delay; IPv6 counts by /64", async () => {
    const user = await createUser();
    const now = new Date("2030-01-04T12:00:00Z");
    for (let attempt = 1; attempt <= 3; attempt++) {
      await refusedWith(signIn(user.email, { password: "wrong", now, ipAddress: `2001:db8:1:2::${attempt}`, ipThrottle: await testIpThrottle() }), "invalid_credentials");
    }
    await refusedWith(signIn(user.email, { now, ipAddress: "2001:db8:1:2:ffff::9", ipThrottle: await testIpThrottle() }), "rate_limited");
    assert.equal(await failuresFrom(user.id, "2001:db8:1:2::/64"), 3);
    assert.equal((await signIn(user.email, { now, ipAddress: "2001:db8:1:3::1", ipThrottle: await testIpThrottle() })).id, user.id);
  });

  test("failures are forgotten a day after the last one", async () => {
    const user = await createUser();
    const now = Date.parse("2030-01-05T12:00:00Z");
    const ipThrottle = await testIpThrottle(1000);
    for (let failure = 0; failure < 6; failure++) await refusedWith(signIn(user.email, { password: "wrong", now: new Date(now + failure * 60_000), ipThrottle }), "invalid_credentials");
    const nextDay = new Date(now + 5 * 60_000 + 24 * 60 * 60_000);
    await refusedWith(signIn(user.email, { password: "wrong", now: nextDay, ipThrottle }), "invalid_credentials");
    assert.equal(await failuresFrom(user.id), 1);
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
    const ipThrottle = await testIpThrottle(20, 10 * 60_000);
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
    assert.equal(await failuresFrom(user.id), 0, "asking for the code is not a failure");
    // The code is not even considered before the password is right.
    await refusedWith(signIn(user.email, { password: "wrong password", totp: generateTotp(secret) }), "invalid_credentials");

    const wrongCode = generateTotp(secret) === "000000" ? "111111" : "000000";
    await refusedWith(signIn(user.email, { totp: wrongCode }), "totp_invalid");
    assert.equal(await failuresFrom(user.id), 2);

    assert.equal((await signIn(user.email, { totp: generateTotp(secret) })).id, user.id);
    assert.equal(await failuresFrom(user.id), 0);
    const last = (await signInEvents(user.id)).at(-1);
    assert.equal(last?.result, "success");
    assert.match(last?.details ?? "", /"secondFactor":"totp"/);
  });

  test("wrong codes count towards the delay; asking for the code again does not clear it", async () => {
    const user = await createUser();
    const { secret } = await enrol(user.id);
    const now = Date.now();
    const ipThrottle = await testIpThrottle();
    for (let attempt = 0; attempt < 3; attempt++) await refusedWith(signIn(user.email, { totp: "abcde-fghij", ipThrottle, now: new Date(now) }), "totp_invalid");
    await refusedWith(signIn(user.email, { totp: generateTotp(secret, now), ipThrottle, now: new Date(now + 1000) }), "rate_limited");
    // The right password alone (the code step) neither counts nor forgets the failures.
    await refusedWith(signIn(user.email, { ipThrottle, now: new Date(now + 2000) }), "totp_required");
    assert.equal(await failuresFrom(user.id), 3);
    assert.equal((await signIn(user.email, { totp: generateTotp(secret, now + 2000), ipThrottle, now: new Date(now + 2000) })).id, user.id);
  });

  test("a TOTP code works once: at sign-in, and the enrolment's code cannot sign in", async () => {
    const user = await createUser();
    const enrolledAt = Date.now();
    const { secret } = await enrol(user.id, new Date(enrolledAt));
    const code = generateTotp(secret, enrolledAt);
    await refusedWith(signIn(user.email, { totp: code, now: new Date(enrolledAt + 1000) }), "totp_invalid");

    const later = enrolledAt + 30_000;
    const next = generateTotp(secret, later);
    assert.equal((await signIn(user.email, { totp: next, now: new Date(later) })).id, user.id);
    // The same code again, still inside its window: refused, and counted as a wrong code.
    await refusedWith(signIn(user.email, { totp: next, now: new Date(later + 5000) }), "totp_invalid");
    // An older code still inside the ±1 step window is refused too: only newer steps count.
    await refusedWith(signIn(user.email, { totp: code, now: new Date(later + 5000) }), "totp_invalid");
    assert.equal(await failuresFrom(user.id), 2);
    const { totpLastStep } = await database.user.findUniqueOrThrow({ where: { id: user.id } });
    assert.equal(totpLastStep, Math.floor(later / 30_000));
  });

  test("codes used for regenerating or disabling cannot be used again", async () => {
    const user = await createUser();
    const enrolledAt = Date.now();
    const { actor, secret } = await enrol(user.id, new Date(enrolledAt));
    const isInvalid = (error: unknown) => error instanceof AppError && error.code === "totp_invalid";
    // The enrolment's own code cannot regenerate the recovery codes.
    await assert.rejects(regenerateRecoveryCodes({ database, encryptionKey, actor, code: generateTotp(secret, enrolledAt), now: new Date(enrolledAt + 1000) }), isInvalid);

    const step2 = enrolledAt + 30_000;
    await regenerateRecoveryCodes({ database, encryptionKey, actor, code: generateTotp(secret, step2), now: new Date(step2) });
    await assert.rejects(regenerateRecoveryCodes({ database, encryptionKey, actor, code: generateTotp(secret, step2), now: new Date(step2 + 1000) }), isInvalid);
    await assert.rejects(disableTotp({ database, encryptionKey, actor, code: generateTotp(secret, step2), now: new Date(step2 + 1000) }), isInvalid);
    await refusedWith(signIn(user.email, { totp: generateTotp(secret, step2), now: new Date(step2 + 1000) }), "totp_invalid");

    const step3 = enrolledAt + 60_000;
    await disableTotp({ database, encryptionKey, actor, code: generateTotp(secret, step3), now: new Date(step3) });
    assert.equal((await database.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt, null);
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

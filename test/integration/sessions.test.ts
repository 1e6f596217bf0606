import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { decode, encode } from "next-auth/jwt";
import type { Actor } from "../../lib/access/actor";
import { changePassword } from "../../lib/account/change-password";
import { confirmTotpEnrolment } from "../../lib/account/confirm-totp-enrolment";
import { disableTotp } from "../../lib/account/disable-totp";
import { regenerateRecoveryCodes } from "../../lib/account/regenerate-recovery-codes";
import { startTotpEnrolment } from "../../lib/account/start-totp-enrolment";
import { authorizeCredentials } from "../../lib/auth/authorize-credentials";
import { renewSessionToken } from "../../lib/auth/renew-session-token";
import { resolveSessionUser } from "../../lib/auth/resolve-session-user";
import { deleteCustomer } from "../../lib/customers/delete-customer";
import { suspendCustomer } from "../../lib/customers/suspend-customer";
import { unsuspendCustomer } from "../../lib/customers/unsuspend-customer";
import { updateCustomer } from "../../lib/customers/update-customer";
import type { Database } from "../../lib/database/client";
import { hashPassword } from "../../lib/security/password";
import { testIpThrottle } from "../support/sign-in-throttle";
import { generateTotp } from "../../lib/security/totp";
import { createTestDatabase } from "../support/database";

/*
 * Sessions end when what they were signed in with changes: each JWT carries the user's
 * sessionVersion from sign-in, and resolveSessionUser (what currentUser uses) refuses any other.
 */

const encryptionKey = "sessions-test-key";
const sessionSecret = "sessions-test-secret";
const password = "correct horse battery";
let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let admin: Actor;

before(async () => {
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  const row = await database.user.create({ data: { email: "admin@example.test", name: "Admin", role: "admin", passwordHash: await hashPassword(password) } });
  admin = { userId: row.id, role: "admin", via: "session" };
});
after(() => testDatabase.remove());

async function createCustomer() {
  const suffix = randomBytes(4).toString("hex");
  const user = await database.user.create({ data: { email: `user-${suffix}@example.test`, name: `User ${suffix}`, role: "customer", passwordHash: await hashPassword(password) } });
  return { user, actor: { userId: user.id, role: "customer", via: "session" } as Actor };
}

/** A session as next-auth makes it at sign-in: the claims the jwt callback copies from authorize's answer. */
async function signInSession(email: string, totp?: string) {
  const signedIn = await authorizeCredentials({ database, encryptionKey, email, password, totp, ipAddress: "203.0.113.9", ipThrottle: await testIpThrottle() });
  return { userId: signedIn.id, sessionVersion: signedIn.sessionVersion };
}

const resolve = (session: { userId: unknown; sessionVersion: unknown }) => resolveSessionUser({ database, ...session });

test("a password change ends every session signed in before it, and only those", async () => {
  const { user, actor } = await createCustomer();
  const laptop = await signInSession(user.email);
  const phone = await signInSession(user.email);
  assert.equal((await resolve(laptop))?.id, user.id);

  const { sessionVersion } = await changePassword({ database, actor, input: { currentPassword: password, newPassword: "a new password 1", confirmPassword: "a new password 1" } });
  assert.equal(sessionVersion, laptop.sessionVersion + 1);
  assert.equal(await resolve(laptop), null);
  assert.equal(await resolve(phone), null);
  // The session that made the change carries on with the new version (renewSessionCookie).
  assert.deepEqual(await resolve({ userId: user.id, sessionVersion }), { id: user.id, role: "customer", name: user.name, email: user.email });

  // A wrong current password changes nothing.
  await assert.rejects(changePassword({ database, actor, input: { currentPassword: "not it", newPassword: "another password 2" } }));
  assert.ok(await resolve({ userId: user.id, sessionVersion }));
});

test("tokens without a session version, or naming no user, are signed out", async () => {
  const { user } = await createCustomer();
  assert.equal(await resolve({ userId: user.id, sessionVersion: undefined }), null);
  assert.equal(await resolve({ userId: user.id, sessionVersion: "0" }), null);
  assert.equal(await resolve({ userId: undefined, sessionVersion: 0 }), null);
  assert.equal(await resolve({ userId: "no-such-user", sessionVersion: 0 }), null);
  assert.ok(await resolve({ userId: user.id, sessionVersion: 0 }));
});

test("turning 2FA on, replacing the recovery codes and turning it off each end the other sessions", async () => {
  const { user, actor } = await createCustomer();
  const before = await signInSession(user.email);
  const start = Date.now() - 60_000;
  const { secret } = await startTotpEnrolment({ database, encryptionKey, actor });
  const enabled = await confirmTotpEnrolment({ database, encryptionKey, actor, code: generateTotp(secret, start), now: new Date(start) });
  assert.equal(await resolve(before), null);
  assert.ok(await resolve({ userId: user.id, sessionVersion: enabled.sessionVersion }));

  const regenerated = await regenerateRecoveryCodes({ database, encryptionKey, actor, code: generateTotp(secret, start + 30_000), now: new Date(start + 30_000) });
  assert.equal(regenerated.sessionVersion, enabled.sessionVersion + 1);
  assert.equal(await resolve({ userId: user.id, sessionVersion: enabled.sessionVersion }), null);

  const signedInWithCode = await signInSession(user.email, generateTotp(secret));
  assert.equal(signedInWithCode.sessionVersion, regenerated.sessionVersion);
  const disabled = await disableTotp({ database, encryptionKey, actor, code: regenerated.recoveryCodes[0]! });
  assert.equal(disabled.sessionVersion, regenerated.sessionVersion + 1);
  assert.equal(await resolve(signedInWithCode), null);
  assert.ok(await resolve({ userId: user.id, sessionVersion: disabled.sessionVersion }));
});

test("suspension, a provider-set password and deletion end the customer's sessions", async () => {
  const { user } = await createCustomer();
  const first = await signInSession(user.email);
  await suspendCustomer({ database, actor: admin, customerId: user.id });
  assert.equal(await resolve(first), null);
  await unsuspendCustomer({ database, actor: admin, customerId: user.id });
  // Lifting the suspension does not bring the old session back.
  assert.equal(await resolve(first), null);

  const second = await signInSession(user.email);
  assert.ok(await resolve(second));
  await updateCustomer({ database, actor: admin, customerId: user.id, input: { name: "Renamed" } });
  assert.ok(await resolve(second), "a name change keeps the session");
  await updateCustomer({ database, actor: admin, customerId: user.id, input: { password: "set by the provider" } });
  assert.equal(await resolve(second), null);

  const { user: other } = await createCustomer();
  const third = await signInSession(other.email);
  await deleteCustomer({ database, actor: admin, customerId: other.id });
  assert.equal(await resolve(third), null);
});

test("a suspended user's session ends whatever path suspended it, even with its current version", async () => {
  const { user } = await createCustomer();
  const session = await signInSession(user.email);
  await database.user.update({ where: { id: user.id }, data: { suspendedAt: new Date() } });
  assert.equal(await resolve(session), null);
});

test("renewing a session token changes only its version, keeping its claims and expiry", async () => {
  const token = await encode({ token: { id: "user-1", role: "customer", name: "Ada", email: "ada@example.test", sessionVersion: 3 }, secret: sessionSecret, maxAge: 3600 });
  const original = await decode({ token, secret: sessionSecret });
  const renewed = await renewSessionToken({ token, secret: sessionSecret, sessionVersion: 4 });
  assert.ok(renewed);
  const payload = await decode({ token: renewed.token, secret: sessionSecret });
  assert.equal(payload?.sessionVersion, 4);
  assert.deepEqual([payload?.id, payload?.role, payload?.name, payload?.email], ["user-1", "customer", "Ada", "ada@example.test"]);
  assert.ok(Math.abs((payload?.exp as number) - (original?.exp as number)) <= 1, "the session is not extended");
  assert.equal(renewed.expires.getTime(), (original?.exp as number) * 1000);

  assert.equal(await renewSessionToken({ token, secret: "another secret", sessionVersion: 4 }), null);
  assert.equal(await renewSessionToken({ token: "not a token", secret: sessionSecret, sessionVersion: 4 }), null);
});

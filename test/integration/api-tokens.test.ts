import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { findServerFor, serverScope } from "../../lib/access/server-scope";
import { findJobFor } from "../../lib/api/queries";
import type { Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import { hashPassword } from "../../lib/security/password";
import { apiTokenLimit, createApiToken, listApiTokens, revokeApiToken } from "../../lib/tokens/api-tokens";
import { authorizeApiTokenRequest } from "../../lib/tokens/authorize-api-token-request";
import { createTestDatabase } from "../support/database";
import { basePlan } from "../support/tenancy";

let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let planId: string;
let templateId: string;

before(async () => {
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  planId = (await database.plan.create({ data: { ...basePlan, slug: "t-small", name: "Small", vcpus: 1, memoryMb: 256, diskMb: 1024 } })).id;
  templateId = (await database.template.create({ data: { slug: "busybox", name: "BusyBox", agentTemplate: "busybox" } })).id;
});
after(() => testDatabase.remove());

async function createActor(role: "admin" | "reseller" | "customer", resellerId: string | null = null): Promise<Actor> {
  const suffix = randomBytes(4).toString("hex");
  const user = await database.user.create({
    data: { email: `${role}-${suffix}@tokens.test`, name: `${role} ${suffix}`, role, resellerId, passwordHash: await hashPassword("irrelevant-password") },
  });
  return { userId: user.id, role, via: "session" };
}

/** The servers an actor's listing shows (the API and panel list through serverScope). */
async function visibleServerIds(actor: Actor) {
  return (await database.server.findMany({ where: serverScope(actor), select: { id: true } })).map((server) => server.id);
}

async function createServer(ownerId: string) {
  const suffix = randomBytes(4).toString("hex");
  return database.server.create({ data: { hostname: `s-${suffix}`, ownerId, planId, templateId, containerName: `berth-${suffix}`, status: "running" } });
}

function isAppError(status: number, code: string) {
  return (error: unknown) => error instanceof AppError && error.status === status && error.code === code;
}

const request = (token: string, method = "GET", ipAddress: string | null = "198.51.100.20", now?: Date) =>
  authorizeApiTokenRequest({ database, token, method, ipAddress, now });

describe("token scope", () => {
  test("a token is full by default: it may read and write", async () => {
    const owner = await createActor("customer");
    const { token } = await createApiToken({ database, actor: owner, input: { name: "default" } });
    for (const method of ["GET", "POST", "DELETE"]) {
      const actor = await request(token, method);
      assert.deepEqual({ userId: actor.userId, via: actor.via, serverIds: actor.serverIds }, { userId: owner.userId, via: "token", serverIds: null });
    }
  });

  test("a read-only token may GET, and anything else is 403 token_read_only", async () => {
    const owner = await createActor("customer");
    const { token } = await createApiToken({ database, actor: owner, input: { name: "reader", scope: "read" } });
    assert.equal((await request(token, "GET")).userId, owner.userId);
    assert.equal((await request(token, "HEAD")).userId, owner.userId);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      await assert.rejects(request(token, method), isAppError(403, "token_read_only"), method);
    }
  });

  test("an unknown scope is refused naming the field", async () => {
    const owner = await createActor("customer");
    await assert.rejects(createApiToken({ database, actor: owner, input: { name: "x", scope: "admin" } }), (error: unknown) => error instanceof AppError && error.status === 400 && /^scope/.test(error.message));
  });
});

describe("token expiry", () => {
  test("a token works until it expires, then is 401 like a revoked one", async () => {
    const owner = await createActor("customer");
    const now = new Date("2027-01-01T00:00:00Z");
    const { token, apiToken } = await createApiToken({ database, actor: owner, input: { name: "week", expiresInDays: 7 }, now });
    assert.equal(apiToken.expiresAt?.toISOString(), "2027-01-08T00:00:00.000Z");
    assert.equal((await request(token, "GET", null, new Date("2027-01-07T23:59:59Z"))).userId, owner.userId);
    await assert.rejects(request(token, "GET", null, new Date("2027-01-08T00:00:00Z")), isAppError(401, "unauthenticated"));

    const { token: dated } = await createApiToken({ database, actor: owner, input: { name: "dated", expiresAt: "2027-03-01T12:00:00Z" }, now });
    assert.equal((await request(dated, "GET", null, new Date("2027-03-01T11:59:59Z"))).userId, owner.userId);
    await assert.rejects(request(dated, "GET", null, new Date("2027-03-01T12:00:01Z")), isAppError(401, "unauthenticated"));
  });

  test("an expiry in the past, or two of them, is refused", async () => {
    const owner = await createActor("customer");
    await assert.rejects(createApiToken({ database, actor: owner, input: { name: "old", expiresAt: "2020-01-01T00:00:00Z" } }), isAppError(400, "invalid_request"));
    await assert.rejects(createApiToken({ database, actor: owner, input: { name: "both", expiresAt: "2099-01-01T00:00:00Z", expiresInDays: 3 } }), isAppError(400, "invalid_request"));
    assert.equal((await listApiTokens(database, owner.userId)).length, 0);
  });
});

describe("token source ranges", () => {
  test("a token with source ranges works from them and is 403 token_source_refused elsewhere", async () => {
    const owner = await createActor("customer");
    const { token } = await createApiToken({ database, actor: owner, input: { name: "ci", sourceRanges: ["192.0.2.0/24", " 2001:DB8::/32 "] } });
    assert.equal((await request(token, "GET", "192.0.2.44")).userId, owner.userId);
    assert.equal((await request(token, "POST", "2001:db8:5::1")).userId, owner.userId);
    assert.equal((await request(token, "GET", "::ffff:192.0.2.44")).userId, owner.userId);
    await assert.rejects(request(token, "GET", "198.51.100.1"), isAppError(403, "token_source_refused"));
    await assert.rejects(request(token, "GET", "2001:db9::1"), isAppError(403, "token_source_refused"));
    await assert.rejects(request(token, "GET", null), isAppError(403, "token_source_refused"), "an unknown address is outside every range");
    const [listed] = await listApiTokens(database, owner.userId);
    assert.deepEqual(listed?.sourceRanges, ["192.0.2.0/24", "2001:db8::/32"]);
  });

  test("a malformed range is refused naming the field", async () => {
    const owner = await createActor("customer");
    for (const range of ["192.0.2.0/33", "not-an-address", "192.0.2.300/24", "2001:db8::/129"]) {
      await assert.rejects(
        createApiToken({ database, actor: owner, input: { name: "bad", sourceRanges: [range] } }),
        (error: unknown) => error instanceof AppError && error.status === 400 && /^sourceRanges/.test(error.message),
        range,
      );
    }
  });
});

describe("tokens limited to servers", () => {
  test("such a token sees and acts on only its servers; the owner's others are 404 as if absent", async () => {
    const owner = await createActor("customer");
    const [first, second] = [await createServer(owner.userId), await createServer(owner.userId)];
    const job = await database.job.create({ data: { type: "serverAction", serverId: second.id, payload: "{}" } });
    const { token } = await createApiToken({ database, actor: owner, input: { name: "one", serverIds: [first.id, first.id] } });
    const actor = await request(token);
    assert.deepEqual(actor.serverIds, [first.id]);
    assert.deepEqual(await visibleServerIds(actor), [first.id]);
    assert.equal((await findServerFor(database, actor, first.id)).id, first.id);
    await assert.rejects(findServerFor(database, actor, second.id), isAppError(404, "not_found"));
    await assert.rejects(findJobFor(database, actor, job.id), isAppError(404, "not_found"));

    // The owner's unlimited token still sees both.
    const { token: all } = await createApiToken({ database, actor: owner, input: { name: "all" } });
    assert.equal((await visibleServerIds(await request(all))).length, 2);
  });

  test("the servers must be ones the owner may see, else 404 naming the field", async () => {
    const owner = await createActor("customer");
    const other = await createActor("customer");
    const theirs = await createServer(other.userId);
    await assert.rejects(
      createApiToken({ database, actor: owner, input: { name: "steal", serverIds: [theirs.id] } }),
      (error: unknown) => error instanceof AppError && error.status === 404 && /^serverIds/.test(error.message),
    );
    assert.equal((await listApiTokens(database, owner.userId)).length, 0);
  });

  test("a reseller may limit a token to a customer's server, and the token still sees nothing beyond its role", async () => {
    const reseller = await createActor("reseller");
    const customer = await createActor("customer", reseller.userId);
    const customersServer = await createServer(customer.userId);
    const { token } = await createApiToken({ database, actor: reseller, input: { name: "one customer", serverIds: [customersServer.id] } });
    assert.deepEqual(await visibleServerIds(await request(token)), [customersServer.id]);
    // Should the customer leave the reseller, the token's list no longer reaches the server.
    await database.user.update({ where: { id: customer.userId }, data: { resellerId: null } });
    assert.deepEqual(await visibleServerIds(await request(token)), []);
  });
});

describe("the limit on active tokens", () => {
  test(`a user may have ${apiTokenLimit} active tokens; one more is 409 token_limit until one is revoked or expires`, async () => {
    const owner = await createActor("customer");
    const now = new Date();
    const first = await createApiToken({ database, actor: owner, input: { name: "t0", expiresInDays: 1 }, now });
    for (let index = 1; index < apiTokenLimit; index++) await createApiToken({ database, actor: owner, input: { name: `t${index}` } });
    await assert.rejects(createApiToken({ database, actor: owner, input: { name: "one too many" } }), isAppError(409, "token_limit"));
    assert.equal((await listApiTokens(database, owner.userId)).length, apiTokenLimit, "nothing was written");
    assert.equal(await database.auditEvent.count({ where: { action: "api_token.create", actorId: owner.userId } }), apiTokenLimit);

    // An expired token does not count.
    const later = new Date(now.getTime() + 2 * 86_400_000);
    await createApiToken({ database, actor: owner, input: { name: "after expiry" }, now: later });
    await assert.rejects(createApiToken({ database, actor: owner, input: { name: "full again" }, now: later }), isAppError(409, "token_limit"));

    // Nor does a revoked one; concurrent creations cannot overshoot either.
    const [latest] = await listApiTokens(database, owner.userId);
    await revokeApiToken({ database, actor: owner, tokenId: latest!.id });
    const attempts = await Promise.allSettled(Array.from({ length: 4 }, (_, index) => createApiToken({ database, actor: owner, input: { name: `race ${index}` }, now: later })));
    assert.equal(attempts.filter((attempt) => attempt.status === "fulfilled").length, 1);
    assert.ok(attempts.every((attempt) => attempt.status === "fulfilled" || isAppError(409, "token_limit")(attempt.reason)));
    assert.equal((await database.apiToken.findUniqueOrThrow({ where: { id: first.apiToken.id } })).revokedAt, null, "expired, not revoked");
  });
});

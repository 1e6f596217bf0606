import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import { createLoginLink } from "../../lib/account-links/create-login-link";
import { requestPasswordReset, passwordResetAnswer } from "../../lib/account-links/request-password-reset";
import { setPasswordWithLink } from "../../lib/account-links/set-password-with-link";
import type { Actor } from "../../lib/access/actor";
import { authorizeCredentials } from "../../lib/auth/authorize-credentials";
import { authorizeLoginLink } from "../../lib/auth/authorize-login-link";
import { SignInError } from "../../lib/auth/sign-in-errors";
import { adminBillingEndpoint } from "../../lib/billing/billing-endpoint";
import { handleBillingEvent } from "../../lib/billing/handle-billing-event";
import { signBillingPayload } from "../../lib/billing/signature";
import { createCustomer } from "../../lib/customers/create-customer";
import { listMail } from "../../lib/mail/list-mail";
import type { MailContext } from "../../lib/mail/queue-mail";
import { sendDueMail } from "../../lib/mail/send-due-mail";
import { recordServerEvent } from "../../lib/notifications/server-events";
import { encryptSecret } from "../../lib/security/secret-box";
import { testIpThrottle } from "../support/sign-in-throttle";
import { generateTotp, generateTotpSecret } from "../../lib/security/totp";
import { isAppError } from "../support/app-error";
import { testMailContext } from "../support/mail-context";
import { linkIn, startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { basePlan, createAdmin, createCustomerActor, createResellerActor, roomyQuota, seedSmallPlanAndBusybox, startTenancyStack } from "../support/tenancy";
import { noticeTransferNearlyUsed } from "../../lib/usage/transfer-allowance";

// Mail through a real SMTP server the test starts, on real SQLite and Redis: welcome and reset
// links that set a password once, the outbox with mail off, retries, server mails, login links.
// The key the tenancy helpers' customers are welcomed with, so every queued mail can be read.
const encryptionKey = testMailContext.encryptionKey;
const mailContext: MailContext = { encryptionKey, panelUrl: "http://panel.test" };
const billingSecret = "mail-test-billing-secret";

let stack: Awaited<ReturnType<typeof startTenancyStack>>;
let sink: SmtpSink;
// The password reset limits count in Redis, as they do for the panel.
let redis: Redis;
let admin: Actor;
let reseller: Actor;
let otherReseller: Actor;

const send = (options: { smtp?: boolean; now?: () => Date } = {}) =>
  sendDueMail({ database: stack.database, settings: { smtpUrl: options.smtp === false ? null : sink.url, mailFrom: "panel@berth.test", encryptionKey }, now: options.now });
const tokenOf = (link: string) => link.split("/").pop() ?? "";
const signInWith = async (email: string, password: string) => authorizeCredentials({ database: stack.database, encryptionKey, email, password, ipAddress: "192.0.2.10", ipThrottle: await testIpThrottle() });
const refusedWith = async (promise: Promise<unknown>, code: string) => assert.rejects(promise, (error: unknown) => error instanceof SignInError && error.code === code);

before(async () => {
  stack = await startTenancyStack();
  redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 1 });
  sink = await startSmtpSink();
  await seedSmallPlanAndBusybox(stack.database, { slug: "m-small", name: "M small" });
  admin = await createAdmin(stack.database, "admin@mail.test");
  reseller = await createResellerActor(stack.database, admin, "reseller@mail.test", roomyQuota, ["m-small"]);
  otherReseller = await createResellerActor(stack.database, admin, "other-reseller@mail.test", roomyQuota, ["m-small"]);
  await stack.database.user.update({ where: { id: reseller.userId }, data: { brandName: "Harbour Hosting" } });
});

after(async () => {
  redis?.disconnect();
  await sink?.stop();
  await stack?.stop();
});

describe("welcome mail", () => {
  test("a customer made by service.create gets a welcome mail whose link sets its password, once", async () => {
    const endpoint = await adminBillingEndpoint(stack.database, billingSecret);
    const rawBody = JSON.stringify({ id: "evt-welcome-1", type: "service.create", data: { serviceId: "svc-welcome-1", customer: { email: "new@mail.test", name: "New Customer" }, plan: "m-small", hostname: "welcome-1", template: "busybox" } });
    const answer = await handleBillingEvent({ database: stack.database, queue: stack.queue, mailContext, endpoint, rawBody, signature: signBillingPayload(billingSecret, rawBody) });
    assert.equal(answer.status, 202);
    // The password the webhook made is never shown: nobody can sign in before the link is used.
    await refusedWith(signInWith("new@mail.test", "chosen-password-1"), "invalid_credentials");

    assert.equal(await send(), 1);
    const mail = await sink.waitFor((received) => received.to.includes("new@mail.test"));
    assert.match(mail.subject, /Welcome to Berth/);
    assert.equal(mail.fromName, "Berth");
    assert.equal(mail.from, "panel@berth.test");
    assert.match(mail.html, /Set your password/);
    const link = linkIn(mail, "/set-password/");
    assert.ok(link.startsWith("http://panel.test/set-password/"));

    const row = await stack.database.mailMessage.findFirstOrThrow({ where: { to: "new@mail.test" } });
    assert.equal(row.state, "sent");
    assert.equal(row.bodyEncrypted, "", "a sent mail's text (and its link) is not kept");

    await assert.rejects(setPasswordWithLink({ database: stack.database, input: { token: tokenOf(link), password: "short" }, ipAddress: null }), isAppError(400, "invalid_request"));
    assert.deepEqual(await setPasswordWithLink({ database: stack.database, input: { token: tokenOf(link), password: "chosen-password-1" }, ipAddress: null }), { email: "new@mail.test" });
    assert.equal((await signInWith("new@mail.test", "chosen-password-1")).email, "new@mail.test");
    await assert.rejects(setPasswordWithLink({ database: stack.database, input: { token: tokenOf(link), password: "chosen-password-2" }, ipAddress: null }), isAppError(400, "invalid_link"));
    await refusedWith(signInWith("new@mail.test", "chosen-password-2"), "invalid_credentials");
  });

  test("a reseller's new customer is welcomed under the reseller's brand", async () => {
    await createCustomer({ database: stack.database, actor: reseller, mailContext, input: { email: "branded@mail.test", name: "Branded" } });
    await send();
    const mail = await sink.waitFor((received) => received.to.includes("branded@mail.test"));
    assert.equal(mail.fromName, "Harbour Hosting");
    assert.match(mail.subject, /Welcome to Harbour Hosting/);
    assert.doesNotMatch(mail.text, /Berth/);
  });
});

describe("password reset", () => {
  test("answers the same for any address; the link works once, for an hour, and ends other sessions", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "reset@mail.test");
    const before = await stack.database.user.findUniqueOrThrow({ where: { id: customer.userId } });
    const unknown = await requestPasswordReset({ database: stack.database, redis, mailContext, input: { email: "nobody@mail.test" }, ipAddress: "192.0.2.21" });
    const known = await requestPasswordReset({ database: stack.database, redis, mailContext, input: { email: "Reset@Mail.test" }, ipAddress: "192.0.2.21" });
    assert.equal(unknown, passwordResetAnswer);
    assert.equal(known, passwordResetAnswer);
    assert.equal(await stack.database.mailMessage.count({ where: { to: "nobody@mail.test" } }), 0);
    await assert.rejects(requestPasswordReset({ database: stack.database, redis, mailContext, input: { email: "not an address" }, ipAddress: "192.0.2.21" }), isAppError(400, "invalid_request"));

    await send();
    const mail = await sink.waitFor((received) => received.to.includes("reset@mail.test") && /Reset/.test(received.subject));
    assert.match(mail.subject, /Reset your Harbour Hosting password/);
    const token = tokenOf(linkIn(mail, "/set-password/"));
    const later = new Date(Date.now() + 61 * 60_000);
    await assert.rejects(setPasswordWithLink({ database: stack.database, input: { token, password: "reset-password-1" }, ipAddress: null, now: later }), isAppError(400, "invalid_link"));
    await setPasswordWithLink({ database: stack.database, input: { token, password: "reset-password-1" }, ipAddress: "192.0.2.21" });
    const afterReset = await stack.database.user.findUniqueOrThrow({ where: { id: customer.userId } });
    assert.equal(afterReset.sessionVersion, before.sessionVersion + 1, "sessions signed in with the old password end");
    assert.equal((await signInWith("reset@mail.test", "reset-password-1")).id, customer.userId);
    const audit = await stack.database.auditEvent.findFirstOrThrow({ where: { action: "auth.password_set", targetId: customer.userId } });
    assert.match(audit.details ?? "", /"via":"reset"/);
  });

  test("a second request within a minute sends no second mail; asking floods are refused", async () => {
    await createCustomerActor(stack.database, reseller, "twice@mail.test");
    for (let attempt = 0; attempt < 3; attempt++) await requestPasswordReset({ database: stack.database, redis, mailContext, input: { email: "twice@mail.test" }, ipAddress: "192.0.2.22" });
    assert.equal(await stack.database.mailMessage.count({ where: { to: "twice@mail.test", kind: "password_reset" } }), 1);
    await requestPasswordReset({ database: stack.database, redis, mailContext, input: { email: "twice@mail.test" }, ipAddress: "192.0.2.22" });
    await requestPasswordReset({ database: stack.database, redis, mailContext, input: { email: "twice@mail.test" }, ipAddress: "192.0.2.22" });
    await assert.rejects(requestPasswordReset({ database: stack.database, redis, mailContext, input: { email: "twice@mail.test" }, ipAddress: "192.0.2.22" }), isAppError(429, "rate_limited"));
  });
});

describe("the outbox", () => {
  test("with mail off, messages stay for the admin with their links", async () => {
    await createCustomer({ database: stack.database, actor: reseller, mailContext, input: { email: "offline@mail.test", name: "Offline" } });
    await send({ smtp: false });
    const row = await stack.database.mailMessage.findFirstOrThrow({ where: { to: "offline@mail.test" } });
    assert.equal(row.state, "off");
    assert.equal(sink.received.filter((mail) => mail.to.includes("offline@mail.test")).length, 0);
    const { messages } = await listMail({ database: stack.database, actor: admin, encryptionKey });
    const listed = messages.find((message) => message.id === row.id);
    assert.match(listed?.text ?? "", /http:\/\/panel\.test\/set-password\/[A-Za-z0-9_-]{43}/);
    await assert.rejects(listMail({ database: stack.database, actor: reseller, encryptionKey }), isAppError(403, "forbidden"));
  });

  test("a temporary refusal is tried again later; a permanent one fails for good", async () => {
    sink.refuseWith(451);
    await createCustomer({ database: stack.database, actor: reseller, mailContext, input: { email: "later@mail.test", name: "Later" } });
    await send();
    let row = await stack.database.mailMessage.findFirstOrThrow({ where: { to: "later@mail.test" } });
    assert.equal(row.state, "queued");
    assert.equal(row.attempts, 1);
    assert.ok(row.nextAttemptAt.getTime() > Date.now() + 20_000, "the next attempt waits");
    sink.refuseWith(null);
    await send({ now: () => new Date(Date.now() + 31_000) });
    row = await stack.database.mailMessage.findFirstOrThrow({ where: { to: "later@mail.test" } });
    assert.equal(row.state, "sent");
    await sink.waitFor((received) => received.to.includes("later@mail.test"));

    sink.refuseWith(550);
    await createCustomer({ database: stack.database, actor: reseller, mailContext, input: { email: "bounce@mail.test", name: "Bounce" } });
    await send();
    sink.refuseWith(null);
    row = await stack.database.mailMessage.findFirstOrThrow({ where: { to: "bounce@mail.test" } });
    assert.equal(row.state, "failed");
    assert.match(row.error ?? "", /mailbox unavailable/);
  });
});

describe("server mail", () => {
  test("ready lists host keys, suspended says why, and one event mails once", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "servers@mail.test");
    const plan = await stack.database.plan.findUniqueOrThrow({ where: { slug: "m-small" } });
    const template = await stack.database.template.findUniqueOrThrow({ where: { slug: "busybox" } });
    const hostKeys = JSON.stringify([{ type: "ed25519", fingerprint: "SHA256:fingerprint-of-the-test" }]);
    const server = await stack.database.server.create({
      data: { hostname: "mailed-1", ownerId: customer.userId, planId: plan.id, templateId: template.id, containerName: "vps-mailed-1", status: "running", hostKeys },
    });
    for (let repeat = 0; repeat < 2; repeat++) {
      await stack.database.$transaction((transaction) => recordServerEvent(transaction, mailContext, { type: "server.ready", serverId: server.id, key: "order-1" }));
    }
    await stack.database.$transaction((transaction) => recordServerEvent(transaction, mailContext, { type: "server.suspended", serverId: server.id, key: "job-1", details: { reason: "Invoice 42 unpaid" } }));
    await stack.database.$transaction((transaction) => recordServerEvent(transaction, mailContext, { type: "server.failed", serverId: server.id, key: "order-2" }));
    assert.equal(await stack.database.mailMessage.count({ where: { userId: customer.userId, kind: "server_ready" } }), 1);
    assert.equal(await stack.database.mailMessage.count({ where: { userId: customer.userId, kind: { notIn: ["welcome", "server_ready", "server_suspended"] } } }), 0, "a failed order sends no mail");
    await send();
    const ready = await sink.waitFor((received) => received.to.includes("servers@mail.test") && /is ready/.test(received.subject));
    assert.match(ready.text, /SHA256:fingerprint-of-the-test/);
    assert.match(ready.text, /http:\/\/panel\.test\/servers\//);
    const suspended = await sink.waitFor((received) => received.to.includes("servers@mail.test") && /suspended/.test(received.subject));
    assert.match(suspended.text, /Invoice 42 unpaid/);
    assert.equal(suspended.fromName, "Harbour Hosting");
  });
});

describe("transfer allowance mail", () => {
  test("at 80 % the customer is told once a month, with a usage.threshold event", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "transfer@mail.test");
    const plan = await stack.database.plan.create({ data: { ...basePlan, slug: "m-metered", name: "Metered", vcpus: 1, memoryMb: 256, diskMb: 1024, monthlyTransferGb: 10, transferOverageAction: "throttle", transferThrottleMbps: 5 } });
    const template = await stack.database.template.findUniqueOrThrow({ where: { slug: "busybox" } });
    const server = await stack.database.server.create({ data: { hostname: "metered-1", ownerId: customer.userId, planId: plan.id, templateId: template.id, containerName: "vps-metered-1", status: "running" } });
    const context = { database: stack.database, queue: stack.queue, settings: { encryptionKey, panelUrl: "http://panel.test", panelPort: 3000 } };
    for (let reading = 0; reading < 2; reading++) await noticeTransferNearlyUsed(context, server.id, "2026-12", 8.5e9);
    assert.equal(await stack.database.mailMessage.count({ where: { userId: customer.userId, kind: "transfer_nearly_used" } }), 1);
    await send();
    const mail = await sink.waitFor((received) => received.to.includes("transfer@mail.test") && /monthly transfer/.test(received.subject));
    assert.match(mail.subject, /80 %/);
    assert.match(mail.text, /8\.50 GB of its 10\.0 GB/);
    assert.match(mail.text, /slowed to 5 Mbit\/s/);
    await noticeTransferNearlyUsed(context, server.id, "2027-01", 8.5e9);
    assert.equal(await stack.database.mailMessage.count({ where: { userId: customer.userId, kind: "transfer_nearly_used" } }), 2, "a new month tells again");
  });
});

describe("login links", () => {
  test("sign a customer in once, within 60 seconds, and only its operators make them", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "sso@mail.test");
    const link = await createLoginLink({ database: stack.database, actor: reseller, customerId: customer.userId, input: {}, panelUrl: "http://panel.test" });
    assert.match(link.url, /^http:\/\/panel\.test\/signin\/link\/[A-Za-z0-9_-]{43}$/);
    assert.ok(new Date(link.expiresAt).getTime() - Date.now() <= 60_000);
    const throttle = await testIpThrottle();
    const signIn = (token: string, options: { totp?: string; now?: Date } = {}) =>
      authorizeLoginLink({ database: stack.database, encryptionKey, token, totp: options.totp, ipAddress: "192.0.2.30", ipThrottle: throttle, now: options.now });
    assert.equal((await signIn(tokenOf(link.url))).id, customer.userId);
    await refusedWith(signIn(tokenOf(link.url)), "link_invalid");

    const late = await createLoginLink({ database: stack.database, actor: admin, customerId: customer.userId, input: {}, panelUrl: "http://panel.test" });
    await refusedWith(signIn(tokenOf(late.url), { now: new Date(Date.now() + 61_000) }), "link_invalid");

    await assert.rejects(createLoginLink({ database: stack.database, actor: otherReseller, customerId: customer.userId, input: {}, panelUrl: "http://panel.test" }), isAppError(404, "not_found"));
    await assert.rejects(createLoginLink({ database: stack.database, actor: customer, customerId: customer.userId, input: {}, panelUrl: "http://panel.test" }), isAppError(403, "forbidden"));
    await assert.rejects(createLoginLink({ database: stack.database, actor: { ...reseller, serverIds: [] }, customerId: customer.userId, input: {}, panelUrl: "http://panel.test" }), isAppError(403, "token_server_limited"));
    await assert.rejects(createLoginLink({ database: stack.database, actor: reseller, customerId: customer.userId, input: { serverId: "not-its-server" }, panelUrl: "http://panel.test" }), isAppError(404, "not_found"));
    const audit = await stack.database.auditEvent.count({ where: { action: "customer.login_link", targetId: customer.userId } });
    assert.equal(audit, 2);
  });

  test("a customer with two-factor sign-in still gives its code, and asking for it spends nothing", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "sso-2fa@mail.test");
    const secret = generateTotpSecret();
    await stack.database.user.update({ where: { id: customer.userId }, data: { totpSecretEncrypted: encryptSecret(secret, encryptionKey), totpEnabledAt: new Date() } });
    const link = await createLoginLink({ database: stack.database, actor: admin, customerId: customer.userId, input: {}, panelUrl: "http://panel.test" });
    const signIn = async (totp?: string) => authorizeLoginLink({ database: stack.database, encryptionKey, token: tokenOf(link.url), totp, ipAddress: "192.0.2.31", ipThrottle: await testIpThrottle() });
    await refusedWith(signIn(), "totp_required");
    await refusedWith(signIn("000000"), "totp_invalid");
    assert.equal((await signIn(generateTotp(secret))).id, customer.userId);
    await refusedWith(signIn(generateTotp(secret)), "link_invalid");
  });
});

import { createWebhook } from "../../lib/webhooks/create-webhook";
import { deleteWebhook } from "../../lib/webhooks/delete-webhook";
import { resendWebhookDelivery } from "../../lib/webhooks/resend-webhook-delivery";
import { testMailContext } from "../support/mail-context";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { addSshKey } from "../../lib/account/add-ssh-key";
import { changePassword } from "../../lib/account/change-password";
import { confirmTotpEnrolment } from "../../lib/account/confirm-totp-enrolment";
import { deleteSshKey } from "../../lib/account/delete-ssh-key";
import { disableTotp } from "../../lib/account/disable-totp";
import { regenerateRecoveryCodes } from "../../lib/account/regenerate-recovery-codes";
import { startTotpEnrolment } from "../../lib/account/start-totp-enrolment";
import { updateProfile } from "../../lib/account/update-profile";
import { rotateBillingSecret } from "../../lib/billing/rotate-billing-secret";
import { createCustomer } from "../../lib/customers/create-customer";
import { deleteCustomer } from "../../lib/customers/delete-customer";
import { suspendCustomer } from "../../lib/customers/suspend-customer";
import { unsuspendCustomer } from "../../lib/customers/unsuspend-customer";
import { updateCustomer } from "../../lib/customers/update-customer";
import type { Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import { requestImageBuild } from "../../lib/images/request-image-build";
import { requestImageImport } from "../../lib/images/request-image-import";
import { discardJob } from "../../lib/job-admin/discard-job";
import { endJob } from "../../lib/job-admin/end-job";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { retryJob } from "../../lib/job-admin/retry-job";
import { createHost } from "../../lib/hosts/create-host";
import { addAddressRange } from "../../lib/network/ip-pools/add-address-range";
import { updateIpPool } from "../../lib/network/ip-pools/update-ip-pool";
import { createHostGroup } from "../../lib/host-groups/create-host-group";
import { deleteHostGroup } from "../../lib/host-groups/delete-host-group";
import { updateHostGroup } from "../../lib/host-groups/update-host-group";
import { updateHost } from "../../lib/hosts/update-host";
import { updateHostPlacement } from "../../lib/hosts/update-host-placement";
import { createOrder } from "../../lib/orders/create-order";
import { createPlan } from "../../lib/plans/create-plan";
import { setPlanActive } from "../../lib/plans/set-plan-active";
import { updatePlan } from "../../lib/plans/update-plan";
import { createReseller } from "../../lib/resellers/create-reseller";
import { setBranding } from "../../lib/resellers/set-branding";
import { setOfferedPlans } from "../../lib/resellers/set-offered-plans";
import { setResellerQuota } from "../../lib/resellers/set-reseller-quota";
import { setPlanPrice } from "../../lib/resellers/set-plan-price";
import { suspendReseller } from "../../lib/resellers/suspend-reseller";
import { unsuspendReseller } from "../../lib/resellers/unsuspend-reseller";
import { setCustomerLimits } from "../../lib/tenancy/set-customer-limits";
import { setCustomerPolicy } from "../../lib/tenancy/set-customer-policy";
import { defaultCustomerPolicy } from "../../lib/tenancy/customer-policy";
import { setResellerSelfService } from "../../lib/tenancy/set-reseller-self-service";
import { hashPassword } from "../../lib/security/password";
import { loadSettings } from "../../lib/settings";
import { serverActionCatalogue } from "../../lib/action-catalogue/catalogue";
import type { Requester, ServerActionDefinition } from "../../lib/action-catalogue/define-server-action";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import { issueConsoleTicket } from "../../lib/console/issue-console-ticket";
import { setServerFirewall } from "../../lib/firewall/set-server-firewall";
import { setPortForwards } from "../../lib/port-forwards/port-forwards";
import { panelActionName } from "../../lib/panel/panel-action";
import { createTemplate } from "../../lib/templates/create-template";
import { setTemplateActive } from "../../lib/templates/set-template-active";
import { updateTemplate } from "../../lib/templates/update-template";
import { createApiToken, revokeApiToken } from "../../lib/tokens/api-tokens";
import { setSignInRanges } from "../../lib/users/set-sign-in-ranges";
import { createTestDatabase } from "../support/database";
import { startRedis, type TestRedis } from "../support/redis";

// Every server action the panel exports, for admin, reseller A, reseller B, a customer of A and a
// customer of B: allowed ("ok", or the refusal an allowed caller gets for this probe's state) or
// denied (404 for things that exist but are not yours, 403 for what a role may never do). Each
// action is built by the panelAction guard (which resolves the session; anonymous callers are sent
// to /signin) and calls the domain function exercised here. The actions are found by importing
// every "use server" module under app/, so a new one fails this test until it is added below.
// The rows of the server actions are generated from the action catalogue: a new catalogue entry
// is covered for every role, and for billing webhooks, without a row written by hand.

type Role = "admin" | "resellerA" | "resellerB" | "customerOfA" | "customerOfB";
// Customer A runs last, so an action that uses up its own thing (a key, a token) is seen by the others first.
const roles: Role[] = ["admin", "resellerA", "resellerB", "customerOfB", "customerOfA"];
type Outcome = "ok" | number;
type Expected = Record<Role, Outcome>;

interface Fixture {
  database: Database;
  queue: JobQueue;
  encryptionKey: string;
  actors: Record<Role, Actor>;
  runningServerOfA: string;
  terminatedServerOfA: string;
  pendingServerOfA: string;
  completedJobOfA: string;
  sshKeyOfA: string;
  tokenOfA: string;
  webhookOfA: string;
  deliveryOfA: string;
  planId: string;
  templateId: string;
  freshCustomerOfA(): Promise<string>;
}

const unique = () => randomBytes(4).toString("hex");
const sshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDS047qVK6K4gEx4sSbum1DfrxiyRNcNUErsVvdiAvEU matrix@berth";
const adminOnly = (allowed: Outcome): Expected => ({ admin: allowed, resellerA: 404, resellerB: 404, customerOfA: 404, customerOfB: 404 });
const adminOnlyForbidden: Expected = { admin: "ok", resellerA: 403, resellerB: 403, customerOfA: 403, customerOfB: 403 };
const resellerOnly: Expected = { admin: 403, resellerA: "ok", resellerB: "ok", customerOfA: 403, customerOfB: 403 };
// Things of customer A: the admin, reseller A and customer A may act; B's side gets 404.
const tenantOfA = (allowed: Outcome, customerOfA: Outcome = allowed): Expected => ({ admin: allowed, resellerA: allowed, resellerB: 404, customerOfA, customerOfB: 404 });
// Customer A's account, managed by its reseller: customers may not manage accounts at all.
const managedByA: Expected = { admin: "ok", resellerA: "ok", resellerB: 404, customerOfA: 403, customerOfB: 403 };
// Acting on one's own account only: there is no id to point at someone else's.
const selfOnly = (outcome: Outcome): Expected => ({ admin: outcome, resellerA: outcome, resellerB: outcome, customerOfA: outcome, customerOfB: outcome });
const ownerOnly = (owner: Outcome): Expected => ({ admin: 404, resellerA: 404, resellerB: 404, customerOfA: owner, customerOfB: 404 });

type Probe = (actor: Actor, fixture: Fixture) => Promise<unknown>;

async function throwawayReseller(f: Fixture): Promise<string> {
  const quota = { maxServers: 1, maxVcpus: 1, maxMemoryMb: 512, maxDiskMb: 1024, maxIpv4: 1 };
  const { reseller } = await createReseller({ database: f.database, actor: f.actors.admin, input: { email: `r-${unique()}@matrix.test`, name: "R", quota } });
  return reseller.id;
}

// In which capacity each role acts on customer A's servers; B's side cannot see them at all.
const capacityOnA: Record<Role, Requester | null> = { admin: "admin", resellerA: "reseller", customerOfA: "customer", resellerB: null, customerOfB: null };
// Fields every catalogue action might take; each entry's input keeps the ones it knows.
const anyActionFields = { plan: "small", template: "busybox", reason: "matrix", rootPassword: "matrix-password" };
const catalogue = serverActionCatalogue as readonly ServerActionDefinition[];

/**
 * A catalogue action on customer A's terminated server: callers who cannot see it get 404,
 * those the entry is not for 403, and those it is for get as far as the state check (409).
 */
function catalogueRow(entry: ServerActionDefinition): { expected: Expected; probe: Probe } {
  const expected = Object.fromEntries(
    roles.map((role) => {
      const capacity = capacityOnA[role];
      return [role, capacity === null ? 404 : entry.requesters.includes(capacity) ? 409 : 403];
    }),
  ) as Expected;
  return {
    expected,
    probe: (actor, f) => requestServerAction({ database: f.database, queue: f.queue, actor, serverId: f.terminatedServerOfA, input: { ...anyActionFields, type: entry.type } }),
  };
}

const catalogueRows = Object.fromEntries(
  catalogue.flatMap((entry) => [
    [`(panel)/servers/[id]/actions.ts#requestServerActionFromPanel (${entry.type})`, catalogueRow(entry)],
    ...(entry.panel.inServerLists ? [[`(panel)/_operator/operator-actions.ts#operateServerAction (${entry.type})`, catalogueRow(entry)]] : []),
  ]),
);

const matrix: Record<string, { expected: Expected; probe: Probe }> = {
  ...catalogueRows,
  "(panel)/servers/[id]/console-actions.ts#openConsoleAction": {
    // The fixture's server has no host yet, so those who may see it get as far as 409 server_not_running.
    expected: tenantOfA(409),
    probe: (actor, f) => issueConsoleTicket({ database: f.database, actor, serverId: f.runningServerOfA }),
  },
  "(panel)/servers/[id]/firewall/actions.ts#saveFirewallAction": {
    // Whoever may see the server may set its firewall; a terminated one has none (409 server_terminated).
    expected: tenantOfA(409),
    probe: (actor, f) => setServerFirewall({ database: f.database, queue: f.queue, actor, serverId: f.terminatedServerOfA, input: { defaultInbound: "drop", rules: [{ direction: "in", protocol: "tcp", port: "22", action: "accept" }] } }),
  },
  "(panel)/servers/[id]/port-forward-actions.ts#savePortForwardsAction": {
    // The host's ports are the admin's to give (403 for the server's other viewers); the fixture's server has no host yet (409 server_not_ready).
    expected: { admin: 409, resellerA: 403, resellerB: 404, customerOfA: 403, customerOfB: 404 },
    probe: (actor, f) => setPortForwards({ database: f.database, queue: f.queue, actor, serverId: f.runningServerOfA, input: { portForwards: [{ protocol: "tcp", publicPort: 18080, port: 8080 }] } }),
  },
  "(panel)/order/actions.ts#submitOrder": {
    // Ordering for customer A (operators may, for their customers); an unknown plan stops an allowed order.
    expected: tenantOfA(422),
    probe: (actor, f) => createOrder({ database: f.database, queue: f.queue, customerId: f.actors.customerOfA.userId, actor, input: { plan: "no-such-plan", template: "busybox", hostname: "matrix" } }),
  },
  "(panel)/admin/plans/actions.ts#createPlanAction": {
    expected: adminOnly("ok"),
    probe: (actor, f) => createPlan({ database: f.database, actor, input: { slug: `p-${unique()}`, name: "P", vcpus: 1, memoryMb: 128, swapMb: 0, diskMb: 64, processes: 64, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 1 } }),
  },
  "(panel)/admin/plans/actions.ts#updatePlanAction": {
    expected: adminOnly("ok"),
    probe: async (actor, f) => {
      const plan = await f.database.plan.findUniqueOrThrow({ where: { id: f.planId } });
      return updatePlan({ database: f.database, actor, planId: f.planId, input: { ...plan, name: `Small ${unique()}` } });
    },
  },
  "(panel)/admin/plans/actions.ts#setPlanActiveAction": { expected: adminOnly("ok"), probe: (actor, f) => setPlanActive({ database: f.database, actor, planId: f.planId, active: true }) },
  "(panel)/admin/templates/actions.ts#createTemplateAction": {
    expected: adminOnly("ok"),
    probe: (actor, f) => createTemplate({ database: f.database, actor, input: { slug: `t-${unique()}`, name: "T", agentTemplate: "busybox" } }),
  },
  "(panel)/admin/templates/actions.ts#updateTemplateAction": {
    expected: adminOnly("ok"),
    probe: (actor, f) => updateTemplate({ database: f.database, actor, templateId: f.templateId, input: { slug: "busybox", name: `BusyBox ${unique()}`, agentTemplate: "busybox" } }),
  },
  "(panel)/admin/templates/actions.ts#setTemplateActiveAction": { expected: adminOnly("ok"), probe: (actor, f) => setTemplateActive({ database: f.database, actor, templateId: f.templateId, active: true }) },
  // Images are for admins only (403 by role); the fixture has no host, so the admin gets as far as choosing one (409 no_host).
  "(panel)/admin/templates/actions.ts#buildImageAction": {
    expected: { ...adminOnlyForbidden, admin: 409 },
    probe: (actor, f) => requestImageBuild({ database: f.database, queue: f.queue, actor, input: { image: "debian-12" } }),
  },
  "(panel)/admin/templates/actions.ts#importImageAction": {
    expected: { ...adminOnlyForbidden, admin: 409 },
    probe: (actor, f) => requestImageImport({ database: f.database, queue: f.queue, actor, input: { image: "matrix", path: "/var/tmp/matrix.tar" } }),
  },
  "(panel)/admin/hosts/actions.ts#createHostAction": {
    expected: adminOnly("ok"),
    probe: (actor, f) => createHost({ database: f.database, actor, panelUrl: "http://panel.test", input: { name: `h-${unique()}` } }),
  },
  "(panel)/admin/hosts/actions.ts#updateHostStateAction": {
    expected: adminOnly("ok"),
    probe: async (actor, f) => {
      // Not active: other probes count on the fixture having no host to place things on.
      const host = await f.database.host.create({ data: { name: `s-${unique()}`, agentUrl: "http://127.0.0.1:1", agentSecretEncrypted: "-", vcpuCapacity: 1, memoryMbCapacity: 1, diskMbCapacity: 1, active: false } });
      return updateHost({ database: f.database, actor, input: { host: host.id, draining: true, maintenanceNotice: "probe" } });
    },
  },
  "(panel)/admin/hosts/placement-actions.ts#updateHostPlacementAction": {
    expected: adminOnly("ok"),
    probe: async (actor, f) => {
      // Not active: other probes count on the fixture having no host to place things on.
      const host = await f.database.host.create({ data: { name: `p-${unique()}`, agentUrl: "http://127.0.0.1:1", agentSecretEncrypted: "-", vcpuCapacity: 1, memoryMbCapacity: 1, diskMbCapacity: 1, active: false } });
      return updateHostPlacement({ database: f.database, actor, hostId: host.id, input: { vcpuOvercommit: 2 } });
    },
  },
  "(panel)/admin/hosts/placement-actions.ts#createHostGroupAction": {
    expected: adminOnly("ok"),
    probe: (actor, f) => createHostGroup({ database: f.database, actor, input: { name: `g-${unique()}` } }),
  },
  "(panel)/admin/hosts/placement-actions.ts#updateHostGroupAction": {
    expected: adminOnly("ok"),
    probe: async (actor, f) => {
      const group = await f.database.hostGroup.create({ data: { name: `g-${unique()}` } });
      return updateHostGroup({ database: f.database, actor, name: group.name, input: { placementPolicy: "pack" } });
    },
  },
  "(panel)/admin/hosts/placement-actions.ts#deleteHostGroupAction": {
    expected: adminOnly("ok"),
    probe: async (actor, f) => {
      const group = await f.database.hostGroup.create({ data: { name: `g-${unique()}` } });
      return deleteHostGroup({ database: f.database, actor, name: group.name });
    },
  },
  "(panel)/admin/ip-pools/actions.ts#addAddressRangeAction": {
    // A new pool belongs to a host, and the fixture has none: the admin gets as far as choosing one (409 no_host).
    expected: adminOnly(409),
    probe: (actor, f) => addAddressRange({ database: f.database, queue: f.queue, actor, input: { family: 4, pool: "matrix-v4", network: "192.0.2.0/24", gateway: "192.0.2.1", first: "192.0.2.10", last: "192.0.2.12" } }),
  },
  "(panel)/admin/ip-pools/actions.ts#updateIpPoolAction": {
    // An unknown pool: only the admin gets as far as looking for it.
    expected: adminOnly(404),
    probe: (actor, f) => updateIpPool({ database: f.database, queue: f.queue, actor, input: { poolId: "no-such-pool", resolvers: "192.0.2.53" } }),
  },
  "(panel)/admin/jobs/actions.ts#retryJobAction": {
    // The job completed, so even the admin is refused (409); everyone else never learns it exists.
    expected: adminOnly(409),
    probe: (actor, f) => retryJob({ database: f.database, queue: f.queue, actor, jobId: f.completedJobOfA }),
  },
  "(panel)/admin/jobs/actions.ts#discardJobAction": { expected: adminOnly(409), probe: (actor, f) => discardJob({ database: f.database, actor, jobId: f.completedJobOfA }) },
  "(panel)/admin/jobs/actions.ts#endJobAction": {
    // Only queued or running jobs can be ended, so the admin gets 409 for a completed one.
    expected: adminOnly(409),
    probe: (actor, f) => endJob({ database: f.database, queue: f.queue, settings: loadSettings({ BERTH_ENCRYPTION_KEY: f.encryptionKey }), actor, jobId: f.completedJobOfA }),
  },
  "(panel)/admin/resellers/actions.ts#createResellerAction": {
    expected: adminOnlyForbidden,
    probe: (actor, f) => createReseller({ database: f.database, actor, input: { email: `r-${unique()}@matrix.test`, name: "R", quota: { maxServers: 1, maxVcpus: 1, maxMemoryMb: 512, maxDiskMb: 1024, maxIpv4: 1 } } }),
  },
  "(panel)/admin/resellers/actions.ts#setResellerQuotaAction": {
    expected: adminOnlyForbidden,
    probe: (actor, f) => setResellerQuota({ database: f.database, actor, resellerId: f.actors.resellerA.userId, input: { maxServers: 10, maxVcpus: 10, maxMemoryMb: 10240, maxDiskMb: 102400, maxIpv4: 10 } }),
  },
  "(panel)/admin/resellers/actions.ts#setOfferedPlansAction": {
    expected: adminOnlyForbidden,
    probe: (actor, f) => setOfferedPlans({ database: f.database, actor, resellerId: f.actors.resellerA.userId, input: { plans: ["small"] } }),
  },
  // A reseller of its own, so suspending it touches no other row's fixtures.
  "(panel)/admin/resellers/actions.ts#suspendResellerAction": {
    expected: adminOnlyForbidden,
    probe: async (actor, f) => suspendReseller({ database: f.database, queue: f.queue, actor, resellerId: await throwawayReseller(f), input: { reason: "matrix" } }),
  },
  "(panel)/admin/resellers/actions.ts#unsuspendResellerAction": {
    expected: adminOnlyForbidden,
    probe: async (actor, f) => unsuspendReseller({ database: f.database, queue: f.queue, actor, resellerId: await throwawayReseller(f) }),
  },
  "(panel)/admin/customers/actions.ts#saveCustomerPolicyAction": {
    expected: adminOnlyForbidden,
    probe: (actor, f) => setCustomerPolicy({ database: f.database, actor, input: defaultCustomerPolicy }),
  },
  "(panel)/admin/customers/actions.ts#setResellerSelfServiceAction": {
    expected: adminOnlyForbidden,
    probe: (actor, f) => setResellerSelfService({ database: f.database, actor, resellerId: f.actors.resellerA.userId, input: { selfServiceOrders: true, selfServicePlanChanges: true } }),
  },
  "(panel)/reseller/customers/actions.ts#setCustomerLimitsAction": {
    expected: managedByA,
    probe: (actor, f) => setCustomerLimits({ database: f.database, actor, customerId: f.actors.customerOfA.userId, input: { maxServers: null, maxVcpus: null, maxMemoryMb: null, maxDiskMb: null, maxIpv4: null } }),
  },
  // Resellers only; a plan it does not offer is 422 (its own price is tested in customer-limits.test.ts).
  "(panel)/reseller/actions.ts#setPlanPriceAction": {
    expected: { admin: 403, resellerA: 422, resellerB: 422, customerOfA: 403, customerOfB: 403 },
    probe: (actor, f) => setPlanPrice({ database: f.database, actor, input: { plan: "no-such-plan", monthlyPriceCents: 900 } }),
  },
  "(panel)/reseller/customers/actions.ts#createCustomerAction": {
    // Every reseller creates its own customers; customers create none.
    expected: { admin: "ok", resellerA: "ok", resellerB: "ok", customerOfA: 403, customerOfB: 403 },
    probe: (actor, f) => createCustomer({ mailContext: testMailContext, database: f.database, actor, input: { email: `c-${unique()}@matrix.test`, name: "C" } }),
  },
  "(panel)/reseller/customers/actions.ts#updateCustomerAction": {
    expected: managedByA,
    probe: (actor, f) => updateCustomer({ database: f.database, actor, customerId: f.actors.customerOfA.userId, input: { name: `Customer A ${unique()}` } }),
  },
  "(panel)/reseller/customers/actions.ts#suspendCustomerAction": {
    expected: managedByA,
    probe: async (actor, f) => {
      const customerId = await f.freshCustomerOfA();
      return suspendCustomer({ database: f.database, actor, customerId });
    },
  },
  "(panel)/reseller/customers/actions.ts#unsuspendCustomerAction": {
    expected: managedByA,
    probe: (actor, f) => unsuspendCustomer({ database: f.database, actor, customerId: f.actors.customerOfA.userId }),
  },
  "(panel)/reseller/customers/actions.ts#deleteCustomerAction": {
    expected: managedByA,
    probe: async (actor, f) => deleteCustomer({ database: f.database, actor, customerId: await f.freshCustomerOfA() }),
  },
  "(panel)/reseller/branding/actions.ts#saveBrandingAction": { expected: resellerOnly, probe: (actor, f) => setBranding({ database: f.database, actor, input: { name: "Brand" } }) },
  "(panel)/settings/billing/actions.ts#rotateBillingSecretAction": { expected: resellerOnly, probe: (actor, f) => rotateBillingSecret({ database: f.database, actor, encryptionKey: f.encryptionKey }) },
  "(panel)/settings/tokens/actions.ts#createTokenAction": { expected: selfOnly("ok"), probe: (actor, f) => createApiToken({ database: f.database, actor, input: { name: "mine" } }) },
  // Outgoing webhooks: admins and resellers register their own; admins see only admins' endpoints.
  "(panel)/settings/webhooks/actions.ts#createWebhookAction": {
    expected: { admin: "ok", resellerA: "ok", resellerB: "ok", customerOfA: 403, customerOfB: 403 },
    probe: (actor, f) => createWebhook({ database: f.database, actor, encryptionKey: f.encryptionKey, input: { url: "https://hooks.matrix.test/new", events: ["server.ready"] } }),
  },
  "(panel)/settings/webhooks/actions.ts#deleteWebhookAction": {
    expected: { admin: 404, resellerA: "ok", resellerB: 404, customerOfA: 403, customerOfB: 403 },
    probe: (actor, f) => deleteWebhook({ database: f.database, actor, webhookId: f.webhookOfA }),
  },
  "(panel)/settings/webhooks/actions.ts#resendDeliveryAction": {
    expected: { admin: 404, resellerA: "ok", resellerB: 404, customerOfA: 403, customerOfB: 403 },
    probe: (actor, f) => resendWebhookDelivery({ database: f.database, actor, deliveryId: f.deliveryOfA }),
  },
  "(panel)/settings/tokens/actions.ts#revokeTokenAction": { expected: ownerOnly("ok"), probe: (actor, f) => revokeApiToken({ database: f.database, actor, tokenId: f.tokenOfA }) },
  // Customer A already holds this key (the fixture's), so for A it is a duplicate.
  "(panel)/settings/ssh-keys/actions.ts#addSshKeyAction": { expected: { ...selfOnly("ok"), customerOfA: 409 }, probe: (actor, f) => addSshKey({ database: f.database, actor, input: { name: "laptop", publicKey: sshPublicKey } }) },
  "(panel)/settings/ssh-keys/actions.ts#deleteSshKeyAction": { expected: ownerOnly("ok"), probe: (actor, f) => deleteSshKey({ database: f.database, actor, sshKeyId: f.sshKeyOfA }) },
  "(panel)/settings/profile/actions.ts#updateProfileAction": {
    expected: selfOnly("ok"),
    probe: async (actor, f) => {
      const user = await f.database.user.findUniqueOrThrow({ where: { id: actor.userId } });
      return updateProfile({ database: f.database, actor, input: { name: `${user.name}!`, email: user.email } });
    },
  },
  "(panel)/settings/profile/actions.ts#changePasswordAction": {
    expected: selfOnly("ok"),
    probe: (actor, f) => changePassword({ database: f.database, actor, input: { currentPassword: "matrix-password", newPassword: "matrix-password-2" } }),
  },
  "(panel)/settings/security/actions.ts#startEnrolmentAction": { expected: selfOnly("ok"), probe: (actor, f) => startTotpEnrolment({ database: f.database, encryptionKey: f.encryptionKey, actor }) },
  // The next three act only on the caller's own second factor: everyone is refused alike (a wrong
  // code for the enrolment just started; no second factor to regenerate codes for or disable).
  "(panel)/settings/security/actions.ts#confirmEnrolmentAction": { expected: selfOnly(422), probe: (actor, f) => confirmTotpEnrolment({ database: f.database, encryptionKey: f.encryptionKey, actor, code: "000000x" }) },
  "(panel)/settings/security/actions.ts#regenerateCodesAction": { expected: selfOnly(409), probe: (actor, f) => regenerateRecoveryCodes({ database: f.database, encryptionKey: f.encryptionKey, actor, code: "000000x" }) },
  // Lifting the limit (an empty list) is what every role may do for its own account.
  "(panel)/settings/security/sign-in-ranges-actions.ts#setSignInRangesAction": { expected: selfOnly("ok"), probe: (actor, f) => setSignInRanges({ database: f.database, actor, userId: actor.userId, input: { ranges: [] } }) },
  "(panel)/settings/security/actions.ts#disableTotpAction": { expected: selfOnly(409), probe: (actor, f) => disableTotp({ database: f.database, encryptionKey: f.encryptionKey, actor, code: "000000x" }) },
};

function serverActionFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return serverActionFiles(full);
    return /\.tsx?$/.test(entry) && /^["']use server["']/m.test(readFileSync(full, "utf8")) ? [full] : [];
  });
}

/** Every export of every "use server" module under app/, imported as Next.js would. */
async function exportedActions() {
  const found: Array<{ key: string; value: unknown }> = [];
  for (const file of serverActionFiles("app")) {
    const module = (await import(path.resolve(file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) found.push({ key: `${path.relative("app", file)}#${name}`, value });
  }
  return found;
}

let redis: TestRedis;
let queue: JobQueue;
let testDatabase: ReturnType<typeof createTestDatabase>;
let fixture: Fixture;

async function deliveryOfResellerA(database: Database, resellerA: Actor): Promise<string> {
  const { webhook } = await createWebhook({ database, actor: resellerA, encryptionKey: "matrix-key", input: { url: "https://hooks.matrix.test/b", events: ["server.ready"] } });
  const delivery = await database.webhookDelivery.create({ data: { webhookId: webhook.id, eventId: "evt_matrix", type: "server.ready", payload: "{}", state: "failed" } });
  return delivery.id;
}

before(async () => {
  redis = await startRedis();
  queue = createJobQueue(redis.url);
  testDatabase = createTestDatabase();
  const { database } = testDatabase;
  const passwordHash = await hashPassword("matrix-password");
  const user = (role: string, resellerId: string | null = null) =>
    database.user.create({ data: { email: `${role}-${unique()}@matrix.test`, name: role, role, resellerId, passwordHash } });
  const admin = await user("admin");
  const resellerA = await user("reseller");
  const resellerB = await user("reseller");
  const customerOfA = await user("customer", resellerA.id);
  const customerOfB = await user("customer", resellerB.id);
  const plan = await database.plan.create({ data: { slug: "small", name: "Small", vcpus: 1, memoryMb: 256, swapMb: 0, diskMb: 1024, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 100 } });
  const template = await database.template.create({ data: { slug: "busybox", name: "BusyBox", agentTemplate: "busybox" } });
  const server = (status: string) => {
    const name = `matrix-${unique()}`;
    return database.server.create({ data: { hostname: name, ownerId: customerOfA.id, planId: plan.id, templateId: template.id, containerName: name, status } });
  };
  const running = await server("running");
  const actors = Object.fromEntries(
    (
      [
        ["admin", admin],
        ["resellerA", resellerA],
        ["resellerB", resellerB],
        ["customerOfA", customerOfA],
        ["customerOfB", customerOfB],
      ] as const
    ).map(([role, row]) => [role, { userId: row.id, role: row.role, via: "session" } as Actor]),
  ) as Record<Role, Actor>;
  fixture = {
    database,
    queue,
    encryptionKey: "matrix-key",
    actors,
    runningServerOfA: running.id,
    terminatedServerOfA: (await server("terminated")).id,
    pendingServerOfA: (await server("pending")).id,
    completedJobOfA: (await database.job.create({ data: { type: "serverAction", serverId: running.id, state: "completed", payload: "{}" } })).id,
    sshKeyOfA: (await addSshKey({ database, actor: actors.customerOfA, input: { name: "a", publicKey: sshPublicKey } })).id,
    tokenOfA: (await createApiToken({ database, actor: actors.customerOfA, input: { name: "a" } })).apiToken.id,
    // Two endpoints of reseller A: deleting the first would take the second's delivery with it.
    webhookOfA: (await createWebhook({ database, actor: actors.resellerA, encryptionKey: "matrix-key", input: { url: "https://hooks.matrix.test/a", events: ["server.ready"] } })).webhook.id,
    deliveryOfA: await deliveryOfResellerA(database, actors.resellerA),
    planId: plan.id,
    templateId: template.id,
    freshCustomerOfA: async () => (await user("customer", resellerA.id)).id,
  };
});

after(async () => {
  await queue?.close();
  await redis?.stop();
  await testDatabase?.remove();
});

test("every exported server action is in the authorization matrix", async () => {
  const covered = new Set(Object.keys(matrix).map((key) => key.replace(/ \(.*\)$/, "")));
  assert.deepEqual([...new Set((await exportedActions()).map((action) => action.key))].sort(), [...covered].sort());
});

test("every exported server action is built by the panelAction guard", async () => {
  for (const action of await exportedActions()) {
    assert.ok(panelActionName(action.value), `${action.key} must be built with panelAction() (lib/panel/panel-action.ts)`);
  }
});

test("billing webhooks may ask for exactly the catalogue actions that are for billing", async () => {
  const failures: string[] = [];
  const webhookOf = (owner: Actor): Actor => ({ ...owner, via: "webhook", credentialId: `endpoint-of-${owner.userId}` });
  for (const entry of catalogue) {
    for (const [name, actor, expected] of [
      ["admin's webhook", webhookOf(fixture.actors.admin), entry.requesters.includes("billing") ? 409 : 403],
      ["reseller A's webhook", webhookOf(fixture.actors.resellerA), entry.requesters.includes("billing") ? 409 : 403],
      ["reseller B's webhook", webhookOf(fixture.actors.resellerB), 404],
    ] as const) {
      const outcome = await catalogueRow(entry).probe(actor, fixture).then(
        () => "ok",
        (error: unknown) => (error instanceof AppError ? error.status : String(error)),
      );
      if (outcome !== expected) failures.push(`${entry.type} by ${name}: expected ${expected}, got ${outcome}`);
    }
  }
  assert.deepEqual(failures, []);
});

test("each role is allowed or denied exactly as the matrix says", async () => {
  const failures: string[] = [];
  for (const [key, { expected, probe }] of Object.entries(matrix)) {
    for (const role of roles) {
      let outcome: Outcome;
      try {
        await probe(fixture.actors[role], fixture);
        outcome = "ok";
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcome = error.status;
      }
      if (outcome !== expected[role]) failures.push(`${key} as ${role}: expected ${expected[role]}, got ${outcome}`);
    }
  }
  assert.deepEqual(failures, []);
});

test("denied callers changed nothing of customer A's", async () => {
  const { database } = fixture;
  const server = await database.server.findUniqueOrThrow({ where: { id: fixture.runningServerOfA } });
  assert.equal(server.status, "running");
  assert.equal(server.activeJobId, null);
  assert.equal((await database.server.findUniqueOrThrow({ where: { id: fixture.terminatedServerOfA } })).suspended, false);
  assert.equal((await database.job.count({ where: { serverId: { in: [fixture.runningServerOfA, fixture.pendingServerOfA, fixture.terminatedServerOfA] } } })), 1, "no job was queued");
  assert.equal(await database.order.count(), 0, "no order was placed");
});

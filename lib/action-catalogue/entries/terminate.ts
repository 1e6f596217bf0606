import { z } from "zod";
import { releaseAddresses } from "../../network/allocate-address";
import { hostNetworkConfig } from "../../network/host-network-config";
import { quotaHolderOf } from "../../tenancy/quota-holder";
import { usageOfPlan } from "../../tenancy/quota-usage";
import { releaseQuota } from "../../tenancy/release-quota";
import { customerQuotaHolderOf } from "../../tenancy/customer-policy";
import { releaseCustomerQuota } from "../../tenancy/reserve-customer-quota";
import { defineServerAction, everyone, providers } from "../define-server-action";

/** Servers in these states hold nothing of their reseller's quota: it was released when they got there. */
const statusesWithoutQuota = ["terminated", "failed"];

export const terminate = defineServerAction({
  type: "terminate",
  requesters: everyone,
  from: ["running", "stopped", "rescue", "failed"],
  // Its owner may not end a suspended server (it would dodge the suspension's reason); its provider may.
  providersAlsoFrom: ["suspended"],
  // Billing must win: its provider's terminate does not wait behind (or for) the owner's actions.
  preempts: providers,
  input: z.object({}),
  payload: z.object({}),
  repeatAnswersSameJobOnceServerIs: "terminated",
  ownRestRoute: "DELETE /api/v1/servers/{id}",
  async accepted(transaction, { server }) {
    await transaction.server.update({ where: { id: server.id }, data: { desiredState: "terminated" } });
  },
  steps: [
    {
      // A server whose provisioning failed before placement has no container to destroy.
      label: "Destroying the server",
      run: async ({ agent, server }) => (server.host ? agent().destroyContainer(server.containerName) : undefined),
    },
    {
      // Before the address goes back: no forward may lead to whoever gets it next. The host gets its
      // whole network again every time, so a retry after a crash between the two still closes them.
      label: "Closing its port forwards",
      run: async ({ database, agent, server }) => {
        await database.portForward.deleteMany({ where: { serverId: server.id } });
        if (server.hostId) await agent().setHostNetwork(await hostNetworkConfig(database, server.hostId));
      },
    },
    { label: "Releasing its addresses", run: async ({ database, server }) => void (await releaseAddresses(database, server.id)) },
  ],
  outcome: () => ({ status: "terminated", desiredState: "terminated", suspended: false, terminatedAt: new Date() }),
  // The status flips with a conditional update, so a retried job releases the quota only once.
  async settle(transaction, { server }) {
    const ended = await transaction.server.updateMany({ where: { id: server.id, status: { notIn: statusesWithoutQuota } }, data: { status: "terminated" } });
    const quotaHolder = quotaHolderOf(server.owner);
    if (ended.count === 1 && quotaHolder) await releaseQuota(transaction, quotaHolder, usageOfPlan(server.plan));
    const customerId = customerQuotaHolderOf(server.owner);
    if (ended.count === 1 && customerId) await releaseCustomerQuota(transaction, customerId, usageOfPlan(server.plan));
  },
  billingEvent: "service.terminate",
  announce: () => ({ event: "server.terminated" }),
  labels: {
    name: "Termination",
    button: "Terminate",
    running: "Termination in progress",
    done: "Server terminated",
    description: "Permanently destroys the server and its disk, and releases its addresses. This cannot be undone.",
  },
  panel: {
    placement: "manage",
    tone: "danger",
    inServerLists: true,
    confirm: { title: "Terminate this server for good?", detail: "Its disk is destroyed and its addresses are released.", button: "Terminate forever", typeHostname: true },
  },
});

import { database } from "@/lib/database/client";
import { formatMegabytes, formatPrice, formatVcpus } from "@/app/_components/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { listPlans } from "@/lib/plans/list-plans";
import { listHostGroups } from "@/lib/host-groups/list-host-groups";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { ActionForm } from "@/app/_components/action-form";
import { Cell, DataTable, EditRow } from "@/app/_components/data-table";
import { Card, CardBody, PageHeader } from "@/app/_components/ui";
import { ActivePill, CatalogRowActions } from "../_catalog/catalog-controls";
import { createPlanAction, setPlanActiveAction, updatePlanAction } from "./actions";
import { PlanFields, formatTransfer } from "./plan-fields";

export const generateMetadata = consoleMetadata("Plans", "admin");
export const dynamic = "force-dynamic";

export default async function AdminPlansPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { edit: editing } = await searchParams;
  const [plans, hostGroups] = await Promise.all([listPlans({ database: database(), actor }), listHostGroups({ database: database(), actor })]);

  return (
    <>
      <PageHeader title="Plans" description="What customers can order. Deactivating a plan stops new orders and resizes onto it; servers on it keep running." />

      <Card title="Plans" className="mb-8">
        <DataTable columns={["Plan", "Resources", "Network", "Price", "Servers", "Status", { label: "Actions", srOnly: true }]}>
          {plans.map((plan) => [
            <tr key={plan.id} data-testid="plan-row" data-slug={plan.slug} data-active={plan.active} className={`align-top ${plan.active ? "" : "text-slate-400"}`}>
              <Cell>
                <p className={`font-medium ${plan.active ? "text-slate-900" : "text-slate-500"}`}>{plan.name}</p>
                <code className="text-xs text-slate-500">{plan.slug}</code>
              </Cell>
              <Cell className="text-slate-600">
                {formatVcpus(plan.vcpus)} · {formatMegabytes(plan.memoryMb)} RAM (+{formatMegabytes(plan.swapMb)} swap) · {formatMegabytes(plan.diskMb)} disk
                <p className="text-xs text-slate-400">
                  {plan.processes} processes · IO {plan.ioReadMbps}/{plan.ioWriteMbps} MB/s
                </p>
                {plan.hostGroupId ? (
                  <p className="text-xs text-slate-400" data-testid="plan-host-group">
                    host group {hostGroups.find((group) => group.id === plan.hostGroupId)?.name}
                  </p>
                ) : null}
              </Cell>
              <Cell className="text-slate-600">
                {plan.networkMbps} Mbit/s · <span data-testid="plan-address-mode">{plan.addressMode === "routed" ? "routed" : "NAT"}</span> addresses
                <p className="text-xs text-slate-400" data-testid="plan-transfer">
                  {formatTransfer(plan)}
                </p>
              </Cell>
              <Cell className="whitespace-nowrap text-slate-700">{formatPrice(plan.monthlyPriceCents)}/mo</Cell>
              <Cell className="text-slate-600">
                {plan.servers}
                <p className="text-xs text-slate-400">{plan.resellers} reseller(s)</p>
              </Cell>
              <Cell>
                <ActivePill active={plan.active} />
              </Cell>
              <CatalogRowActions kind="plan" id={plan.id} active={plan.active} editing={editing} setActiveAction={setPlanActiveAction} />
            </tr>,
            editing === plan.id ? (
              <EditRow key={`${plan.id}-edit`} colSpan={7}>
                <ActionForm action={updatePlanAction} hidden={{ planId: plan.id }} submitLabel="Save plan" pendingLabel="Saving…" testId="plan-save">
                  <PlanFields idPrefix={`plan-${plan.id}`} plan={plan} hostGroups={hostGroups} />
                </ActionForm>
              </EditRow>
            ) : null,
          ])}
        </DataTable>
      </Card>

      <Card title="New plan" description="Every amount must be positive (but a transfer allowance of 0 is unlimited); the slug is what the API and billing systems order by">
        <CardBody>
          <ActionForm action={createPlanAction} submitLabel="Create plan" pendingLabel="Creating…" testId="plan-create" resetOnSuccess>
            <PlanFields idPrefix="new-plan" hostGroups={hostGroups} />
          </ActionForm>
        </CardBody>
      </Card>
    </>
  );
}

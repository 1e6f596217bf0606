import { database } from "@/lib/database/client";
import { formatMegabytes, formatPrice, formatVcpus } from "@/app/_components/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { listPlans } from "@/lib/plans/list-plans";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { ActionForm } from "@/app/_components/action-form";
import { Cell, DataTable, EditRow } from "@/app/_components/data-table";
import { Field } from "@/app/_components/fields";
import { Card, CardBody, PageHeader } from "@/app/_components/ui";
import { ActivePill, CatalogRowActions } from "../_catalog/catalog-controls";
import { createPlanAction, setPlanActiveAction, updatePlanAction } from "./actions";

export const generateMetadata = consoleMetadata("Plans", "admin");
export const dynamic = "force-dynamic";

type PlanValues = {
  slug: string; name: string; vcpus: number; memoryMb: number; swapMb: number; diskMb: number; processes: number;
  ioReadMbps: number; ioWriteMbps: number; networkMbps: number; monthlyPriceCents: number;
};

/** The plan's fields; idPrefix keeps label/input pairs unique when several forms are on the page. */
function PlanFields({ idPrefix, plan }: { idPrefix: string; plan?: PlanValues }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Field label="Slug" name="slug" id={id("slug")} testId="plan-slug" required defaultValue={plan?.slug} placeholder="e.g. large" hint="a-z, 0-9 and -" />
      <Field label="Name" name="name" id={id("name")} testId="plan-name" required defaultValue={plan?.name} placeholder="e.g. Large" />
      <Field label="vCPUs" name="vcpus" id={id("vcpus")} type="number" step="0.01" min={0.01} required defaultValue={plan?.vcpus} />
      <Field label="Monthly price (USD)" name="monthlyPrice" id={id("price")} type="number" step="0.01" min={0} required defaultValue={plan ? plan.monthlyPriceCents / 100 : undefined} />
      <Field label="Memory (MB)" name="memoryMb" id={id("memory")} type="number" min={1} required defaultValue={plan?.memoryMb} />
      <Field label="Swap (MB)" name="swapMb" id={id("swap")} type="number" min={0} required defaultValue={plan?.swapMb ?? 0} />
      <Field label="Disk (MB)" name="diskMb" id={id("disk")} type="number" min={1} required defaultValue={plan?.diskMb} />
      <Field label="Processes" name="processes" id={id("processes")} type="number" min={1} required defaultValue={plan?.processes ?? 512} />
      <Field label="Disk read (MB/s)" name="ioReadMbps" id={id("io-read")} type="number" min={1} required defaultValue={plan?.ioReadMbps ?? 100} />
      <Field label="Disk write (MB/s)" name="ioWriteMbps" id={id("io-write")} type="number" min={1} required defaultValue={plan?.ioWriteMbps ?? 50} />
      <Field label="Network (Mbit/s)" name="networkMbps" id={id("network")} type="number" min={1} required defaultValue={plan?.networkMbps ?? 100} />
    </div>
  );
}

export default async function AdminPlansPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { edit: editing } = await searchParams;
  const plans = await listPlans({ database: database(), actor });

  return (
    <>
      <PageHeader title="Plans" description="What customers can order. Deactivating a plan stops new orders and resizes onto it; servers on it keep running." />

      <Card title="Plans" className="mb-8">
        <DataTable columns={["Plan", "Resources", "Price", "Servers", "Status", { label: "Actions", srOnly: true }]}>
          {plans.map((plan) => [
            <tr key={plan.id} data-testid="plan-row" data-slug={plan.slug} data-active={plan.active} className={`align-top ${plan.active ? "" : "text-slate-400"}`}>
              <Cell>
                <p className={`font-medium ${plan.active ? "text-slate-900" : "text-slate-500"}`}>{plan.name}</p>
                <code className="text-xs text-slate-500">{plan.slug}</code>
              </Cell>
              <Cell className="text-slate-600">
                {formatVcpus(plan.vcpus)} · {formatMegabytes(plan.memoryMb)} RAM (+{formatMegabytes(plan.swapMb)} swap) · {formatMegabytes(plan.diskMb)} disk
                <p className="text-xs text-slate-400">
                  {plan.processes} processes · IO {plan.ioReadMbps}/{plan.ioWriteMbps} MB/s · {plan.networkMbps} Mbit/s
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
              <EditRow key={`${plan.id}-edit`} colSpan={6}>
                <ActionForm action={updatePlanAction} hidden={{ planId: plan.id }} submitLabel="Save plan" pendingLabel="Saving…" testId="plan-save">
                  <PlanFields idPrefix={`plan-${plan.id}`} plan={plan} />
                </ActionForm>
              </EditRow>
            ) : null,
          ])}
        </DataTable>
      </Card>

      <Card title="New plan" description="Every amount must be positive; the slug is what the API and billing systems order by">
        <CardBody>
          <ActionForm action={createPlanAction} submitLabel="Create plan" pendingLabel="Creating…" testId="plan-create" resetOnSuccess>
            <PlanFields idPrefix="new-plan" />
          </ActionForm>
        </CardBody>
      </Card>
    </>
  );
}

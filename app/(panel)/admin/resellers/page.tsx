import Link from "next/link";
import { database } from "@/lib/database/client";
import { formatMegabytes, formatVcpus } from "@/app/_components/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { listPlans } from "@/lib/plans/list-plans";
import { listResellers } from "@/lib/resellers/list-resellers";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { ActionForm } from "@/app/_components/action-form";
import { Field, secondaryLink } from "@/app/_components/fields";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { UsageBar } from "@/app/_components/usage-bar";
import { createResellerAction, setOfferedPlansAction, setResellerQuotaAction, suspendResellerAction, unsuspendResellerAction } from "./actions";

export const generateMetadata = consoleMetadata("Resellers", "admin");
export const dynamic = "force-dynamic";

type QuotaLimits = { maxServers: number; maxVcpus: number; maxMemoryMb: number; maxDiskMb: number; maxIpv4: number };

function QuotaFields({ idPrefix, quota }: { idPrefix: string; quota?: QuotaLimits }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
      <Field label="Servers" name="maxServers" id={id("servers")} type="number" min={0} required defaultValue={quota?.maxServers ?? 10} />
      <Field label="vCPUs" name="maxVcpus" id={id("vcpus")} type="number" step="0.01" min={0} required defaultValue={quota?.maxVcpus ?? 10} />
      <Field label="Memory (MB)" name="maxMemoryMb" id={id("memory")} type="number" min={0} required defaultValue={quota?.maxMemoryMb ?? 8192} />
      <Field label="Disk (MB)" name="maxDiskMb" id={id("disk")} type="number" min={0} required defaultValue={quota?.maxDiskMb ?? 40960} />
      <Field label="IPv4 addresses" name="maxIpv4" id={id("ipv4")} type="number" min={0} required defaultValue={quota?.maxIpv4 ?? 10} />
    </div>
  );
}

function PlanChoices({ idPrefix, plans, chosen }: { idPrefix: string; plans: { slug: string; name: string }[]; chosen: string[] }) {
  if (plans.length === 0) return <p className="text-sm text-slate-500">There are no active plans yet.</p>;
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">Plans it may offer</legend>
      <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
        {plans.map((plan) => (
          <label key={plan.slug} htmlFor={`${idPrefix}-${plan.slug}`} className="inline-flex items-center gap-2 text-sm text-slate-700">
            <input
              id={`${idPrefix}-${plan.slug}`}
              type="checkbox"
              name="plans"
              value={plan.slug}
              defaultChecked={chosen.includes(plan.slug)}
              data-testid={`offer-plan-${plan.slug}`}
              className="size-4 rounded border-slate-300 text-indigo-600"
            />
            {plan.name} <code className="text-xs text-slate-400">{plan.slug}</code>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export default async function AdminResellersPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { edit: editing } = await searchParams;
  const db = database();
  const [resellers, plans] = await Promise.all([listResellers({ database: db, actor }), listPlans({ database: db, actor })]);
  const activePlans = plans.filter((plan) => plan.active);

  return (
    <>
      <PageHeader title="Resellers" description="Resellers sell the plans you let them offer to their own customers, within their quota." />

      <Card title="Resellers" className="mb-8">
        {resellers.length === 0 ? (
          <EmptyState title="No resellers yet" description="Create one below with a quota and the plans it may offer." />
        ) : (
          <ul className="divide-y divide-slate-100">
            {resellers.map((reseller) => (
              <li key={reseller.id} className="px-5 py-5" data-testid="reseller-row" data-email={reseller.email}>
                <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
                  <div className="min-w-0 lg:w-64">
                    <p className="font-medium text-slate-900">{reseller.name}</p>
                    <p className="text-sm text-slate-500">{reseller.email}</p>
                    <p className="mt-1 text-xs text-slate-500">
                      {reseller.customers} customer(s){reseller.brandName ? ` · brand “${reseller.brandName}”` : ""}
                      {reseller.suspendedAt ? " · suspended" : ""}
                    </p>
                    <p className="mt-2 flex flex-wrap gap-1">
                      {reseller.plans.length ? (
                        reseller.plans.map((slug) => (
                          <span key={slug} className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700">
                            {slug}
                          </span>
                        ))
                      ) : (
                        <span className="text-xs text-amber-700">offers no plans</span>
                      )}
                    </p>
                  </div>
                  <div className="grid flex-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
                    {reseller.quota ? (
                      <>
                        <UsageBar label="Servers" used={reseller.quota.servers.used} max={reseller.quota.servers.max} />
                        <UsageBar label="vCPU" used={reseller.quota.vcpus.used} max={reseller.quota.vcpus.max} format={formatVcpus} />
                        <UsageBar label="Memory" used={reseller.quota.memoryMb.used} max={reseller.quota.memoryMb.max} format={formatMegabytes} />
                        <UsageBar label="Disk" used={reseller.quota.diskMb.used} max={reseller.quota.diskMb.max} format={formatMegabytes} />
                        <UsageBar label="IPv4" used={reseller.quota.ipv4.used} max={reseller.quota.ipv4.max} />
                      </>
                    ) : (
                      <p className="text-sm text-amber-700">No quota set: it cannot take on servers.</p>
                    )}
                  </div>
                  <Link
                    href={editing === reseller.id ? "/admin/resellers" : `/admin/resellers?edit=${reseller.id}`}
                    data-testid="reseller-edit"
                    className={`${secondaryLink} self-start`}
                  >
                    {editing === reseller.id ? "Close" : "Edit"}
                  </Link>
                </div>
                {editing === reseller.id ? (
                  <div className="mt-5 grid gap-6 rounded-lg border border-slate-200 bg-slate-50/70 p-5">
                    <ActionForm action={setResellerQuotaAction} hidden={{ resellerId: reseller.id }} submitLabel="Save quota" pendingLabel="Saving…" testId="quota-save">
                      <h3 className="text-sm font-semibold text-slate-900">Quota</h3>
                      <QuotaFields
                        idPrefix={`quota-${reseller.id}`}
                        quota={
                          reseller.quota
                            ? {
                                maxServers: reseller.quota.servers.max,
                                maxVcpus: reseller.quota.vcpus.max,
                                maxMemoryMb: reseller.quota.memoryMb.max,
                                maxDiskMb: reseller.quota.diskMb.max,
                                maxIpv4: reseller.quota.ipv4.max,
                              }
                            : undefined
                        }
                      />
                    </ActionForm>
                    <ActionForm action={setOfferedPlansAction} hidden={{ resellerId: reseller.id }} submitLabel="Save plans" pendingLabel="Saving…" testId="plans-save">
                      <PlanChoices idPrefix={`plans-${reseller.id}`} plans={activePlans} chosen={reseller.plans} />
                    </ActionForm>
                    {reseller.suspendedAt ? (
                      <ActionForm action={unsuspendResellerAction} hidden={{ resellerId: reseller.id }} submitLabel="Lift suspension" pendingLabel="Lifting…" testId="reseller-unsuspend">
                        <h3 className="text-sm font-semibold text-slate-900">Suspended</h3>
                        <p className="text-sm text-slate-600">Lifting it lets the reseller and its customers sign in again, reopens its webhook and unsuspends the servers this suspension suspended.</p>
                      </ActionForm>
                    ) : (
                      <ActionForm
                        action={suspendResellerAction}
                        hidden={{ resellerId: reseller.id }}
                        submitLabel="Suspend reseller"
                        pendingLabel="Suspending…"
                        confirmLabel="Suspend it and its customers"
                        testId="reseller-suspend"
                      >
                        <h3 className="text-sm font-semibold text-slate-900">Suspend</h3>
                        <p className="text-sm text-slate-600">The reseller and its customers can no longer sign in or use tokens, its billing webhook is refused and its customers&apos; servers are suspended.</p>
                        <Field label="Reason (optional)" name="reason" id={`suspend-reason-${reseller.id}`} />
                      </ActionForm>
                    )}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="New reseller" description="Leave the password empty to generate one; it is shown once">
        <div className="px-5 py-5">
          <ActionForm action={createResellerAction} submitLabel="Create reseller" pendingLabel="Creating…" testId="reseller-create" resetOnSuccess>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label="Name" name="name" id="reseller-name" testId="reseller-name" required placeholder="e.g. Acme Hosting Ltd" />
              <Field label="Email" name="email" id="reseller-email" testId="reseller-email" type="email" required autoComplete="off" />
              <Field label="Password" name="password" id="reseller-password" testId="reseller-password" type="password" autoComplete="new-password" hint="10 to 72 characters; empty to generate" />
            </div>
            <QuotaFields idPrefix="new-reseller" />
            <PlanChoices idPrefix="new-reseller-plan" plans={activePlans} chosen={[]} />
          </ActionForm>
        </div>
      </Card>
    </>
  );
}

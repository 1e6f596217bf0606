import Link from "next/link";
import { database } from "@/lib/database/client";
import { formatMegabytes, formatPrice, formatVcpus } from "@/app/_components/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { resellerOverview } from "@/lib/resellers/reseller-overview";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { UsageBar } from "@/app/_components/usage-bar";
import { ActionForm } from "@/app/_components/action-form";
import { Field } from "@/app/_components/fields";
import { setPlanPriceAction } from "./actions";

export const generateMetadata = consoleMetadata("Reseller overview", "reseller");
export const dynamic = "force-dynamic";

export default async function ResellerOverviewPage() {
  const { actor } = await requirePageRole("reseller");
  const overview = await resellerOverview({ database: database(), actor });
  const { quota } = overview;

  return (
    <>
      <PageHeader title="Overview" description="What your quota allows, what your customers' servers use of it, and the plans you offer." />

      <div className="mb-8 grid gap-4 sm:grid-cols-3">
        {[
          { label: "Customers", value: overview.customers, href: "/reseller/customers" },
          { label: "Live servers", value: overview.servers, href: "/reseller/servers" },
          { label: "Plans offered", value: overview.plans.length, href: null },
        ].map((stat) => (
          <div key={stat.label} className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm">
            <p className="text-sm font-medium text-slate-500">{stat.label}</p>
            <p className="mt-1 text-3xl font-semibold tracking-tight text-slate-900">{stat.value}</p>
            {stat.href ? (
              <Link href={stat.href} className="mt-0.5 text-xs font-medium text-indigo-600 hover:text-indigo-500">
                Manage →
              </Link>
            ) : (
              <p className="mt-0.5 text-xs text-slate-400">chosen by your provider</p>
            )}
          </div>
        ))}
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card title="Quota" description="Every server your customers run takes its plan's share; terminated and failed servers give it back">
          {quota ? (
            <div className="space-y-4 px-5 py-5">
              <UsageBar label="Servers" used={quota.servers.used} max={quota.servers.max} testId="quota-servers" />
              <UsageBar label="vCPU" used={quota.vcpus.used} max={quota.vcpus.max} format={formatVcpus} testId="quota-vcpus" />
              <UsageBar label="Memory" used={quota.memoryMb.used} max={quota.memoryMb.max} format={formatMegabytes} testId="quota-memoryMb" />
              <UsageBar label="Disk" used={quota.diskMb.used} max={quota.diskMb.max} format={formatMegabytes} testId="quota-diskMb" />
              <UsageBar label="IPv4 addresses" used={quota.ipv4.used} max={quota.ipv4.max} testId="quota-ipv4" />
            </div>
          ) : (
            <p className="px-5 py-8 text-center text-sm text-amber-700">Your provider has not set a quota yet, so your customers cannot order servers.</p>
          )}
        </Card>

        <Card title="Plans you offer" description="Your customers can order and resize to these plans only">
          {overview.plans.length === 0 ? (
            <EmptyState title="No plans yet" description="Ask your provider to choose the plans you may offer." />
          ) : (
            <ul className="divide-y divide-slate-100">
              {overview.plans.map((plan) => (
                <li key={plan.slug} className="flex items-center justify-between gap-4 px-5 py-3.5" data-testid="offered-plan" data-slug={plan.slug}>
                  <div>
                    <p className="font-medium text-slate-900">{plan.name}</p>
                    <p className="text-xs text-slate-500">
                      {formatVcpus(plan.vcpus)} · {formatMegabytes(plan.memoryMb)} memory · {formatMegabytes(plan.diskMb)} disk
                    </p>
                  </div>
                  <div className="text-right">
                    <p className="text-xs text-slate-500">you pay {formatPrice(plan.monthlyPriceCents)}/mo</p>
                    <ActionForm action={setPlanPriceAction} hidden={{ plan: plan.slug }} submitLabel="Set price" variant="small" compact testId="plan-price-save">
                      <Field
                        label="Your customers pay (USD/month)"
                        name="monthlyPrice"
                        id={`price-${plan.slug}`}
                        testId="plan-price"
                        type="number"
                        step="0.01"
                        min={0}
                        defaultValue={plan.resellerPriceCents === null ? "" : plan.resellerPriceCents / 100}
                        hint="Empty: your customers see no price"
                      />
                    </ActionForm>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

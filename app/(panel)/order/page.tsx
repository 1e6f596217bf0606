import type { Metadata } from "next";
import { database } from "@/lib/database/client";
import { listSshKeys } from "@/lib/account/list-ssh-keys";
import { listOrderChoices } from "@/lib/orders/order-views";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { formatMegabytes, formatPrice, formatVcpus } from "@/app/_components/format";
import { Card, EmptyState, PageHeader } from "../../_components/ui";
import { OrderForm, type PlanChoice } from "./order-form";

export const metadata: Metadata = { title: "Order a server" };
export const dynamic = "force-dynamic";

export default async function OrderPage() {
  const { actor } = await requireSessionActor();
  const { plans, templates } = await listOrderChoices(database(), actor);
  const keys = await listSshKeys({ database: database(), userId: actor.userId });
  const planChoices: PlanChoice[] = plans.map((plan) => ({
    slug: plan.slug,
    name: plan.name,
    vcpus: formatVcpus(plan.vcpus),
    memory: formatMegabytes(plan.memoryMb),
    disk: formatMegabytes(plan.diskMb),
    swap: formatMegabytes(plan.swapMb),
    price: formatPrice(plan.monthlyPriceCents),
  }));

  return (
    <>
      <PageHeader title="Order a server" description="Pick a plan and an operating system template, name your server and choose how you log in." />
      {plans.length === 0 || templates.length === 0 ? (
        <Card>
          <EmptyState title="Nothing to order right now" description="No plans or templates are available at the moment. Please check back soon." />
        </Card>
      ) : (
        <OrderForm plans={planChoices} templates={templates} keys={keys.map(({ id, name, fingerprint }) => ({ id, name, fingerprint }))} />
      )}
    </>
  );
}

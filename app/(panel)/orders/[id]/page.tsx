import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { database } from "@/lib/database/client";
import { findOrderProgress, findOrderView } from "@/lib/orders/order-views";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { formatDateTime, formatMegabytes, formatPrice, formatVcpus } from "@/app/_components/format";
import { Card, Detail, PageHeader } from "../../../_components/ui";
import { OrderProgressPanel } from "./order-progress";

export const metadata: Metadata = { title: "Order" };
export const dynamic = "force-dynamic";

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireSessionActor();
  const { id } = await params;
  const db = database();
  const [order, progress] = await Promise.all([findOrderView(db, actor, id), findOrderProgress(db, actor, id)]);
  if (!order || !progress) notFound();

  return (
    <>
      <nav className="mb-4 text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-700">
          Dashboard
        </Link>
        <span className="mx-2">/</span>
        <span className="text-slate-700">Order</span>
      </nav>
      <PageHeader title={order.hostname} description={`Order placed ${formatDateTime(order.createdAt)}`} />
      <div className="grid items-start gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <OrderProgressPanel orderId={order.id} initial={progress} />
        </div>
        <Card title="Order details">
          <dl className="divide-y divide-slate-100">
            <Detail label="Plan">{order.plan.name}</Detail>
            <Detail label="Resources">
              {formatVcpus(order.plan.vcpus)} · {formatMegabytes(order.plan.memoryMb)} · {formatMegabytes(order.plan.diskMb)} disk
            </Detail>
            <Detail label="Template">{order.template.name}</Detail>
            <Detail label="Price">{formatPrice(order.plan.monthlyPriceCents)}/month</Detail>
            <Detail label="Order ID">
              <span className="font-mono text-xs break-all">{order.id}</span>
            </Detail>
          </dl>
        </Card>
      </div>
    </>
  );
}

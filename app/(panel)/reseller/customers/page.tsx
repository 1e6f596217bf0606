import Link from "next/link";
import { listCustomers } from "@/lib/customers/list-customers";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/lib/panel/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { ActionForm } from "@/app/_components/action-form";
import { Field, secondaryLink } from "@/app/_components/fields";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { createCustomerAction, deleteCustomerAction, suspendCustomerAction, unsuspendCustomerAction, updateCustomerAction } from "./actions";

export const generateMetadata = consoleMetadata("Customers", "reseller");
export const dynamic = "force-dynamic";

export default async function ResellerCustomersPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const { actor } = await requirePageRole("reseller");
  const { edit: editing } = await searchParams;
  const customers = await listCustomers({ database: database(), actor });

  return (
    <>
      <PageHeader title="Customers" description="Your customers sign in with the email and password you give them, and order the plans you offer." />

      <Card title="New customer" description="Set its password, or leave it empty to generate one that is shown once" className="mb-8">
        <div className="px-5 py-5">
          <ActionForm action={createCustomerAction} submitLabel="Create customer" pendingLabel="Creating…" testId="customer-create" resetOnSuccess>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label="Name" name="name" id="customer-name" testId="customer-name" required maxLength={200} placeholder="e.g. Jane Doe" />
              <Field label="Email" name="email" id="customer-email" testId="customer-email" type="email" required autoComplete="off" />
              <Field
                label="Password"
                name="password"
                id="customer-password"
                testId="customer-password"
                type="password"
                autoComplete="new-password"
                hint="10 to 72 characters"
              />
            </div>
          </ActionForm>
        </div>
      </Card>

      <Card title="Your customers" description={`${customers.length} customer(s)`}>
        {customers.length === 0 ? (
          <EmptyState title="No customers yet" description="Create your first customer above; it can sign in right away." />
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <thead className="border-b border-slate-100 bg-slate-50/60 text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-5 py-3">Customer</th>
                  <th className="px-5 py-3">Servers</th>
                  <th className="px-5 py-3">Since</th>
                  <th className="px-5 py-3">Status</th>
                  <th className="px-5 py-3"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {customers.map((customer) => [
                  <tr
                    key={customer.id}
                    data-testid="customer-row"
                    data-email={customer.email}
                    data-suspended={customer.suspendedAt ? "true" : "false"}
                    className="align-top"
                  >
                    <td className="px-5 py-3.5">
                      <p className="font-medium text-slate-900">{customer.name}</p>
                      <p className="text-xs text-slate-500">{customer.email}</p>
                    </td>
                    <td className="px-5 py-3.5 text-slate-600">{customer.servers}</td>
                    <td className="whitespace-nowrap px-5 py-3.5 text-slate-500">{formatDateTime(customer.createdAt)}</td>
                    <td className="px-5 py-3.5">
                      {customer.suspendedAt ? (
                        <span className="rounded-full bg-orange-50 px-2.5 py-0.5 text-xs font-medium text-orange-700 ring-1 ring-inset ring-orange-600/20" data-testid="customer-status">
                          suspended
                        </span>
                      ) : (
                        <span className="rounded-full bg-emerald-50 px-2.5 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-inset ring-emerald-600/20" data-testid="customer-status">
                          active
                        </span>
                      )}
                    </td>
                    <td className="px-5 py-3.5">
                      <div className="flex items-start justify-end gap-2">
                        <Link
                          href={editing === customer.id ? "/reseller/customers" : `/reseller/customers?edit=${customer.id}`}
                          data-testid="customer-edit"
                          className={secondaryLink}
                        >
                          {editing === customer.id ? "Close" : "Edit"}
                        </Link>
                        {customer.suspendedAt ? (
                          <ActionForm action={unsuspendCustomerAction} hidden={{ customerId: customer.id }} submitLabel="Unsuspend" testId="customer-unsuspend" variant="small" compact />
                        ) : (
                          <ActionForm action={suspendCustomerAction} hidden={{ customerId: customer.id }} submitLabel="Suspend" testId="customer-suspend" variant="small" compact />
                        )}
                        <ActionForm action={deleteCustomerAction} hidden={{ customerId: customer.id }} submitLabel="Delete" pendingLabel="Deleting…" testId="customer-delete" variant="danger" compact />
                      </div>
                    </td>
                  </tr>,
                  editing === customer.id ? (
                    <tr key={`${customer.id}-edit`}>
                      <td colSpan={5} className="bg-slate-50/70 px-5 py-5">
                        <ActionForm action={updateCustomerAction} hidden={{ customerId: customer.id }} submitLabel="Save customer" pendingLabel="Saving…" testId="customer-save">
                          <div className="grid gap-4 sm:grid-cols-3">
                            <Field label="Name" name="name" id={`edit-${customer.id}-name`} required defaultValue={customer.name} />
                            <Field label="Email" name="email" id={`edit-${customer.id}-email`} type="email" required defaultValue={customer.email} />
                            <Field
                              label="New password"
                              name="password"
                              id={`edit-${customer.id}-password`}
                              testId="customer-new-password"
                              type="password"
                              autoComplete="new-password"
                              hint="Leave empty to keep the current one"
                            />
                          </div>
                        </ActionForm>
                      </td>
                    </tr>
                  ) : null,
                ])}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

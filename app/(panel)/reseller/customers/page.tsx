import { listCustomers } from "@/lib/customers/list-customers";
import { readCustomerLimits } from "@/lib/tenancy/read-customer-limits";
import { CustomerLimitsForm } from "@/app/(panel)/admin/customers/customer-limits-form";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/app/_components/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { readPanelPage } from "@/lib/panel/read-panel-page";
import { ActionForm } from "@/app/_components/action-form";
import { Cell, DataTable, EditRow, EditToggle, RowActions } from "@/app/_components/data-table";
import { Field } from "@/app/_components/fields";
import { Pager, pageHref } from "@/app/_components/pager";
import { Card, CardBody, EmptyState, PageHeader, Pill } from "@/app/_components/ui";
import { createCustomerAction, deleteCustomerAction, suspendCustomerAction, unsuspendCustomerAction, updateCustomerAction } from "./actions";

export const generateMetadata = consoleMetadata("Customers", "reseller");
export const dynamic = "force-dynamic";

export default async function ResellerCustomersPage({ searchParams }: { searchParams: Promise<{ edit?: string; cursor?: string }> }) {
  const { actor } = await requirePageRole("reseller");
  const { edit: editing, cursor } = await searchParams;
  const { customers, nextCursor } = await readPanelPage(cursor, (page) => listCustomers({ database: database(), actor, cursor: page }));
  const limits = editing ? await readCustomerLimits({ database: database(), actor, customerIds: [editing] }) : {};
  // Editing a customer on a later page stays on that page.
  const listPath = pageHref("/reseller/customers", cursor);

  return (
    <>
      <PageHeader title="Customers" description="Your customers sign in with the email and password you give them, and order the plans you offer." />

      <Card title="New customer" description="Set its password, or leave it empty to generate one that is shown once" className="mb-8">
        <CardBody>
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
        </CardBody>
      </Card>

      <Card title="Your customers" description={cursor || nextCursor ? `${customers.length} customer(s) on this page` : `${customers.length} customer(s)`}>
        {customers.length === 0 ? (
          <EmptyState title="No customers yet" description="Create your first customer above; it can sign in right away." />
        ) : (
          <DataTable columns={["Customer", "Servers", "Since", "Status", { label: "Actions", srOnly: true }]}>
            {customers.map((customer) => [
              <tr
                key={customer.id}
                data-testid="customer-row"
                data-email={customer.email}
                data-suspended={customer.suspendedAt ? "true" : "false"}
                className="align-top"
              >
                <Cell>
                  <p className="font-medium text-slate-900">{customer.name}</p>
                  <p className="text-xs text-slate-500">{customer.email}</p>
                </Cell>
                <Cell className="text-slate-600">{customer.servers}</Cell>
                <Cell className="whitespace-nowrap text-slate-500">{formatDateTime(customer.createdAt)}</Cell>
                <Cell>
                  {customer.suspendedAt ? (
                    <Pill tone="orange" testId="customer-status">suspended</Pill>
                  ) : (
                    <Pill tone="emerald" testId="customer-status">active</Pill>
                  )}
                </Cell>
                <RowActions>
                  <EditToggle page={listPath} id={customer.id} editing={editing} testId="customer-edit" />
                  {customer.suspendedAt ? (
                    <ActionForm action={unsuspendCustomerAction} hidden={{ customerId: customer.id }} submitLabel="Unsuspend" testId="customer-unsuspend" variant="small" compact />
                  ) : (
                    <ActionForm action={suspendCustomerAction} hidden={{ customerId: customer.id }} submitLabel="Suspend" testId="customer-suspend" variant="small" compact />
                  )}
                  <ActionForm action={deleteCustomerAction} hidden={{ customerId: customer.id }} submitLabel="Delete" pendingLabel="Deleting…" testId="customer-delete" variant="danger" compact />
                </RowActions>
              </tr>,
              editing === customer.id ? (
                <EditRow key={`${customer.id}-edit`} colSpan={5}>
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
                  {limits[customer.id] ? (
                    <div className="mt-6 border-t border-slate-100 pt-4">
                      <p className="mb-2 text-sm font-medium text-slate-700">Limits (empty: the admin&apos;s default; never above your own quota)</p>
                      <CustomerLimitsForm customerId={customer.id} limits={limits[customer.id]!} withSwitches={false} />
                    </div>
                  ) : null}
                </EditRow>
              ) : null,
            ])}
          </DataTable>
        )}
        <Pager path="/reseller/customers" nextCursor={nextCursor} paged={Boolean(cursor)} />
      </Card>
    </>
  );
}

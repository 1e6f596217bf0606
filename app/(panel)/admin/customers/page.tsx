import { listCustomers } from "@/lib/customers/list-customers";
import { database } from "@/lib/database/client";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { readCustomerLimits } from "@/lib/tenancy/read-customer-limits";
import { readCustomerRules } from "@/lib/tenancy/read-customer-rules";
import { ActionForm } from "@/app/_components/action-form";
import { Field } from "@/app/_components/fields";
import { Card, CardBody, EmptyState, PageHeader } from "@/app/_components/ui";
import { saveCustomerPolicyAction, setResellerSelfServiceAction } from "./actions";
import { CustomerLimitsForm } from "./customer-limits-form";

export const generateMetadata = consoleMetadata("Customer limits", "admin");
export const dynamic = "force-dynamic";

function Switch({ name, label, checked, id }: { name: string; label: string; checked: boolean; id: string }) {
  return (
    <label htmlFor={id} className="inline-flex items-center gap-2 text-sm text-slate-700">
      <input id={id} type="checkbox" name={name} defaultChecked={checked} data-testid={id} className="size-4 rounded border-slate-300 text-indigo-600" />
      {label}
    </label>
  );
}

export default async function AdminCustomerLimitsPage() {
  const { actor } = await requirePageRole("admin");
  const db = database();
  const { policy, resellers } = await readCustomerRules({ database: db, actor });
  const { customers } = await listCustomers({ database: db, actor });
  const limits = await readCustomerLimits({ database: db, actor, customerIds: customers.map((customer) => customer.id) });

  return (
    <>
      <PageHeader title="Customer limits" description="What every customer may run, and whether customers may order and change plans themselves." />

      <Card title="Defaults for every customer" description="Apply to every customer without limits of its own; orders and resizes past them are refused" className="mb-8">
        <CardBody>
          <ActionForm action={saveCustomerPolicyAction} submitLabel="Save defaults" pendingLabel="Saving…" testId="customer-policy-save">
            <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
              <Field label="Servers" name="maxServers" id="policy-servers" type="number" min={0} required defaultValue={policy.maxServers} />
              <Field label="vCPUs" name="maxVcpus" id="policy-vcpus" type="number" step="0.01" min={0} required defaultValue={policy.maxVcpus} />
              <Field label="Memory (MB)" name="maxMemoryMb" id="policy-memory" type="number" min={0} required defaultValue={policy.maxMemoryMb} />
              <Field label="Disk (MB)" name="maxDiskMb" id="policy-disk" type="number" min={0} required defaultValue={policy.maxDiskMb} />
              <Field label="IPv4 addresses" name="maxIpv4" id="policy-ipv4" type="number" min={0} required defaultValue={policy.maxIpv4} />
            </div>
            <div className="mt-4 flex flex-wrap gap-x-6 gap-y-2">
              <Switch name="selfServiceOrders" id="policy-self-service-orders" label="Customers may order servers themselves" checked={policy.selfServiceOrders} />
              <Switch name="selfServicePlanChanges" id="policy-self-service-plan-changes" label="Customers may change plans themselves" checked={policy.selfServicePlanChanges} />
              <Switch name="billingServersSelfResize" id="policy-billing-servers-self-resize" label="Servers ordered by a billing system may change plan outside it" checked={policy.billingServersSelfResize} />
            </div>
          </ActionForm>
        </CardBody>
      </Card>

      <Card title="Resellers' customers" description="Switch self-service off for all customers of one reseller" className="mb-8">
        <CardBody>
          {resellers.length === 0 ? (
            <EmptyState title="No resellers" description="Resellers are created on the Resellers page." />
          ) : (
            <ul className="divide-y divide-slate-100">
              {resellers.map((reseller) => (
                <li key={reseller.id} className="py-3" data-testid="reseller-self-service" data-email={reseller.email}>
                  <p className="text-sm font-medium text-slate-900">{reseller.name} <span className="text-xs text-slate-500">{reseller.email}</span></p>
                  {reseller.hasQuota ? (
                    <ActionForm action={setResellerSelfServiceAction} hidden={{ resellerId: reseller.id }} submitLabel="Save" variant="small" testId="reseller-self-service-save">
                      <div className="flex flex-wrap gap-x-6 gap-y-2">
                        <Switch name="selfServiceOrders" id={`reseller-${reseller.id}-orders`} label="Its customers may order" checked={reseller.selfServiceOrders} />
                        <Switch name="selfServicePlanChanges" id={`reseller-${reseller.id}-plans`} label="Its customers may change plans" checked={reseller.selfServicePlanChanges} />
                      </div>
                    </ActionForm>
                  ) : (
                    <p className="text-xs text-slate-500">Set its quota first.</p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>

      <Card title="Customers" description="A customer's own limits replace the defaults (leave a field empty for the default)">
        <CardBody>
          {customers.length === 0 ? (
            <EmptyState title="No customers yet" description="Customers are created by resellers, billing systems or the berth command." />
          ) : (
            <ul className="divide-y divide-slate-100">
              {customers.map((customer) => (
                <li key={customer.id} className="py-4" data-testid="customer-limits" data-email={customer.email}>
                  <p className="mb-2 text-sm font-medium text-slate-900">{customer.name} <span className="text-xs text-slate-500">{customer.email}</span></p>
                  {limits[customer.id] ? <CustomerLimitsForm customerId={customer.id} limits={limits[customer.id]!} withSwitches /> : null}
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>
    </>
  );
}

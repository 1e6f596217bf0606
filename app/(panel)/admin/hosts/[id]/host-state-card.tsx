import type { Actor } from "@/lib/access/actor";
import { database } from "@/lib/database/client";
import { AppError } from "@/lib/errors";
import { listHosts } from "@/lib/hosts/list-hosts";
import { ActionForm } from "@/app/_components/action-form";
import { Field } from "@/app/_components/fields";
import { Card, CardBody } from "@/app/_components/ui";
import { updateHostStateAction } from "../actions";

/** Draining and maintenance: whether new servers may go to the host, and the notice its servers' customers see. */
export async function HostStateCard({ actor, hostId }: { actor: Actor; hostId: string }) {
  const [host] = await listHosts({ database: database(), actor, hostId });
  if (!host) throw new AppError("not_found", 404, `host ${hostId} not found`);
  return (
    <Card title="Draining and maintenance" description="A draining host or one in maintenance gets no new servers; its servers stay. The notice is shown to the customers of its servers." className="mb-8">
      <CardBody>
        <ActionForm action={updateHostStateAction} hidden={{ hostId }} submitLabel="Save" pendingLabel="Saving…" testId="host-state-save">
          <div className="space-y-4">
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" name="draining" defaultChecked={host.draining} data-testid="host-draining" className="h-4 w-4 rounded border-slate-300" />
              Draining: no new servers go here
            </label>
            <Field label="Maintenance notice" name="maintenanceNotice" id="host-maintenance-notice" defaultValue={host.maintenance?.notice ?? ""} placeholder="e.g. Kernel update tonight at 02:00 UTC" hint={host.maintenance ? `in maintenance since ${new Date(host.maintenance.since).toUTCString()}; empty it to end maintenance` : "empty: not in maintenance"} />
          </div>
        </ActionForm>
      </CardBody>
    </Card>
  );
}

import { ActionForm } from "@/app/_components/action-form";
import { Field, SelectField } from "@/app/_components/fields";
import { updateIpPoolAction } from "./actions";
import { poolModeHint, poolModeOptions } from "./pool-options";

export interface PoolSettings {
  id: string;
  name: string;
  host: { name: string } | null;
  mode: string;
  uplink: string | null;
  proxyNeighbour: boolean;
  publicAddress: string | null;
  gateway: string;
  resolvers: string;
  used: number;
}

/** A setting that cannot change now, shown in place of its field (and so left out of the form, which keeps it). */
function FixedSetting({ label, value, why }: { label: string; value: string; why: string }) {
  return (
    <div>
      <p className="block text-sm font-medium text-slate-700">{label}</p>
      <p className="mt-1.5 py-2 font-mono text-sm text-slate-700">{value}</p>
      <p className="mt-1 text-xs text-slate-500">{why}</p>
    </div>
  );
}

/**
 * Every setting of one pool in one form: the action reads the proxy checkbox as off when it is
 * absent, so the settings are always sent together.
 */
export function PoolSettingsForm({ pool, hosts }: { pool: PoolSettings; hosts: string[] }) {
  const id = (name: string) => `pool-${pool.id}-${name}`;
  // Servers have the host's bridge and the gateway configured: both stay while any address is assigned.
  const fixed = pool.used > 0 ? `Fixed while any of its addresses is assigned (${pool.used} now)` : null;
  const hostOptions = hosts.map((host) => ({ value: host, label: host }));
  // A pool on a host that is no longer active keeps it unless another is chosen ("" keeps it).
  if (pool.host && !hosts.includes(pool.host.name)) hostOptions.unshift({ value: "", label: `${pool.host.name} (inactive)` });
  return (
    <ActionForm action={updateIpPoolAction} hidden={{ poolId: pool.id }} submitLabel="Save pool" pendingLabel="Saving…" testId="pool-save">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {fixed ? (
          <FixedSetting label="Host" value={pool.host?.name ?? "none"} why={fixed} />
        ) : (
          <SelectField label="Host" name="host" id={id("host")} testId="pool-host-select" options={hostOptions} defaultValue={hosts.includes(pool.host?.name ?? "") ? pool.host?.name : ""} hint="Whose servers get its addresses" />
        )}
        <SelectField label="Mode" name="mode" id={id("mode")} testId="pool-mode-select" options={poolModeOptions} defaultValue={pool.mode} hint={poolModeHint} />
        <Field label="Uplink" name="uplink" id={id("uplink")} testId="pool-uplink-input" defaultValue={pool.uplink ?? ""} placeholder="none" hint="The host's interface towards the internet, e.g. eth0; empty keeps the servers on the bridge" />
        <Field label="Public address" name="publicAddress" id={id("public-address")} testId="pool-public-address-input" defaultValue={pool.publicAddress ?? ""} placeholder="none" hint="NAT: the uplink address servers appear as and port forwards answer on, shown to customers" />
        {fixed ? (
          <FixedSetting label="Gateway" value={pool.gateway} why={fixed} />
        ) : (
          <Field label="Gateway" name="gateway" id={id("gateway")} testId="pool-gateway-input" required defaultValue={pool.gateway} hint="The host takes it on its bridge" />
        )}
        <Field
          label="Resolvers"
          name="resolvers"
          id={id("resolvers")}
          testId="pool-resolvers"
          defaultValue={pool.resolvers.split(",").filter(Boolean).join(", ")}
          placeholder="image default"
          hint="Up to 3; servers get them in /etc/resolv.conf at their next first boot or reinstall"
        />
        <label htmlFor={id("proxy-neighbour")} className="inline-flex items-center gap-2 self-center text-sm text-slate-700 lg:col-span-2">
          <input id={id("proxy-neighbour")} type="checkbox" name="proxyNeighbour" defaultChecked={pool.proxyNeighbour} data-testid="pool-proxy-neighbour-input" className="size-4 rounded border-slate-300 text-indigo-600" />
          Answer ARP / neighbour solicitations on the uplink for its servers (an upstream that expects them on its link)
        </label>
      </div>
    </ActionForm>
  );
}

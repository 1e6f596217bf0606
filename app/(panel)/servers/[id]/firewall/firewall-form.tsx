"use client";

import { startTransition, useActionState, useRef, useState } from "react";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";
import { FormError, FormMessage } from "@/app/_components/action-form";
import { primaryButton } from "@/app/_components/fields";
import { saveFirewallAction } from "./actions";

/** A rule as the editor holds it: every field a string, "" for "any". */
export interface RuleFields {
  direction: string;
  protocol: string;
  port: string;
  address: string;
  action: string;
  description: string;
}

export interface FirewallPreset {
  name: string;
  label: string;
  defaultInbound: string;
  rules: RuleFields[];
}

type Row = RuleFields & { key: number };

const newRule: RuleFields = { direction: "in", protocol: "tcp", port: "", address: "", action: "accept", description: "" };
const portless = new Set(["icmp", "any"]);

const cellInput =
  "block w-full rounded-md border-0 bg-white px-2 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 read-only:bg-slate-50 focus:ring-2 focus:ring-indigo-600";
const smallButton = "inline-flex items-center whitespace-nowrap rounded-lg bg-white px-2.5 py-1 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-50";
const columns = "grid grid-cols-2 gap-2 sm:grid-cols-[7rem_6rem_7rem_minmax(9rem,1fr)_6rem_minmax(8rem,1fr)_auto] sm:items-start";

function Select({ name, value, options, testId, label, onChange }: {
  name: string;
  value: string;
  options: [string, string][];
  testId: string;
  label: string;
  onChange(value: string): void;
}) {
  return (
    <select name={name} value={value} aria-label={label} data-testid={testId} onChange={(event) => onChange(event.target.value)} className={cellInput}>
      {options.map(([optionValue, text]) => (
        <option key={optionValue} value={optionValue}>
          {text}
        </option>
      ))}
    </select>
  );
}

/**
 * The rule set editor: the default for inbound traffic, the rules in order (the first match
 * decides), presets that fill the editor, and Save, which replaces the whole set. A refused save
 * keeps what was typed and marks the rule the refusal names.
 */
export function FirewallForm({ serverId, defaultInbound, rules, presets, maximumRules }: {
  serverId: string;
  defaultInbound: string;
  rules: RuleFields[];
  presets: FirewallPreset[];
  maximumRules: number;
}) {
  const [state, dispatch, pending] = useActionState(saveFirewallAction, initialActionState as ActionState<string>);
  const nextKey = useRef(rules.length);
  const [inbound, setInbound] = useState(defaultInbound);
  const [rows, setRows] = useState<Row[]>(() => rules.map((rule, index) => ({ ...rule, key: index })));

  const keyed = (rule: RuleFields): Row => ({ ...rule, key: nextKey.current++ });
  const update = (key: number, change: Partial<RuleFields>) =>
    setRows((current) => current.map((row) => (row.key !== key ? row : { ...row, ...change, ...(change.protocol && portless.has(change.protocol) ? { port: "" } : {}) })));
  const applyPreset = (preset: FirewallPreset) => {
    setInbound(preset.defaultInbound);
    setRows(preset.rules.map(keyed));
  };
  // "rules.2.port: ..." names the third row and its field.
  const rowErrors = new Map<number, string>();
  for (const [field, message] of Object.entries(state.error ? state.fieldErrors : {})) {
    const named = /^rules\.(\d+)\.(\w+)$/.exec(field);
    if (named) rowErrors.set(Number(named[1]), `${named[2]}: ${message}`);
  }

  return (
    <form
      className="space-y-5 px-5 py-5"
      onSubmit={(event) => {
        event.preventDefault();
        const formData = new FormData(event.currentTarget);
        startTransition(() => dispatch(formData));
      }}
    >
      <input type="hidden" name="serverId" value={serverId} />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <label htmlFor="firewall-default-inbound" className="block text-sm font-medium text-slate-700">
            Inbound traffic no rule matches
          </label>
          <select
            id="firewall-default-inbound"
            name="defaultInbound"
            value={inbound}
            data-testid="firewall-default-inbound-select"
            onChange={(event) => setInbound(event.target.value)}
            className={`${cellInput} mt-1.5 w-56`}
          >
            <option value="accept">Allow</option>
            <option value="drop">Block</option>
          </select>
          <p className="mt-1 text-xs text-slate-500">Replies to the server&apos;s own connections always pass.</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">Presets</span>
          {presets.map((preset) => (
            <button key={preset.name} type="button" data-testid={`firewall-preset-${preset.name}`} onClick={() => applyPreset(preset)} className={smallButton}>
              {preset.label}
            </button>
          ))}
        </div>
      </div>

      <div className="space-y-2">
        <div className={`${columns} hidden text-xs font-medium uppercase tracking-wide text-slate-500 sm:grid`} aria-hidden>
          <span>Direction</span>
          <span>Protocol</span>
          <span>Port</span>
          <span>Address</span>
          <span>Action</span>
          <span>Description</span>
          <span className="w-16" />
        </div>
        {rows.length === 0 ? <p className="rounded-lg bg-slate-50 px-4 py-6 text-center text-sm text-slate-500">No rules: the default above decides for all inbound traffic, and the server may send anything.</p> : null}
        {rows.map((row, index) => {
          const error = rowErrors.get(index);
          return (
            <div key={row.key} data-testid="firewall-rule-row" data-invalid={error ? true : undefined} className={`rounded-lg p-2 ${error ? "bg-rose-50 ring-1 ring-inset ring-rose-600/20" : "bg-slate-50/60"}`}>
              <div className={columns}>
                <Select name="direction" label="Direction" value={row.direction} testId="firewall-rule-direction" onChange={(direction) => update(row.key, { direction })} options={[["in", "Inbound"], ["out", "Outbound"]]} />
                <Select name="protocol" label="Protocol" value={row.protocol} testId="firewall-rule-protocol" onChange={(protocol) => update(row.key, { protocol })} options={[["tcp", "TCP"], ["udp", "UDP"], ["icmp", "ICMP"], ["any", "Any"]]} />
                {/* Read-only rather than disabled, so every row still sends each of its fields. */}
                <input name="port" aria-label="Port" value={row.port} readOnly={portless.has(row.protocol)} placeholder={portless.has(row.protocol) ? "—" : "all, 22, 8000-8100"} data-testid="firewall-rule-port" onChange={(event) => update(row.key, { port: event.target.value })} className={`${cellInput} font-mono`} />
                <input name="address" aria-label="Address" value={row.address} placeholder="anywhere" spellCheck={false} data-testid="firewall-rule-address" onChange={(event) => update(row.key, { address: event.target.value })} className={`${cellInput} font-mono`} />
                <Select name="action" label="Action" value={row.action} testId="firewall-rule-action" onChange={(action) => update(row.key, { action })} options={[["accept", "Allow"], ["drop", "Block"]]} />
                <input name="description" aria-label="Description" value={row.description} maxLength={100} placeholder="optional" data-testid="firewall-rule-description" onChange={(event) => update(row.key, { description: event.target.value })} className={cellInput} />
                <button type="button" data-testid="firewall-remove-rule" onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))} className={`${smallButton} w-16 justify-center`}>
                  Remove
                </button>
              </div>
              {error ? (
                <p className="mt-1.5 text-xs text-rose-700" data-testid="firewall-rule-error">
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>

      <div className="flex flex-wrap items-center gap-3">
        <button type="button" data-testid="firewall-add-rule" disabled={rows.length >= maximumRules} onClick={() => setRows((current) => [...current, keyed(newRule)])} className={smallButton}>
          Add rule
        </button>
        <span className="text-xs text-slate-500">
          {rows.length} of at most {maximumRules} rules
        </span>
        <span className="grow" />
        <FormMessage state={state} />
        <button type="submit" data-testid="firewall-save" disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
      <FormError state={state} />
    </form>
  );
}

"use client";

import { useState } from "react";
import { ActionForm } from "@/app/_components/action-form";
import { Field, SelectField } from "@/app/_components/fields";
import { Card, CardBody } from "@/app/_components/ui";
import { addAddressRangeAction } from "./actions";
import { poolModeHint, poolModeOptions } from "./pool-options";

type FieldText = { label: string; placeholder: string; hint?: string };
type RangeText = { network: FieldText; gateway: FieldText; first: FieldText; last: FieldText };

const ipv4Text: RangeText = {
  network: { label: "Network", placeholder: "e.g. 203.0.113.0/24" },
  gateway: { label: "Gateway", placeholder: "e.g. 203.0.113.1" },
  first: { label: "First address", placeholder: "e.g. 203.0.113.10" },
  last: { label: "Last address", placeholder: "e.g. 203.0.113.250" },
};

const ipv6AddressText: RangeText = {
  network: { label: "Prefix", placeholder: "e.g. 2001:db8:1:2::/64" },
  gateway: { label: "Gateway", placeholder: "e.g. 2001:db8:1:2::1" },
  first: { label: "First interface id (hex)", placeholder: "e.g. 10", hint: "prefix::10" },
  last: { label: "Last interface id (hex)", placeholder: "e.g. ff", hint: "prefix::ff" },
};

/** Prefix number `number` (hex) of 2001:db8:100::/48 at this length, the example the hints give. */
function examplePrefix(prefixLength: number, number: number): string {
  return `2001:db8:100:${(number << (64 - prefixLength)).toString(16)}::/${prefixLength}`;
}

// The domain numbers a prefix pool's prefixes inside its network, from 1 (0 holds the gateway's network).
function ipv6PrefixText(prefixLength: number): RangeText {
  return {
    network: { label: "Network", placeholder: "e.g. 2001:db8:100::/48", hint: `Up to 16 bits shorter than the servers' /${prefixLength}` },
    gateway: { label: "Gateway", placeholder: "e.g. fe80::1", hint: "Usually link-local fe80::1, or an address inside the network" },
    first: { label: "First prefix number (hex)", placeholder: "e.g. 1", hint: `1 is ${examplePrefix(prefixLength, 1)} in a /48; 0 is never handed out` },
    last: { label: "Last prefix number (hex)", placeholder: "e.g. ff", hint: `ff is ${examplePrefix(prefixLength, 0xff)}` },
  };
}

const prefixLengthOptions = [
  { value: "128", label: "One address (from a /64)" },
  { value: "64", label: "A /64 prefix" },
  { value: "60", label: "A /60 prefix" },
  { value: "56", label: "A /56 prefix" },
];

/** The form adding addresses (or IPv6 prefixes) to a pool, creating it on the host chosen when it is new. */
export function AddRangeCard({ family, hosts }: { family: "4" | "6"; hosts: string[] }) {
  const [prefixLength, setPrefixLength] = useState("128");
  const text = family === "4" ? ipv4Text : prefixLength === "128" ? ipv6AddressText : ipv6PrefixText(Number(prefixLength));
  const id = (name: string) => `v${family}-${name}`;
  const description =
    family === "4"
      ? "A network in CIDR form, its gateway and the first and last address to hand out"
      : "Single addresses from a /64, or a whole prefix per server from a larger network";
  return (
    <Card title={`Add an IPv${family} range`} description={description}>
      <CardBody>
        <ActionForm action={addAddressRangeAction} hidden={{ family }} submitLabel={`Add IPv${family} range`} pendingLabel="Adding…" testId={`pool-add-ipv${family}`}>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Pool name" name="pool" id={id("pool")} required placeholder={`e.g. public-ipv${family}`} hint="An existing pool gets the new addresses" />
            {family === "6" ? (
              <SelectField label="Each server gets" name="prefixLength" id={id("prefix-length")} testId="pool-prefix-length" options={prefixLengthOptions} defaultValue="128" onChange={setPrefixLength} hint="Fixed when the pool is created" />
            ) : (
              <div />
            )}
            {/* Host and mode only shape a pool the range creates; an existing pool keeps its own. */}
            {hosts.length > 0 ? (
              <SelectField label="Host" name="host" id={id("host")} testId="pool-add-host" options={hosts.map((host) => ({ value: host, label: host }))} hint="For a new pool: whose servers get its addresses" />
            ) : (
              <p className="text-sm text-slate-500">There is no active host to put a new pool on.</p>
            )}
            <SelectField label="Mode" name="mode" id={id("mode")} testId="pool-add-mode" options={poolModeOptions} hint={`For a new pool. ${poolModeHint}`} />
            <Field label={text.network.label} name="network" id={id("network")} required placeholder={text.network.placeholder} hint={text.network.hint} />
            <Field label={text.gateway.label} name="gateway" id={id("gateway")} required placeholder={text.gateway.placeholder} hint={text.gateway.hint} />
            <Field label={text.first.label} name="first" id={id("first")} required placeholder={text.first.placeholder} hint={text.first.hint} />
            <Field label={text.last.label} name="last" id={id("last")} required placeholder={text.last.placeholder} hint={text.last.hint} />
          </div>
        </ActionForm>
      </CardBody>
    </Card>
  );
}

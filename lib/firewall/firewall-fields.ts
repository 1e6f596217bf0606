import { z } from "zod";
import type { FirewallPolicy, FirewallRule } from "../../agent/types";
import { ZAddressRange } from "../network/address-ranges";

/** A customer's rule set holds at most this many rules (each is a line in the host's nft table). */
export const maximumFirewallRules = 50;

const ZPort = z.coerce.number().int("must be a whole number").min(1, "must be 1 to 65535").max(65535, "must be 1 to 65535");

/** "22", "8000-8100", 22, or null/"" for every port. */
const ZPortRange = z
  .union([z.number(), z.string().trim()])
  .nullable()
  .optional()
  .transform((value, context) => {
    if (value === null || value === undefined || value === "") return null;
    const [first, last = first, extra] = String(value).split("-");
    const from = ZPort.safeParse(first);
    const to = ZPort.safeParse(last);
    if (extra !== undefined || !from.success || !to.success || from.data > to.data) {
      context.addIssue({ code: "custom", message: `"${value}" is not a port (1-65535) or a range such as 8000-8100` });
      return z.NEVER;
    }
    return from.data === to.data ? String(from.data) : `${from.data}-${to.data}`;
  });

export const ZFirewallRule = z
  .object({
    /** in: traffic to the server (address: its source); out: traffic it sends (address: its destination). */
    direction: z.enum(["in", "out"], { message: "must be in or out" }),
    protocol: z.enum(["tcp", "udp", "icmp", "any"], { message: "must be tcp, udp, icmp or any" }),
    port: ZPortRange,
    /** An IPv4 or IPv6 network (or one address); absent, null or "": anywhere. */
    address: z.preprocess((value) => (value === "" || value === undefined ? null : value), ZAddressRange.nullable()),
    action: z.enum(["accept", "drop"], { message: "must be accept or drop" }),
    description: z.string().trim().max(100, "must be at most 100 characters").optional().default(""),
  })
  .refine((rule) => rule.port === null || rule.protocol === "tcp" || rule.protocol === "udp", { message: "ports need protocol tcp or udp", path: ["port"] });
export type TFirewallRule = z.output<typeof ZFirewallRule>;

export const firewallPresets = {
  ssh_only: {
    name: "SSH only",
    defaultInbound: "drop",
    rules: [
      { direction: "in", protocol: "tcp", port: "22", address: null, action: "accept", description: "SSH" },
      { direction: "in", protocol: "icmp", port: null, address: null, action: "accept", description: "ping" },
    ],
  },
  web_server: {
    name: "Web server",
    defaultInbound: "drop",
    rules: [
      { direction: "in", protocol: "tcp", port: "22", address: null, action: "accept", description: "SSH" },
      { direction: "in", protocol: "tcp", port: "80", address: null, action: "accept", description: "HTTP" },
      { direction: "in", protocol: "tcp", port: "443", address: null, action: "accept", description: "HTTPS" },
      { direction: "in", protocol: "udp", port: "443", address: null, action: "accept", description: "HTTP/3" },
      { direction: "in", protocol: "icmp", port: null, address: null, action: "accept", description: "ping" },
    ],
  },
  open: { name: "Allow everything", defaultInbound: "accept", rules: [] },
} as const satisfies Record<string, { name: string; defaultInbound: "accept" | "drop"; rules: readonly TFirewallRule[] }>;
export type FirewallPresetName = keyof typeof firewallPresets;

const presetNames = Object.keys(firewallPresets) as [FirewallPresetName, ...FirewallPresetName[]];

/**
 * A whole rule set (PUT replaces it), or a preset by name. One object rather than a union, so a
 * bad rule is named ("rules.3.port: ...") instead of "invalid input".
 */
export const ZFirewallInput = z
  .object({
    preset: z.enum(presetNames, { message: `must be one of ${presetNames.join(", ")}` }).optional(),
    defaultInbound: z.enum(["accept", "drop"], { message: "must be accept or drop" }).optional(),
    rules: z.array(ZFirewallRule).max(maximumFirewallRules, `at most ${maximumFirewallRules} rules`).optional(),
  })
  .superRefine((input, context) => {
    if (input.preset !== undefined) {
      if (input.defaultInbound !== undefined || input.rules !== undefined) context.addIssue({ code: "custom", path: ["preset"], message: "give a preset or a rule set, not both" });
      return;
    }
    if (input.defaultInbound === undefined) context.addIssue({ code: "custom", path: ["defaultInbound"], message: "must be accept or drop (or give a preset)" });
    if (input.rules === undefined) context.addIssue({ code: "custom", path: ["rules"], message: "must be a list of rules (or give a preset)" });
  });
export type TFirewallInput = z.input<typeof ZFirewallInput>;

/** The rule set an input names: a preset's, or its own. */
export function firewallOf(input: z.output<typeof ZFirewallInput>): { defaultInbound: "accept" | "drop"; rules: TFirewallRule[]; preset: FirewallPresetName | null } {
  if (input.preset !== undefined) {
    const preset = firewallPresets[input.preset];
    return { defaultInbound: preset.defaultInbound, rules: preset.rules.map((rule) => ({ ...rule })), preset: input.preset };
  }
  return { defaultInbound: input.defaultInbound ?? "accept", rules: input.rules ?? [], preset: null };
}

/** The rule set as the agent takes it (ports as numbers). */
export function agentFirewallPolicy(firewall: { version: number; defaultInbound: string; rules: readonly TFirewallRule[] }): FirewallPolicy {
  return {
    version: firewall.version,
    defaultInbound: firewall.defaultInbound === "drop" ? "drop" : "accept",
    rules: firewall.rules.map((rule): FirewallRule => {
      const [from = "", to = from] = rule.port?.split("-") ?? [];
      return { direction: rule.direction, protocol: rule.protocol, ports: rule.port ? { from: Number(from), to: Number(to) } : null, address: rule.address, action: rule.action };
    }),
  };
}

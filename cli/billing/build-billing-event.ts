import { randomBytes } from "node:crypto";
import { billingEventTypes, ZBillingEvent, type TBillingEvent } from "../../lib/billing/billing-events";
import { UsageError } from "../usage-error";

type BillingEventType = (typeof billingEventTypes)[number];

export interface BillingEventFlags {
  id?: string;
  service?: string;
  email?: string;
  name?: string;
  plan?: string;
  hostname?: string;
  template?: string;
  reason?: string;
}

type DataFlag = Exclude<keyof BillingEventFlags, "id" | "service">;

// Which flags each event type carries, and where each lands in the event's data.
const dataFor: Record<BillingEventType, (flags: BillingEventFlags) => Record<string, unknown>> = {
  "service.create": (flags) => ({
    customer: { email: flags.email, name: flags.name },
    plan: flags.plan,
    hostname: flags.hostname,
    template: flags.template,
  }),
  "service.suspend": (flags) => ({ reason: flags.reason }),
  "service.unsuspend": () => ({}),
  "service.terminate": () => ({}),
  "service.change_plan": (flags) => ({ plan: flags.plan }),
};

const flagsFor: Record<BillingEventType, DataFlag[]> = {
  "service.create": ["email", "name", "plan", "hostname", "template"],
  "service.suspend": ["reason"],
  "service.unsuspend": [],
  "service.terminate": [],
  "service.change_plan": ["plan"],
};

const dataFlags: DataFlag[] = ["email", "name", "plan", "hostname", "template", "reason"];

const flagForPath: Record<string, string> = {
  id: "--id",
  "data.serviceId": "--service",
  "data.customer.email": "--email",
  "data.customer.name": "--name",
  "data.plan": "--plan",
  "data.hostname": "--hostname",
  "data.template": "--template",
  "data.reason": "--reason",
};

function valueAt(body: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined), body);
}

export function isBillingEventType(type: string): type is BillingEventType {
  return (billingEventTypes as readonly string[]).includes(type);
}

/**
 * Builds the event a billing system would send, checked with the same schema the panel uses,
 * so a mistake is reported here by flag name instead of as a 400 from the panel.
 */
export function buildBillingEvent(type: string, flags: BillingEventFlags): TBillingEvent {
  if (!isBillingEventType(type)) {
    throw new UsageError(`unknown billing event type "${type}"; expected one of ${billingEventTypes.join(", ")}`);
  }
  const unused = dataFlags.filter((flag) => flags[flag] !== undefined && !flagsFor[type].includes(flag));
  if (unused.length > 0) {
    throw new UsageError(`${unused.map((flag) => `--${flag}`).join(", ")} does not apply to ${type}; it takes ${flagsFor[type].map((flag) => `--${flag}`).join(", ") || "only --id and --service"}`);
  }
  const body = {
    id: flags.id ?? `evt_${randomBytes(12).toString("hex")}`,
    type,
    data: { serviceId: flags.service, ...dataFor[type](flags) },
  };
  const result = ZBillingEvent.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.join(".");
      const flag = flagForPath[path] ?? path;
      return valueAt(body, issue.path) === undefined ? `${flag} is required for ${type}` : `${flag}: ${issue.message}`;
    });
    throw new UsageError(`the ${type} event is not valid:\n  ${[...new Set(problems)].join("\n  ")}`);
  }
  return result.data;
}

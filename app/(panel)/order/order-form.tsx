"use client";

import { useActionState, useState } from "react";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";
import { AccessFields, type SavedKeyChoice } from "./access-fields";
import { submitOrder } from "./actions";

export interface PlanChoice {
  slug: string;
  name: string;
  vcpus: string;
  memory: string;
  disk: string;
  swap: string;
  price: string;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" data-testid={`${id}`} className="mt-2 flex items-center gap-1.5 text-sm text-rose-600">
      <svg viewBox="0 0 20 20" fill="currentColor" className="size-4 shrink-0" aria-hidden>
        <path fillRule="evenodd" d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
      </svg>
      {message}
    </p>
  );
}

type OrderField = "plan" | "template" | "hostname" | "antiAffinityGroup";

// Fields whose refusal is shown under the field itself.
const fieldsWithErrors = ["plan", "template", "hostname", "antiAffinityGroup", "sshKeys", "rootPassword", "userData"];

export function OrderForm({ plans, templates, keys }: { plans: PlanChoice[]; templates: { slug: string; name: string }[]; keys: SavedKeyChoice[] }) {
  // A placed order redirects to its page, so every answer here is a refusal.
  const [state, formAction, pending] = useActionState(submitOrder, initialActionState);
  const values: Record<OrderField, string> =
    state.attempt === 0
      ? { plan: plans[0]?.slug ?? "", template: templates[0]?.slug ?? "", hostname: "", antiAffinityGroup: "" }
      : { plan: state.values.plan ?? "", template: state.values.template ?? "", hostname: state.values.hostname ?? "", antiAffinityGroup: state.values.antiAffinityGroup ?? "" };

  return (
    // Re-mounting on each failed attempt restores the submitted values after React resets the form.
    <OrderFormFields key={state.attempt} state={state} values={values} formAction={formAction} pending={pending} plans={plans} templates={templates} keys={keys} />
  );
}

function OrderFormFields({ state, values, formAction, pending, plans, templates, keys }: {
  state: ActionState<unknown>;
  values: Record<OrderField, string>;
  formAction: (formData: FormData) => void;
  pending: boolean;
  plans: PlanChoice[];
  templates: { slug: string; name: string }[];
  keys: SavedKeyChoice[];
}) {
  const [selectedPlan, setSelectedPlan] = useState(values.plan);
  const plan = plans.find((choice) => choice.slug === selectedPlan);
  const template = templates.find((choice) => choice.slug === values.template) ?? templates[0];
  const [templateName, setTemplateName] = useState(template?.name ?? "");
  const [hostname, setHostname] = useState(values.hostname);
  const fieldErrors: Partial<Record<string, string>> = state.fieldErrors;
  // A refusal about a field is shown under it; any other above the form.
  const message = Object.keys(fieldErrors).some((field) => fieldsWithErrors.includes(field.split(".")[0] ?? "")) ? null : state.error;
  const sshKeyError = Object.entries(fieldErrors).find(([field]) => field.startsWith("sshKeys"))?.[1];

  return (
    <form action={formAction} className="grid gap-8 lg:grid-cols-3" data-testid="order-form">
      <div className="space-y-8 lg:col-span-2">
        {message ? (
          <div role="alert" data-testid="order-form-error" className="rounded-lg bg-rose-50 px-4 py-3 text-sm text-rose-700 ring-1 ring-inset ring-rose-600/20">
            {message}
          </div>
        ) : null}

        <fieldset>
          <legend className="text-base font-semibold text-slate-900">1. Choose a plan</legend>
          <p className="mt-1 text-sm text-slate-500">Resources are guaranteed. You can order more servers at any time.</p>
          <div className="mt-4 grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {plans.map((choice) => (
              <label
                key={choice.slug}
                data-testid={`plan-${choice.slug}`}
                className="group relative flex cursor-pointer flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-indigo-300 has-[:checked]:border-indigo-600 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600"
              >
                <input
                  type="radio"
                  name="plan"
                  value={choice.slug}
                  defaultChecked={choice.slug === values.plan}
                  onChange={() => setSelectedPlan(choice.slug)}
                  className="sr-only"
                  aria-describedby={fieldErrors.plan ? "plan-error" : undefined}
                />
                <span className="flex items-center justify-between">
                  <span className="text-sm font-semibold text-slate-900">{choice.name}</span>
                  <span className="flex size-5 items-center justify-center rounded-full border border-slate-300 group-has-[:checked]:border-indigo-600 group-has-[:checked]:bg-indigo-600">
                    <span className="size-2 rounded-full bg-white opacity-0 group-has-[:checked]:opacity-100" />
                  </span>
                </span>
                <span className="mt-3 text-2xl font-semibold tracking-tight text-slate-900">
                  {choice.price}
                  <span className="text-sm font-normal text-slate-500">/month</span>
                </span>
                <span className="mt-4 space-y-1.5 text-sm text-slate-600">
                  <span className="flex justify-between"><span className="text-slate-500">CPU</span>{choice.vcpus}</span>
                  <span className="flex justify-between"><span className="text-slate-500">Memory</span>{choice.memory}</span>
                  <span className="flex justify-between"><span className="text-slate-500">Disk</span>{choice.disk}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id="plan-error" message={fieldErrors.plan} />
        </fieldset>

        <div className="grid gap-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:grid-cols-2">
          <div>
            <label htmlFor="template" className="block text-base font-semibold text-slate-900">
              2. Template
            </label>
            <p className="mt-1 text-sm text-slate-500">The operating system image.</p>
            <select
              id="template"
              name="template"
              defaultValue={template?.slug}
              onChange={(event) => setTemplateName(event.target.selectedOptions[0]?.text ?? "")}
              aria-invalid={fieldErrors.template ? true : undefined}
              aria-describedby={fieldErrors.template ? "template-error" : undefined}
              className="mt-3 block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-[invalid]:ring-rose-400"
            >
              {templates.map((choice) => (
                <option key={choice.slug} value={choice.slug}>
                  {choice.name}
                </option>
              ))}
            </select>
            <FieldError id="template-error" message={fieldErrors.template} />
          </div>
          <div>
            <label htmlFor="hostname" className="block text-base font-semibold text-slate-900">
              3. Hostname
            </label>
            <p className="mt-1 text-sm text-slate-500">Letters, digits and hyphens, up to 63 characters.</p>
            <input
              id="hostname"
              name="hostname"
              type="text"
              defaultValue={values.hostname}
              onChange={(event) => setHostname(event.target.value)}
              placeholder="web-1"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={fieldErrors.hostname ? true : undefined}
              aria-describedby={fieldErrors.hostname ? "hostname-error" : undefined}
              className="mt-3 block w-full rounded-lg border-0 px-3 py-2 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-[invalid]:ring-2 aria-[invalid]:ring-rose-400"
            />
            <FieldError id="hostname-error" message={fieldErrors.hostname} />
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="antiAffinityGroup" className="block text-sm font-semibold text-slate-900">
              Keep apart from my servers labelled <span className="font-normal text-slate-500">(optional)</span>
            </label>
            <p className="mt-1 text-sm text-slate-500">Servers you give the same label are placed on different physical hosts, so one host failing takes down only one of them.</p>
            <input
              id="antiAffinityGroup"
              name="antiAffinityGroup"
              type="text"
              defaultValue={values.antiAffinityGroup}
              placeholder="e.g. db"
              autoComplete="off"
              spellCheck={false}
              data-testid="order-anti-affinity"
              aria-invalid={fieldErrors.antiAffinityGroup ? true : undefined}
              aria-describedby={fieldErrors.antiAffinityGroup ? "antiAffinityGroup-error" : undefined}
              className="mt-3 block w-full rounded-lg border-0 px-3 py-2 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-[invalid]:ring-2 aria-[invalid]:ring-rose-400"
            />
            <FieldError id="antiAffinityGroup-error" message={fieldErrors.antiAffinityGroup} />
          </div>
        </div>

        <AccessFields keys={keys} errors={{ sshKeys: sshKeyError, rootPassword: fieldErrors.rootPassword, userData: fieldErrors.userData }} />
      </div>

      <aside className="lg:col-span-1">
        <div className="sticky top-24 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="text-base font-semibold text-slate-900">Summary</h2>
          <dl className="mt-4 space-y-3 text-sm">
            <div className="flex justify-between gap-4">
              <dt className="text-slate-500">Plan</dt>
              <dd className="font-medium text-slate-900">{plan?.name ?? "—"}</dd>
            </div>
            {plan ? (
              <div className="flex justify-between gap-4">
                <dt className="text-slate-500">Resources</dt>
                <dd className="text-right text-slate-700">
                  {plan.vcpus} · {plan.memory} RAM · {plan.disk} disk
                </dd>
              </div>
            ) : null}
            <div className="flex justify-between gap-4">
              <dt className="text-slate-500">Template</dt>
              <dd className="font-medium text-slate-900">{templateName || "—"}</dd>
            </div>
            <div className="flex justify-between gap-4">
              <dt className="text-slate-500">Hostname</dt>
              <dd className="truncate font-mono text-slate-900">{hostname.trim() || "—"}</dd>
            </div>
          </dl>
          <div className="mt-6 flex items-baseline justify-between border-t border-slate-100 pt-4">
            <span className="text-sm font-medium text-slate-500">Total</span>
            <span className="text-2xl font-semibold tracking-tight text-slate-900">
              {plan?.price ?? "—"}
              <span className="text-sm font-normal text-slate-500">/month</span>
            </span>
          </div>
          <button
            type="submit"
            disabled={pending}
            data-testid="order-submit"
            className="mt-6 flex w-full items-center justify-center gap-2 rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-wait disabled:opacity-70"
          >
            {pending ? (
              <>
                <span className="size-4 animate-spin rounded-full border-2 border-white/40 border-t-white" aria-hidden />
                Placing order…
              </>
            ) : (
              "Order server"
            )}
          </button>
          <p className="mt-3 text-center text-xs text-slate-500">Your server starts provisioning right away.</p>
        </div>
      </aside>
    </form>
  );
}

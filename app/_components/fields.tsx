import type { ReactNode } from "react";

export const inputStyles =
  "mt-1.5 block w-full rounded-lg border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600";

/** A labelled input; the label is tied to the input so tests and screen readers find it by name. */
export function Field({
  label,
  name,
  id,
  hint,
  testId,
  className = "",
  ...input
}: {
  label: string;
  name: string;
  id?: string;
  hint?: ReactNode;
  testId?: string;
  className?: string;
  type?: string;
  defaultValue?: string | number;
  required?: boolean;
  placeholder?: string;
  step?: string;
  min?: number;
  max?: number;
  maxLength?: number;
  pattern?: string;
  autoComplete?: string;
}) {
  const inputId = id ?? `field-${name}`;
  return (
    <div className={className}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={inputId} name={name} data-testid={testId} className={inputStyles} {...input} />
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

export function SelectField({ label, name, id, options, defaultValue, hint, testId, className = "", onChange }: {
  label: string;
  name: string;
  id?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  hint?: ReactNode;
  testId?: string;
  className?: string;
  /** For client forms whose other fields follow the choice. */
  onChange?: (value: string) => void;
}) {
  const selectId = id ?? `field-${name}`;
  return (
    <div className={className}>
      <label htmlFor={selectId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={selectId} name={name} defaultValue={defaultValue} data-testid={testId} className={inputStyles} onChange={onChange ? (event) => onChange(event.target.value) : undefined}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

/** The main submit button of the forms that handle their own state (not ActionForm). */
export const primaryButton =
  "inline-flex items-center justify-center rounded-lg bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60";

/** A link styled as a small secondary button (Edit / Close toggles of inline editors). */
export const secondaryLink =
  "inline-flex items-center whitespace-nowrap rounded-lg bg-white px-2.5 py-1 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50";

/** How much of a limit is used, as a labelled progress bar; amber from 80 %, red when full. */
export function UsageBar({ label, used, max, format = String, testId }: {
  label: string;
  used: number;
  max: number;
  format?: (value: number) => string;
  testId?: string;
}) {
  const percent = max > 0 ? Math.min(100, Math.round((used / max) * 100)) : used > 0 ? 100 : 0;
  const colour = percent >= 100 ? "bg-rose-500" : percent >= 80 ? "bg-amber-500" : "bg-indigo-500";
  return (
    <div data-testid={testId} data-used={used} data-max={max}>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium text-slate-700">{label}</span>
        <span className="tabular-nums text-slate-500">
          {format(used)} / {format(max)}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="mt-1.5 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full rounded-full ${colour}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

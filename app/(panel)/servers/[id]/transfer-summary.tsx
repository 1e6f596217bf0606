import type { TMonthlyUsageResource } from "@/lib/usage/read-monthly-usage";
import { formatBytes, formatDateTime, formatMonth } from "@/app/_components/format";
import { UsageBar } from "@/app/_components/usage-bar";

function limitNotice(limit: NonNullable<TMonthlyUsageResource["limit"]>, until: string): string {
  if (limit.action === "suspended") return `Monthly transfer allowance used: the server is suspended until ${until}.`;
  return `Monthly transfer allowance used: throttled to ${limit.throttleMbps} Mbit/s until ${until}.`;
}

/** The month's transfer (received + sent) against the plan's allowance, and what happened once it was used. */
export function TransferSummary({ usage }: { usage: TMonthlyUsageResource }) {
  const month = formatMonth(new Date(usage.periodStart));
  const resets = formatDateTime(new Date(usage.periodEnd));
  return (
    <div data-testid="usage-transfer" className="space-y-3">
      {usage.limit ? (
        <p role="status" data-testid="transfer-limit" data-action={usage.limit.action} className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-800 ring-1 ring-inset ring-amber-600/20">
          {limitNotice(usage.limit, resets)}
        </p>
      ) : null}
      {usage.allowanceBytes === null ? (
        <div className="flex items-baseline justify-between gap-3 text-sm">
          <span className="font-medium text-slate-700">Transfer in {month}</span>
          <span className="tabular-nums text-slate-500">
            <span data-testid="transfer-used">{formatBytes(usage.transferBytes)}</span> / <span data-testid="transfer-allowance">unlimited</span>
          </span>
        </div>
      ) : (
        <>
          <UsageBar label={`Transfer in ${month}`} used={usage.transferBytes} max={usage.allowanceBytes} format={formatBytes} testId="transfer-bar" />
          <p className="text-xs text-slate-500">
            <span data-testid="transfer-used">{formatBytes(usage.transferBytes)}</span> used,{" "}
            <span data-testid="transfer-left">{formatBytes(usage.remainingBytes ?? 0)}</span> left; the allowance starts again on {resets}.
          </p>
        </>
      )}
      <p className="text-xs text-slate-500">
        Received <span data-testid="transfer-received">{formatBytes(usage.rxBytes)}</span>, sent <span data-testid="transfer-sent">{formatBytes(usage.txBytes)}</span>; both count towards the allowance.
      </p>
    </div>
  );
}

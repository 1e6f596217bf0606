import Link from "next/link";
import type { TMetricsResource } from "@/lib/usage/read-metrics";
import { resolutions, usagePeriods, ZUsagePeriod, type UsagePeriod } from "@/lib/usage/usage-periods";
import { UsageCharts } from "./usage-charts";

/** The panel opens on the last hour: a new server's first readings fill it, where a day would show a dot. */
export const defaultUsagePeriod: UsagePeriod = "1h";

/** The period a page's `?usage=` names; anything else (an old or mistyped link) is the default. */
export function chosenUsagePeriod(value: string | string[] | undefined): UsagePeriod {
  return ZUsagePeriod.safeParse(value).data ?? defaultUsagePeriod;
}

/** The period choices as links to `?usage=<period>` on the same page (which keeps its scroll position). */
export function UsagePeriodLinks({ path, current }: { path: string; current: UsagePeriod }) {
  return (
    <nav aria-label="Usage period" className="flex gap-1 rounded-lg bg-slate-100 p-0.5 text-xs font-medium">
      {(Object.keys(usagePeriods) as UsagePeriod[]).map((period) => (
        <Link
          key={period}
          href={`${path}?usage=${period}`}
          scroll={false}
          aria-current={period === current ? "page" : undefined}
          data-testid={`usage-period-${period}`}
          className={`rounded-md px-2.5 py-1 ${period === current ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-700"}`}
        >
          {period}
        </Link>
      ))}
    </nav>
  );
}

/** A period's graphs, or a note while there are no readings yet. */
export function UsageGraphs({ metrics, empty }: { metrics: TMetricsResource; empty: string }) {
  if (metrics.points.length === 0) {
    return (
      <p data-testid="usage-empty" className="rounded-lg bg-slate-50 px-4 py-8 text-center text-sm text-slate-500">
        {empty}
      </p>
    );
  }
  return <UsageCharts points={metrics.points} from={metrics.from} to={metrics.to} stepSeconds={resolutions[metrics.resolution] / 1000} />;
}

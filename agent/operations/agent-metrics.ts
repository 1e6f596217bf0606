import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ContainerDriver } from "../driver";

/**
 * The agent's Prometheus metrics: its container actions (counted and timed as they end), its
 * containers by state (read from the driver at scrape time) and the process's own metrics.
 */
export class AgentMetrics {
  readonly registry = new Registry();
  private readonly operations: Counter<"kind" | "outcome">;
  private readonly durations: Histogram<"kind">;

  constructor(driver: Pick<ContainerDriver, "list">) {
    collectDefaultMetrics({ register: this.registry, prefix: "berth_agent_" });
    this.operations = new Counter({
      name: "berth_agent_operations_total",
      help: "Container actions the agent ended, by kind (create, start, stop, ...) and outcome (ok or the error code)",
      labelNames: ["kind", "outcome"],
      registers: [this.registry],
    });
    this.durations = new Histogram({
      name: "berth_agent_operation_duration_seconds",
      help: "How long container actions took, from the request to the answer (waiting for the container's lock included)",
      labelNames: ["kind"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [this.registry],
    });
    new Gauge({
      name: "berth_agent_containers",
      help: "Containers on this host by LXC state",
      labelNames: ["state"],
      registers: [this.registry],
      async collect() {
        const counts = new Map<string, number>();
        for (const container of await driver.list()) counts.set(container.state, (counts.get(container.state) ?? 0) + 1);
        this.reset();
        for (const [state, count] of counts) this.set({ state }, count);
      },
    });
  }

  recordOperation(kind: string, outcome: string, seconds: number): void {
    this.operations.inc({ kind, outcome });
    this.durations.observe({ kind }, seconds);
  }
}

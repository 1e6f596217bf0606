/** One structured log line per event, as JSON on stdout (easy to grep and to ship). */
export type AgentLogger = (event: Record<string, unknown>) => void;

export const logToStdout: AgentLogger = (event) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
};

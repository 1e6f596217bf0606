/** The operator typed something the CLI cannot run; the message says what to fix. Exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

import { z } from "zod";

/** The one error type the panel, API and worker raise on purpose; anything else is a 500. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** Turns a zod failure into a 400 naming the first bad field. */
export function validationError(error: z.ZodError): AppError {
  const first = error.issues[0];
  const field = first?.path.join(".") || "body";
  return new AppError("invalid_request", 400, `${field}: ${first?.message ?? "invalid"}`, {
    issues: error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message })),
  });
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

import assert from "node:assert/strict";
import { AppError } from "../../lib/errors";

/** For assert.rejects: the promise failed with an AppError of this status and code. */
export function isAppError(status: number, code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.status, status, error.message);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

import { userRoles } from "../../lib/domain/statuses";
import { AppError } from "../../lib/errors";
import { splitRanges } from "../../lib/network/address-ranges";
import { createUser } from "../../lib/users/create-user";
import { setSignInRanges } from "../../lib/users/set-sign-in-ranges";
import { findUserByEmail } from "../find-user";
import { withDatabase } from "../open-database";
import { formatDate, printRows } from "../output";
import { choiceFlag, parseFlags, requiredFlag } from "../parse-flags";
import { UsageError } from "../usage-error";

// createUser names its input fields; the operator typed flags.
const flagForField: Record<string, string> = { email: "--email", name: "--name", role: "--role", resellerEmail: "--reseller", password: "--password" };

/** Rewrites createUser's validation failure to name the flag to fix. */
function asUsageError(error: AppError): UsageError {
  const issues = (error.details as { issues?: { field: string; message: string }[] } | undefined)?.issues ?? [];
  const lines = issues.map((issue) => `${flagForField[issue.field] ?? issue.field} ${issue.message}`);
  return new UsageError(lines.length > 0 ? lines.join("; ") : error.message);
}

async function createUserCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("user create", args, {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "customer" },
    reseller: { type: "string" },
    password: { type: "string" },
  });
  const input = {
    email: requiredFlag(values.email, "email", "the new user's email address"),
    name: requiredFlag(values.name, "name", "the new user's display name"),
    role: choiceFlag(values.role, "role", userRoles),
    resellerEmail: values.reseller,
    password: values.password,
  };
  const { user, generatedPassword } = await withDatabase((database) =>
    createUser({ database, input }).catch((error: unknown) => {
      throw error instanceof AppError && error.code === "invalid_request" ? asUsageError(error) : error;
    }),
  );
  console.log(`Created ${user.role} ${user.email} with id ${user.id}`);
  if (generatedPassword) console.log(`Password: ${generatedPassword}\n(shown only now; it is stored hashed)`);
  return 0;
}

async function listUsersCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("user list", args, { json: { type: "boolean", default: false } });
  const users = await withDatabase((database) =>
    database.user.findMany({ orderBy: { createdAt: "asc" }, include: { reseller: { select: { email: true } } } }),
  );
  const rows = users.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    resellerEmail: user.reseller?.email ?? null,
    createdAt: formatDate(user.createdAt),
  }));
  printRows(rows, [
    { header: "ID", value: (row) => row.id },
    { header: "EMAIL", value: (row) => row.email },
    { header: "NAME", value: (row) => row.name },
    { header: "ROLE", value: (row) => row.role },
    { header: "RESELLER", value: (row) => row.resellerEmail },
    { header: "CREATED", value: (row) => row.createdAt },
  ], { json: values.json, emptyMessage: "No users." });
  return 0;
}

/** Limits where an account may sign in from; --ranges "" lifts the limit. Acts as the machine's operator. */
async function signInRangesCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("user sign-in-ranges", args, { email: { type: "string" }, ranges: { type: "string" } });
  const email = requiredFlag(values.email, "email", "the email of the account to limit");
  if (values.ranges === undefined) throw new UsageError('--ranges is required: CIDR ranges separated by commas, or "" to sign in from anywhere');
  const ranges = splitRanges(values.ranges);
  const updated = await withDatabase(async (database) => {
    const user = await findUserByEmail(database, email);
    return setSignInRanges({ database, userId: user.id, input: { ranges } }).catch((error: unknown) => {
      throw error instanceof AppError && error.code === "invalid_request" ? new UsageError(`--ranges ${error.message.replace(/^ranges(\.\d+)?: /, "")}`) : error;
    });
  });
  console.log(updated.signInRanges.length > 0 ? `${email} may sign in only from ${updated.signInRanges.join(", ")}` : `${email} may sign in from anywhere`);
  return 0;
}

export const userCommands = { create: createUserCommand, list: listUsersCommand, "sign-in-ranges": signInRangesCommand };

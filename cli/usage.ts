import { serverActionUsage } from "./commands/server-actions";
import { serverStatuses } from "../lib/domain/statuses";
import { buildableImages } from "../lib/images/image-fields";
import { apiTokenLimit } from "../lib/tokens/api-tokens";

export const usage = `Usage: berth <command> [flags]

Users
  berth user create --email E --name N [--role customer|reseller|admin] [--reseller EMAIL] [--password P]
      Creates a user; prints its id and, when --password is not given, a generated password once.
      --reseller names the reseller that owns a customer.
  berth user list [--json]
  berth user sign-in-ranges --email E --ranges CIDR,...
      Lets the account sign in only from those IPv4/IPv6 ranges; --ranges "" lifts the limit.

API tokens (each command acts as the user named by --email)
  berth token create --email E --name NAME [--scope full|read] [--servers ID,...]
      [--source-ranges CIDR,...] [--expires-at ISO_DATE | --expires-in-days N]
      Prints the token once. read: GET only; --servers: only those of the user's servers;
      --source-ranges: usable only from those addresses. At most ${apiTokenLimit} active tokens per user.
  berth token list --email E [--json]
  berth token revoke --email E --id TOKEN_ID

Servers and jobs
  berth servers list [--status ${serverStatuses.join("|")}] [--json]
  berth jobs list [--state queued|running|completed|failed] [--limit N] [--json]

Server actions (queued as jobs, like the panel's; --as EMAIL acts as that user instead of the first
admin; --wait waits for the job and exits 1 if it fails)
${serverActionUsage()}

OS images (as the first admin; build and import print the job's progress until it ends and exit 1
if it fails, unless --no-wait; --host is needed when there are several hosts)
  berth images build ${buildableImages.join("|")} [--host HOST] [--no-wait]
  berth images import NAME /ABSOLUTE/PATH.tar[.gz|.xz|.zst] [--host HOST] [--no-wait]
      Imports a root file system tarball that is on the host (a .tgz works too); NAME becomes
      the image's and, when no template orders it yet, a new template's name.
  berth images list [--json]
      Every image version on the hosts, with the servers made from it and the templates ordering it.

Billing webhook (sends a signed event to the panel, as a billing system would)
  berth billing send <type> --service SERVICE_ID [--id EVENT_ID] [--url URL] [--secret S]
      service.create       --email E --name N --plan SLUG --hostname H --template SLUG
      service.suspend      [--reason TEXT]
      service.unsuspend
      service.terminate
      service.change_plan  --plan SLUG
      --id defaults to a random evt_<hex>; --secret to BERTH_BILLING_SECRET;
      --url to http://127.0.0.1:$BERTH_PANEL_PORT/api/webhooks/billing.

  berth help                                    shows this text

Configuration comes from the environment, the repository's .env and $BERTH_DATA_DIR/secrets.env
(BERTH_DATA_DIR, BERTH_DATABASE_URL, BERTH_ENCRYPTION_KEY, BERTH_BILLING_SECRET, BERTH_PANEL_PORT).
Exit codes: 0 success, 1 failure, 2 bad usage.`;

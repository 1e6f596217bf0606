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

Hosts (as the first admin)
  berth hosts add NAME [--vcpu-overcommit R] [--memory-overcommit R]
      Adds a host waiting for its agent and prints, once, the join command to run on it
      (a one-time token valid 1 h; adding the same waiting name again makes a new one).
  berth hosts list [--json]
  berth hosts drain NAME | berth hosts undrain NAME
      No new servers go to a draining host; its servers stay.
  berth hosts maintenance NAME --notice TEXT | --off
      Its servers' customers see the notice; no new servers go there.
  berth hosts remove NAME
      Refused while servers that are not terminated or failed, or address pools, are on it.
  berth hosts set NAME [--vcpu-overcommit R] [--memory-overcommit R] [--group G | --no-group]
      Placement settings: vCPUs per CPU thread and memory per MiB (1-16 each), host group.

Host groups (a plan with a group places only on its hosts, by the group's policy)
  berth host-groups add NAME [--policy spread|pack]
  berth host-groups list [--json]
  berth host-groups set NAME [--name NEW_NAME] [--policy spread|pack]
  berth host-groups remove NAME
      Refused while a host or a plan is in the group.

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

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formId, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { setPortForwards } from "@/lib/port-forwards/port-forwards";

// The editor is a textarea of "tcp 18080 8080" lines (protocol, public port, server port); blank lines are skipped.
const ZForwardLines = formText().transform((text, context) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const [protocol = "", publicPort = "", port = "", ...extra] = line.split(/\s+/);
      if (!port || extra.length > 0) context.addIssue({ code: "custom", message: `line ${index + 1} ("${line}") is not "protocol public-port server-port", e.g. "tcp 18080 8080"` });
      return { protocol, publicPort: Number(publicPort), port: Number(port) };
    }),
);

/** Replaces a NAT server's port forwards (admins; the domain refuses everyone else and routed servers). */
export const savePortForwardsAction = panelAction(
  "setPortForwards",
  z.object({ serverId: formId("server"), portForwards: ZForwardLines }),
  async ({ actor, input: { serverId, portForwards }, services }) => {
    const saved = await setPortForwards({ database: services.database, queue: services.queue, actor, serverId, input: { portForwards } });
    revalidatePath(`/servers/${serverId}`);
    return saved.portForwards.length === 0 ? "No ports are forwarded now." : `Saved ${saved.portForwards.length} forward(s); the host takes them in a moment.`;
  },
);

import { z } from "zod";
import { AppError } from "../../errors";
import { containerSpecFor } from "../../servers/container-spec";
import { resolveFirstBoot, ZFirstBootFields, ZFirstBootPayload } from "../../servers/first-boot-input";
import { systemRecordOf } from "../../servers/system-record";
import { defineServerAction, everyone } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

export const reinstall = defineServerAction({
  type: "reinstall",
  requesters: everyone,
  from: ["running", "stopped"],
  // The new system is set up like a new order's: keys, root's password (locked when none is given) and a first-boot script.
  input: z.object({ template: z.string().trim().min(1).optional(), ...ZFirstBootFields }),
  // firstBoot is absent in jobs queued before first-boot settings existed.
  payload: z.object({ templateId: z.string().min(1), firstBoot: ZFirstBootPayload.optional() }),
  async prepare({ database, server, input: { template: slug, ...firstBootInput } }) {
    const { payload: firstBoot } = await resolveFirstBoot(database, { ownerId: server.ownerId, input: firstBootInput, sshKeysAre: "ids", generateMissingPassword: false });
    if (!slug) return { templateId: server.templateId, firstBoot };
    const template = await database.template.findFirst({ where: { slug, active: true } });
    if (!template) throw new AppError("unknown_template", 422, `template: no active template is called "${slug}"`, { field: "template" });
    return { templateId: template.id, firstBoot };
  },
  steps: [
    {
      label: "Reinstalling from the template",
      run: async ({ database, agent, server, payload }) => {
        const template = await database.template.findUniqueOrThrow({ where: { id: payload.templateId } });
        const { firstBoot } = await containerSpecFor(database, server.id, payload.firstBoot);
        return agent().containerAction(server.containerName, "reinstall", { template: template.agentTemplate, ...(firstBoot ? { firstBoot } : {}) });
      },
    },
  ],
  outcome: ({ container, payload }) => ({ template: { connect: { id: payload.templateId } }, status: statusFromContainer(container), ...systemRecordOf(container, payload.firstBoot) }),
  labels: {
    name: "Reinstall",
    button: "Reinstall",
    running: "Reinstall in progress",
    done: "Server reinstalled",
    description: "Replaces the operating system with a fresh copy of a template, set up with the SSH keys and root password you choose. The server keeps its addresses and plan.",
  },
  panel: {
    placement: "manage",
    fields: ["template", "sshKeys", "rootPassword"],
    confirm: {
      title: "Are you sure? All data on the server will be erased.",
      detail: "Files, users and installed software are replaced by the template. This cannot be undone.",
      button: "Erase and reinstall",
    },
  },
});

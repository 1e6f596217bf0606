import { z } from "zod";
import { AppError } from "../../errors";
import { defineServerAction, everyone } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

export const reinstall = defineServerAction({
  type: "reinstall",
  requesters: everyone,
  from: ["running", "stopped"],
  input: z.object({ template: z.string().trim().min(1).optional() }),
  payload: z.object({ templateId: z.string().min(1) }),
  async prepare({ database, server, input }) {
    if (!input.template) return { templateId: server.templateId };
    const template = await database.template.findFirst({ where: { slug: input.template, active: true } });
    if (!template) throw new AppError("unknown_template", 422, `template: no active template is called "${input.template}"`, { field: "template" });
    return { templateId: template.id };
  },
  steps: [
    {
      label: "Reinstalling from the template",
      run: async ({ database, agent, server, payload }) => {
        const template = await database.template.findUniqueOrThrow({ where: { id: payload.templateId } });
        return agent().containerAction(server.containerName, "reinstall", { template: template.agentTemplate });
      },
    },
  ],
  outcome: ({ container, payload }) => ({ template: { connect: { id: payload.templateId } }, status: statusFromContainer(container) }),
  labels: {
    name: "Reinstall",
    button: "Reinstall",
    running: "Reinstall in progress",
    done: "Server reinstalled",
    description: "Replaces the operating system with a fresh copy of a template. The server keeps its addresses and plan.",
  },
  panel: {
    placement: "manage",
    fields: ["template"],
    confirm: {
      title: "Are you sure? All data on the server will be erased.",
      detail: "Files, users and installed software are replaced by the template. This cannot be undone.",
      button: "Erase and reinstall",
    },
  },
});

import type { ContainerDriver } from "./driver";
import type { ContainerState } from "./types";
import { parseAddressesRequest, parsePasswordRequest, parseReinstallRequest, parseResizeRequest } from "./validation";

/**
 * What POST /v1/containers/{name}/{verb} does, per verb: the driver method it calls and how the
 * body is read. Bodies are parsed before the driver is called, so a bad body never touches the
 * container. Adding a verb here (and its driver method) is all the agent needs for a new action.
 */
interface ContainerAction {
  /** The action's name in the agent's log and its busy errors. */
  name: string;
  run(driver: ContainerDriver, name: string, body: unknown): Promise<ContainerState>;
}

export const containerActions = {
  start: { name: "start", run: (driver, name) => driver.start(name) },
  stop: { name: "stop", run: (driver, name) => driver.stop(name) },
  reboot: { name: "reboot", run: (driver, name) => driver.reboot(name) },
  suspend: { name: "suspend", run: (driver, name) => driver.suspend(name) },
  unsuspend: { name: "unsuspend", run: (driver, name) => driver.unsuspend(name) },
  limits: { name: "resize", run: (driver, name, body) => driver.resize(name, parseResizeRequest(body)) },
  reinstall: {
    name: "reinstall",
    run: (driver, name, body) => {
      const { template, firstBoot } = parseReinstallRequest(body);
      return driver.reinstall(name, template, firstBoot);
    },
  },
  password: { name: "password", run: (driver, name, body) => driver.setRootPassword(name, parsePasswordRequest(body)) },
  addresses: { name: "addresses", run: (driver, name, body) => driver.changeAddresses(name, parseAddressesRequest(body)) },
  rescue: { name: "rescue", run: (driver, name) => driver.rescue(name) },
  unrescue: { name: "unrescue", run: (driver, name) => driver.unrescue(name) },
} satisfies Record<string, ContainerAction>;

export type ContainerActionVerb = keyof typeof containerActions;

export function findContainerAction(verb: string): ContainerAction | undefined {
  return Object.hasOwn(containerActions, verb) ? containerActions[verb as ContainerActionVerb] : undefined;
}

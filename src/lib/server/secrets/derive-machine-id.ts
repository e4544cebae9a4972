import { createHmac } from "node:crypto";
import { hostname } from "node:os";

/**
 * A stable identifier for this installation, for upstreams that want a device or machine id (some
 * subscription providers do). It is keyed by MACHINE_ID_SALT, so the value sent upstream cannot be linked
 * to the real host name or to another omniroute installation on the same machine.
 */
export function deriveMachineId(machineIdSalt: Buffer, hostName: string = hostname()): string {
  return createHmac("sha256", machineIdSalt).update(`omniroute-machine-id:${hostName}`).digest("hex");
}

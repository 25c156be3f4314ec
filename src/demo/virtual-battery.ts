/** Virtual-battery demo objects: two virtual assets with a wholesale block each and a few ancillary bids. */
import type { Deps } from "../deps.js";

export async function seedVirtualBatteryDemo(_deps: Deps): Promise<void> {}

/** The virtual-battery operations (`/organisations/{organisationID}/…`), listed explicitly. */
import type { Operation } from "../../http/operation.js";
import { getBlock } from "./get-block.js";
import { getBlockOperational } from "./get-block-operational.js";
import { getBlockOperationalLatest } from "./get-block-operational-latest.js";
import { getEnergyCapacity } from "./get-energy-capacity.js";
import { getOperational } from "./get-operational.js";
import { getOperationalLatest } from "./get-operational-latest.js";
import { getProjectedStateOfCharge } from "./get-projected-state-of-charge.js";
import { getProjectedStateOfEnergy } from "./get-projected-state-of-energy.js";
import { getStateOfChargeLatest } from "./get-state-of-charge-latest.js";
import { getStateOfEnergyLatest } from "./get-state-of-energy-latest.js";
import { getVirtualAsset } from "./get-virtual-asset.js";
import { listAdjustments } from "./list-adjustments.js";
import { listAncillaryBids } from "./list-ancillary-bids.js";
import { listAncillaryResults } from "./list-ancillary-results.js";
import { listBlocks } from "./list-blocks.js";
import { listStateOfCharge } from "./list-state-of-charge.js";
import { listVirtualAssets } from "./list-virtual-assets.js";
import { optimizeVirtualAsset } from "./optimize.js";
import { placeAncillaryBidsOperation } from "./place-ancillary-bids.js";
import { updateBlock } from "./update-block.js";

export const VIRTUAL_BATTERY_OPERATIONS: readonly Operation[] = [
  listVirtualAssets,
  getVirtualAsset,
  listBlocks,
  getBlock,
  updateBlock,
  getProjectedStateOfCharge,
  getStateOfChargeLatest,
  listStateOfCharge,
  getStateOfEnergyLatest,
  getProjectedStateOfEnergy,
  getEnergyCapacity,
  getOperational,
  getOperationalLatest,
  getBlockOperational,
  getBlockOperationalLatest,
  listAdjustments,
  listAncillaryBids,
  placeAncillaryBidsOperation,
  listAncillaryResults,
  optimizeVirtualAsset,
];

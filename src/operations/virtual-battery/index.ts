/** The virtual-battery operations (`/organisations/{organisationID}/…`), listed explicitly. */
import type { Operation } from "../../http/operation.js";
import { getBlockOperation } from "./get-block.js";
import { getBlockOperational } from "./get-block-operational.js";
import { getBlockOperationalLatest } from "./get-block-operational-latest.js";
import { getEnergyCapacity } from "./get-energy-capacity.js";
import { getOperational } from "./get-operational.js";
import { getOperationalLatest } from "./get-operational-latest.js";
import { getProjectedStateOfCharge } from "./get-projected-state-of-charge.js";
import { getProjectedStateOfEnergy } from "./get-projected-state-of-energy.js";
import { getStateOfChargeLatest } from "./get-state-of-charge-latest.js";
import { getStateOfEnergyLatest } from "./get-state-of-energy-latest.js";
import { getVirtualAssetOperation } from "./get-virtual-asset.js";
import { listAdjustmentsOperation } from "./list-adjustments.js";
import { listAncillaryBidsOperation } from "./list-ancillary-bids.js";
import { listAncillaryResultsOperation } from "./list-ancillary-results.js";
import { listBlocksOperation } from "./list-blocks.js";
import { listStateOfCharge } from "./list-state-of-charge.js";
import { listVirtualAssetsOperation } from "./list-virtual-assets.js";
import { optimizeVirtualAsset } from "./optimize.js";
import { placeAncillaryBidsOperation } from "./place-ancillary-bids.js";
import { updateBlock } from "./update-block.js";

export const VIRTUAL_BATTERY_OPERATIONS: readonly Operation[] = [
  listVirtualAssetsOperation,
  getVirtualAssetOperation,
  listBlocksOperation,
  getBlockOperation,
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
  listAdjustmentsOperation,
  listAncillaryBidsOperation,
  placeAncillaryBidsOperation,
  listAncillaryResultsOperation,
  optimizeVirtualAsset,
];

/** The virtual-battery operations (`/organisations/{organisationID}/…`), listed explicitly. */
import type { Operation } from "../../http/operation.js";
import { getBlockOperation } from "./get-block.js";
import { getBlockOperationalOperation } from "./get-block-operational.js";
import { getBlockOperationalLatestOperation } from "./get-block-operational-latest.js";
import { getEnergyCapacityOperation } from "./get-energy-capacity.js";
import { getOperationalOperation } from "./get-operational.js";
import { getOperationalLatestOperation } from "./get-operational-latest.js";
import { getProjectedStateOfChargeOperation } from "./get-projected-state-of-charge.js";
import { getProjectedStateOfEnergyOperation } from "./get-projected-state-of-energy.js";
import { getStateOfChargeLatestOperation } from "./get-state-of-charge-latest.js";
import { getStateOfEnergyLatestOperation } from "./get-state-of-energy-latest.js";
import { getVirtualAssetOperation } from "./get-virtual-asset.js";
import { listAdjustmentsOperation } from "./list-adjustments.js";
import { listAncillaryBidsOperation } from "./list-ancillary-bids.js";
import { listAncillaryResultsOperation } from "./list-ancillary-results.js";
import { listBlocksOperation } from "./list-blocks.js";
import { listStateOfChargeOperation } from "./list-state-of-charge.js";
import { listVirtualAssetsOperation } from "./list-virtual-assets.js";
import { optimizeVirtualAssetOperation } from "./optimize.js";
import { placeAncillaryBidsOperation } from "./place-ancillary-bids.js";
import { updateBlock } from "./update-block.js";

export const VIRTUAL_BATTERY_OPERATIONS: readonly Operation[] = [
  listVirtualAssetsOperation,
  getVirtualAssetOperation,
  listBlocksOperation,
  getBlockOperation,
  updateBlock,
  getProjectedStateOfChargeOperation,
  getStateOfChargeLatestOperation,
  listStateOfChargeOperation,
  getStateOfEnergyLatestOperation,
  getProjectedStateOfEnergyOperation,
  getEnergyCapacityOperation,
  getOperationalOperation,
  getOperationalLatestOperation,
  getBlockOperationalOperation,
  getBlockOperationalLatestOperation,
  listAdjustmentsOperation,
  listAncillaryBidsOperation,
  placeAncillaryBidsOperation,
  listAncillaryResultsOperation,
  optimizeVirtualAssetOperation,
];

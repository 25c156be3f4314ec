/** The virtual-battery operations (`/organisations/{organisationID}/…`), listed explicitly. */
import type { Operation } from "../../http/app.js";
import { getBlock } from "./get-block.js";
import { getProjectedStateOfCharge } from "./get-projected-state-of-charge.js";
import { getVirtualAsset } from "./get-virtual-asset.js";
import { listAdjustments } from "./list-adjustments.js";
import { listAncillaryBids } from "./list-ancillary-bids.js";
import { listAncillaryResults } from "./list-ancillary-results.js";
import { listBlocks } from "./list-blocks.js";
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
  listAdjustments,
  listAncillaryBids,
  placeAncillaryBidsOperation,
  listAncillaryResults,
  optimizeVirtualAsset,
];

/** The internal auctions of virtual assets (`/auctions`, aliased under `/organisations/{organisationID}/`), listed explicitly. */
import type { Operation } from "../../http/operation.js";
import { getInternalAuctionOperation } from "./get-auction.js";
import { listInternalAuctionsOperation } from "./list-auctions.js";
import { placeInternalAuctionBidOperation } from "./place-bid.js";

export const INTERNAL_AUCTION_OPERATIONS: readonly Operation[] = [
  listInternalAuctionsOperation,
  getInternalAuctionOperation,
  placeInternalAuctionBidOperation,
];

/** The marketplace operations (provider side and `/so/v1/`), listed explicitly. */
import type { Operation } from "../../http/operation.js";
import { createFlexAsset, getFlexAsset, listFlexAssetsOperation, updateFlexAssetOperation } from "./flex-assets.js";
import { getBidResults } from "./get-bid-results.js";
import { getCompetition } from "./get-competition.js";
import { listBallots } from "./list-ballots.js";
import { listBiddingOpportunities } from "./list-bidding-opportunities.js";
import { listCompetitions } from "./list-competitions.js";
import { listObligations } from "./list-obligations.js";
import { listQualifications } from "./list-qualifications.js";
import {
  createPlannedAsset,
  getPlannedAsset,
  listPlannedAssetsOperation,
  updatePlannedAssetOperation,
} from "./planned-assets.js";
import { soDecideBid, soListBids, soPublishResults } from "./so-bids.js";
import {
  soCreateCompetition,
  soGetCompetition,
  soListCompetitions,
  soPublishCompetition,
  soQualifyCompetition,
  soUpdateCompetition,
} from "./so-competitions.js";
import { soListDecisions } from "./so-list-decisions.js";
import { soGetSandbox, soPutSandbox } from "./so-sandbox.js";
import { submitBallotOperation } from "./submit-ballot.js";
import { updateQualification } from "./update-qualification.js";

export const MARKETPLACE_OPERATIONS: readonly Operation[] = [
  // provider side
  listBiddingOpportunities,
  listCompetitions,
  getCompetition,
  createFlexAsset,
  listFlexAssetsOperation,
  getFlexAsset,
  updateFlexAssetOperation,
  createPlannedAsset,
  listPlannedAssetsOperation,
  getPlannedAsset,
  updatePlannedAssetOperation,
  listQualifications,
  updateQualification,
  submitBallotOperation,
  listBallots,
  getBidResults,
  listObligations,
  // system operator side
  soCreateCompetition,
  soListCompetitions,
  soGetCompetition,
  soUpdateCompetition,
  soPublishCompetition,
  soQualifyCompetition,
  soListBids,
  soDecideBid,
  soPublishResults,
  soListDecisions,
  soGetSandbox,
  soPutSandbox,
];

/** The marketplace operations (provider side and `/so/v1/`), listed explicitly. */
import type { Operation } from "../../http/operation.js";
import { createFlexAsset, getFlexAsset, listFlexAssetsOperation, updateFlexAssetOperation } from "./flex-assets.js";
import { getBidResults } from "./get-bid-results.js";
import { getCompetition } from "./get-competition.js";
import { listBallots } from "./list-ballots.js";
import { listBiddingOpportunities } from "./list-bidding-opportunities.js";
import { listCompetitions } from "./list-competitions.js";
import { listObligations } from "./list-obligations.js";
import { listQualificationsOperation } from "./list-qualifications.js";
import {
  createPlannedAsset,
  getPlannedAsset,
  listPlannedAssetsOperation,
  updatePlannedAssetOperation,
} from "./planned-assets.js";
import { soCreateCompetition } from "./so-create-competition.js";
import { soDecideBid } from "./so-decide-bid.js";
import { soGetCompetition } from "./so-get-competition.js";
import { soListBids } from "./so-list-bids.js";
import { soListCompetitions } from "./so-list-competitions.js";
import { soListDecisions } from "./so-list-decisions.js";
import { soPublishCompetition } from "./so-publish-competition.js";
import { soPublishResults } from "./so-publish-results.js";
import { soQualifyCompetition } from "./so-qualify-competition.js";
import { soGetSandbox, soPutSandbox } from "./so-sandbox.js";
import { soUpdateCompetition } from "./so-update-competition.js";
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
  listQualificationsOperation,
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

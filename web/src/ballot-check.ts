/**
 * Live ballot checking in the browser with the server's own rules: `validateBallot` from src/domain/marketplace
 * (the same function `POST /bids/v1/competitions/{id}/ballots/` runs). This file only turns what the API returned
 * (wire JSON) into the domain's context; the competition goes through the SDK's `competitionFromWire`.
 *
 * Whether the competition is open is the server's call (its clock): the wire `status` says it, and the check runs
 * at an instant inside the bidding interval when the server says "open" (else at the instant the server would have
 * used, which makes rule 1 fail with its own message).
 */

import type { Result } from "../../src/domain/errors.js";
import { type BallotContext, type NormalizedBallot, validateBallot } from "../../src/domain/marketplace/ballot.js";
import { requiredRateTypes } from "../../src/domain/marketplace/rates.js";
import type {
  AssetIds,
  AssetKind,
  CompetitionType,
  QualifiedAsset,
  RateType,
} from "../../src/domain/marketplace/types.js";
import { parseMw } from "../../src/domain/units.js";
import { competitionFromWire } from "../../src/sdk/competition.js";
import type { CompetitionWire, QualificationWire, StoredBallotWire } from "../../src/sdk/index.js";

const milliMw = (text: string): number => {
  const r = parseMw(text, "capacity");
  return r.ok ? r.value : 0;
};

/** The provider's assets qualified for and entered into the competition. */
export function qualifiedAssetsFromWire(qualifications: readonly QualificationWire[]): QualifiedAsset[] {
  return qualifications
    .filter((q) => q.qualified && q.status === "Entered")
    .map((q) => ({ kind: q.asset_kind as AssetKind, id: q.asset_id, capacityMilliMw: milliMw(q.capacity) }));
}

/** The instant the check runs at: inside the bidding interval when the server says the competition is open. */
function checkInstant(c: CompetitionWire): number {
  const open = Date.parse(c.open);
  const closed = Date.parse(c.closed);
  switch (c.status) {
    case "open":
      return open;
    case "closed":
    case "results_published":
      return closed;
    default:
      return Math.min(open, Date.parse(c.qualification_open)) - 1;
  }
}

export interface BallotCheckInput {
  readonly competition: CompetitionWire;
  readonly qualifications: readonly QualificationWire[];
  readonly ballots: readonly StoredBallotWire[];
}

/** The asset set of the provider's active ballot for the competition, if any (rule 6 compares against it). */
export function existingAssetSet(ballots: readonly StoredBallotWire[]): AssetIds | null {
  const active = ballots.find((b) => b.status === "active") ?? ballots[0];
  return active ? { flex: active.assets.flex, planned: active.assets.planned } : null;
}

export function ballotContext(input: BallotCheckInput): BallotContext {
  return {
    competition: competitionFromWire(input.competition),
    now: checkInstant(input.competition),
    pathCompetitionId: input.competition.id,
    qualifiedAssets: qualifiedAssetsFromWire(input.qualifications),
    existingAssetSet: existingAssetSet(input.ballots),
  };
}

/** Runs the server's ballot rules on a body the editor built. */
export function checkBallot(body: unknown, input: BallotCheckInput): Result<NormalizedBallot> {
  return validateBallot(body, ballotContext(input));
}

export const rateTypesOf = (type: string): readonly RateType[] => requiredRateTypes(type as CompetitionType) ?? [];

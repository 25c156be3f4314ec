/**
 * Live ballot checking in the browser with the server's own rules: `validateBallot` from src/domain/marketplace
 * (the same function `POST /bids/v1/competitions/{id}/ballots/` runs). This file only turns what the API returned
 * (wire JSON) into the domain's context.
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
  Competition,
  CompetitionType,
  NeedDirection,
  QualifiedAsset,
  RateType,
  ServiceDay,
} from "../../src/domain/marketplace/types.js";
import { parseGbp, parseMw } from "../../src/domain/units.js";
import type { BallotWire, CompetitionWire, QualificationWire } from "./wire.js";

const pence = (text: string | null): number | null => {
  if (text === null) return null;
  const r = parseGbp(text, "price");
  return r.ok ? r.value : null;
};

const milliMw = (text: string): number => {
  const r = parseMw(text, "capacity");
  return r.ok ? r.value : 0;
};

/** The domain's Competition from the wire one. */
export function competitionFromWire(c: CompetitionWire): Competition {
  return {
    id: c.id,
    reference: c.reference,
    name: c.name,
    systemOperatorId: c.system_operator_id,
    type: c.type as CompetitionType,
    needType: c.need_type,
    needDirection: c.need_direction as NeedDirection,
    powerType: c.power_type,
    productType: c.product_type,
    pricingType: "auction",
    availabilityGuidePricePence: pence(c.availability_guide_price),
    utilisationGuidePricePence: pence(c.utilisation_guide_price),
    serviceFeePence: pence(c.service_fee),
    qualificationOpen: Date.parse(c.qualification_open),
    qualificationClosed: Date.parse(c.qualification_closed),
    open: Date.parse(c.open),
    closed: Date.parse(c.closed),
    boundary: { areaReferences: c.boundary.area_references, postcodes: c.boundary.postcodes },
    status: c.status === "draft" ? "draft" : "published",
    resultsPublished: c.status === "results_published",
    servicePeriods: c.service_periods.map((p) => ({
      id: p.id,
      name: p.name,
      start: p.start,
      end: p.end,
      serviceWindows: p.service_windows.map((w) => ({
        id: w.id,
        name: w.name,
        start: w.start,
        end: w.end,
        serviceDays: w.service_days as ServiceDay[],
        capacityRequiredMilliMw: milliMw(w.capacity_required),
        minimumAggregateAssetSizeMilliMw:
          w.minimum_aggregate_asset_size === null ? null : milliMw(w.minimum_aggregate_asset_size),
      })),
    })),
  };
}

/** The provider's assets qualified for and entered into the competition. */
export function qualifiedAssetsFromWire(qualifications: readonly QualificationWire[]): QualifiedAsset[] {
  return qualifications
    .filter((q) => q.qualified && q.status === "Entered")
    .map((q) => ({ kind: q.asset_kind, id: q.asset_id, capacityMilliMw: milliMw(q.capacity) }));
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
  readonly ballots: readonly BallotWire[];
}

/** The asset set of the provider's active ballot for the competition, if any (rule 6 compares against it). */
export function existingAssetSet(ballots: readonly BallotWire[]): AssetIds | null {
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

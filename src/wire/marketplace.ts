/**
 * The marketplace wire (Piclo Flex compatible): TypeBox schemas shared by the operations, and the mappers from
 * exact internal units (milli-MW, pence, seconds, epoch ms) to snake_case JSON with decimal strings (MW with 3
 * places, £ with 2) and RFC 3339 UTC instants. Nothing here decides a market rule.
 */
import { type Static, type TProperties, Type } from "typebox";
import type { CompetitionRecord } from "../db/repositories/marketplace/competitions.js";
import type { DecisionRecord, ObligationRecord } from "../db/repositories/marketplace/results.js";
import { MAX_DECIMAL_LENGTH, MAX_INSTANT_LENGTH } from "../domain/limits.js";
import { competitionPhase } from "../domain/marketplace/competition.js";
import { formatMaxRuntime } from "../domain/marketplace/max-runtime.js";
import type { BiddingOpportunity } from "../domain/marketplace/opportunities.js";
import type { AssetIds, Ballot, Bid, Rate } from "../domain/marketplace/types.js";
import { type EpochMs, toIso } from "../domain/time.js";
import { formatGbp, formatMw, formatScaled } from "../domain/units.js";
import { Id, Paging } from "./atoms.js";

// --- building blocks ---

export const NullableString = (options: { description?: string; examples?: string[]; maxLength?: number } = {}) =>
  Type.Unsafe<string | null>({ type: ["string", "null"], ...options });
export const Instant = (description: string) =>
  Type.String({ format: "date-time", maxLength: MAX_INSTANT_LENGTH, description });
export const Mw = (description: string) =>
  Type.String({
    maxLength: MAX_DECIMAL_LENGTH,
    description: `${description} (MW, a decimal string with up to 3 places)`,
    examples: ["1.250"],
  });
export const Gbp = (description: string) =>
  Type.String({
    maxLength: MAX_DECIMAL_LENGTH,
    description: `${description} (£, a decimal string with up to 2 places)`,
    examples: ["123.45"],
  });

export const IdParams = Type.Object({ id: Id() });

/** Paging plus the given filters; unknown query parameters are rejected. */
export const PagedQuery = <P extends TProperties>(filters: P) =>
  Type.Object({ ...Paging.properties, ...filters }, { additionalProperties: false });

export const mwOrNull = (v: number | null): string | null => (v === null ? null : formatMw(v));
export const gbpOrNull = (v: number | null): string | null => (v === null ? null : formatGbp(v));
export const durationOrNull = (seconds: number | null): string | null =>
  seconds === null ? null : formatMaxRuntime(seconds);

// --- competitions ---

export const PHASES = ["draft", "upcoming", "qualification", "pending_open", "open", "closed", "results_published"];

const ServiceWindowWire = Type.Object({
  id: Type.String(),
  name: Type.String(),
  start: Type.String({ description: "Local (Europe/London) time of day HH:MM", examples: ["17:00"] }),
  end: Type.String({ description: "Local time of day HH:MM; before start = overnight", examples: ["19:30"] }),
  service_days: Type.Array(Type.String(), { examples: [["Monday", "Tuesday"]] }),
  capacity_required: Mw("Capacity the system operator needs in this window"),
  minimum_aggregate_asset_size: NullableString({ description: "MW, or null" }),
});

const ServicePeriodWire = Type.Object({
  id: Type.String(),
  name: Type.String(),
  start: Type.String({ description: "First date (Europe/London), YYYY-MM-DD" }),
  end: Type.String({ description: "Last date, inclusive, YYYY-MM-DD" }),
  service_windows: Type.Array(ServiceWindowWire),
});

export const CompetitionWire = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  name: Type.String(),
  system_operator_id: Type.String(),
  system_operator: Type.String({ description: "The system operator's name" }),
  status: Type.String({ description: `Phase now: ${PHASES.join(", ")}` }),
  type: Type.String({ examples: ["Availability & Utilisation"] }),
  need_type: Type.String({ examples: ["Pre Fault"] }),
  need_direction: Type.String({ examples: ["Deficit"] }),
  power_type: Type.String({ examples: ["Active Power"] }),
  product_type: Type.String({ examples: ["Scheduled Utilisation"] }),
  pricing_type: Type.String({ examples: ["auction"] }),
  availability_guide_price: NullableString({ description: "£/MW/h", examples: ["15.00"] }),
  utilisation_guide_price: NullableString({ description: "£/MWh", examples: ["300.00"] }),
  service_fee: NullableString({ description: "£" }),
  qualification_open: Instant("Qualification opens"),
  qualification_closed: Instant("Qualification closes"),
  open: Instant("Bidding opens"),
  closed: Instant("Bidding closes"),
  boundary: Type.Object({ area_references: Type.Array(Type.String()), postcodes: Type.Array(Type.String()) }),
  service_periods: Type.Array(ServicePeriodWire),
  created: Instant("Created"),
  modified: Instant("Last modified"),
});

export function competitionToWire(c: CompetitionRecord, now: EpochMs) {
  return {
    id: c.id,
    reference: c.reference,
    name: c.name,
    system_operator_id: c.systemOperatorId,
    system_operator: c.systemOperatorName,
    status: competitionPhase(c, now),
    type: c.type,
    need_type: c.needType,
    need_direction: c.needDirection,
    power_type: c.powerType,
    product_type: c.productType,
    pricing_type: c.pricingType,
    availability_guide_price: gbpOrNull(c.availabilityGuidePricePence),
    utilisation_guide_price: gbpOrNull(c.utilisationGuidePricePence),
    service_fee: gbpOrNull(c.serviceFeePence),
    qualification_open: toIso(c.qualificationOpen),
    qualification_closed: toIso(c.qualificationClosed),
    open: toIso(c.open),
    closed: toIso(c.closed),
    boundary: { area_references: [...c.boundary.areaReferences], postcodes: [...c.boundary.postcodes] },
    service_periods: c.servicePeriods.map((p) => ({
      id: p.id,
      name: p.name,
      start: p.start,
      end: p.end,
      service_windows: p.serviceWindows.map((w) => ({
        id: w.id,
        name: w.name,
        start: w.start,
        end: w.end,
        service_days: [...w.serviceDays],
        capacity_required: formatMw(w.capacityRequiredMilliMw),
        minimum_aggregate_asset_size: mwOrNull(w.minimumAggregateAssetSizeMilliMw ?? null),
      })),
    })),
    created: toIso(c.created),
    modified: toIso(c.modified),
  };
}

// --- ballots and bids ---

export const RateWire = Type.Object({
  type: Type.String({ description: "availability, utilisation or service_fee" }),
  value: Gbp("The rate: £/MW/h for availability, £/MWh for utilisation, £ for a service fee"),
});

export const AssetIdsWire = Type.Object({
  flex: Type.Array(Type.String(), { description: "Flex asset ids" }),
  planned: Type.Array(Type.String(), { description: "Planned asset ids" }),
});

export const BidWire = Type.Object({
  id: Type.String(),
  service_window_id: Type.String(),
  capacity: Mw("Capacity offered"),
  max_runtime: Type.String({
    description: 'How long the assets can deliver: "HH:MM:SS", or "D HH:MM:SS" from one day up',
    examples: ["01:30:00", "1 01:30:00"],
  }),
  rates: Type.Array(RateWire),
});

export const BallotWire = Type.Object({
  id: Type.String(),
  competition_id: Type.String(),
  created: Instant("When the ballot was submitted"),
  status: Type.String({ description: "active (the newest ballot) or superseded" }),
  assets: AssetIdsWire,
  bids: Type.Array(BidWire),
});

export const ratesToWire = (rates: readonly Rate[]) => rates.map((r) => ({ type: r.type, value: formatGbp(r.pence) }));

export const assetIdsToWire = (ids: AssetIds) => ({ flex: [...ids.flex], planned: [...ids.planned] });

export const bidToWire = (bid: Bid) => ({
  id: bid.id,
  service_window_id: bid.serviceWindowId,
  capacity: formatMw(bid.capacityMilliMw),
  max_runtime: formatMaxRuntime(bid.maxRuntimeSeconds),
  rates: ratesToWire(bid.rates),
});

export function ballotToWire(b: {
  id: string;
  competitionId: string;
  created: EpochMs;
  status: string;
  assets: AssetIds;
  bids: readonly Bid[];
}) {
  return {
    id: b.id,
    competition_id: b.competitionId,
    created: toIso(b.created),
    status: b.status,
    assets: assetIdsToWire(b.assets),
    bids: b.bids.map(bidToWire),
  };
}

// --- bidding opportunities ---

export const OpportunityWire = Type.Object({
  competition_id: Type.String(),
  competition_name: Type.String(),
  competition_type: Type.String(),
  closed: Instant("Bidding closes"),
  flex_asset_ids: Type.Array(Type.String()),
  planned_asset_ids: Type.Array(Type.String()),
  total_capacity: Type.String({ description: "MW: the qualified assets' combined capacity", examples: ["9.320"] }),
});

/** One item of `GET /bidding-opportunities/v1/` (and the `bidding_opportunity.created` event). */
export function opportunityToWire(
  o: BiddingOpportunity,
  competition: CompetitionRecord,
): Static<typeof OpportunityWire> {
  return {
    competition_id: o.competitionId,
    competition_name: competition.name,
    competition_type: competition.type,
    closed: toIso(competition.closed),
    flex_asset_ids: [...o.flexAssetIds],
    planned_asset_ids: [...o.plannedAssetIds],
    total_capacity: o.totalCapacity,
  };
}

// --- bid results and obligations ---

export const BidResultWire = Type.Object({
  bid_id: Type.String(),
  ballot_id: Type.String(),
  competition_id: Type.String(),
  service_window_id: Type.String(),
  capacity: Type.String({ description: "MW bid" }),
  max_runtime: Type.String(),
  rates: Type.Array(RateWire),
  status: Type.String({ description: "pending, accepted or rejected" }),
  accepted_capacity: NullableString({ description: "MW accepted (≤ capacity); null unless accepted" }),
  reason: NullableString({ description: "The system operator's reason" }),
  decided: Type.Unsafe<string | null>({ type: ["string", "null"], format: "date-time" }),
  results_published: Type.Unsafe<string | null>({ type: ["string", "null"], format: "date-time" }),
  ballot_created: Instant("When the ballot was submitted"),
});

/**
 * The result of each bid of a ballot, as `GET /bid-results/v1/{competition_id}/` (and the `bid_result.published`
 * event) answer it: `pending` where `decisions` has none.
 */
export function bidResultsToWire(
  ballot: Pick<Ballot, "id" | "competitionId" | "created" | "bids">,
  decisions: ReadonlyMap<string, DecisionRecord>,
  resultsPublishedAt: EpochMs | null,
): Static<typeof BidResultWire>[] {
  const published = resultsPublishedAt === null ? null : toIso(resultsPublishedAt);
  return ballot.bids.map((bid) => {
    const d = decisions.get(bid.id);
    return {
      bid_id: bid.id,
      ballot_id: ballot.id,
      competition_id: ballot.competitionId,
      service_window_id: bid.serviceWindowId,
      capacity: formatMw(bid.capacityMilliMw),
      max_runtime: formatMaxRuntime(bid.maxRuntimeSeconds),
      rates: ratesToWire(bid.rates),
      status: d?.status ?? "pending",
      accepted_capacity: mwOrNull(d?.acceptedCapacityMilliMw ?? null),
      reason: d?.reason ?? null,
      decided: d === undefined ? null : toIso(d.decided),
      results_published: published,
      ballot_created: toIso(ballot.created),
    };
  });
}

export const ObligationWire = Type.Object({
  id: Type.String(),
  competition_id: Type.String(),
  bid_id: Type.String(),
  ballot_id: Type.String(),
  service_window_id: Type.String(),
  start: Instant("Delivery starts"),
  end: Instant("Delivery ends (exclusive)"),
  capacity: Type.String({ description: "MW to deliver (the accepted capacity)" }),
  rates: Type.Array(RateWire),
  assets: AssetIdsWire,
  created: Instant("When results were published"),
});

/** One item of `GET /obligations/v1/` (and the `obligation.created` event); `assets` are its ballot's. */
export function obligationToWire(o: ObligationRecord, assets: AssetIds): Static<typeof ObligationWire> {
  return {
    id: o.id,
    competition_id: o.competitionId,
    bid_id: o.bidId,
    ballot_id: o.ballotId,
    service_window_id: o.serviceWindowId,
    start: toIso(o.start),
    end: toIso(o.end),
    capacity: formatMw(o.capacityMilliMw),
    rates: ratesToWire(o.rates),
    assets: assetIdsToWire(assets),
    created: toIso(o.created),
  };
}

/** A signed £ difference (e.g. "-2.50"), for prices against a guide price. */
export const signedGbp = (pence: number): string => formatScaled(pence, 2);

/**
 * Bidding opportunities of one provider (docs/domain.md §1; `GET /bidding-opportunities/v1/`): every competition that
 * is open now (published, `now` ∈ [open, closed), results not published) in which the provider has at least one
 * asset that qualifies and is `Entered`, with those assets' ids and their total combined capacity (the sum of
 * their directional capacities, qualification.ts). Soonest-closing first, then by competition id.
 */
import type { EpochMs } from "../time.js";
import { formatMw, type MilliMw } from "../units.js";
import { competitionPhase } from "./competition.js";
import { type AssetEntry, enteredQualifiedAssets } from "./qualification.js";
import type { Asset, Competition } from "./types.js";

export interface BiddingOpportunity {
  readonly competitionId: string;
  /** Sorted. */
  readonly flexAssetIds: readonly string[];
  /** Sorted. */
  readonly plannedAssetIds: readonly string[];
  readonly totalCapacityMilliMw: MilliMw;
  /** The same as a MW decimal string with 3 places, as on the wire (e.g. "9.320"). */
  readonly totalCapacity: string;
}

export interface OpportunitiesInput {
  readonly now: EpochMs;
  /** Candidate competitions (any phase; those not open are skipped). */
  readonly competitions: readonly Competition[];
  /** The provider's own flex and planned assets. */
  readonly assets: readonly Asset[];
  /** The provider's entry decisions (any competition). */
  readonly entries: readonly AssetEntry[];
}

export function biddingOpportunities(input: OpportunitiesInput): BiddingOpportunity[] {
  const out: { closed: EpochMs; opportunity: BiddingOpportunity }[] = [];
  for (const competition of input.competitions) {
    if (competitionPhase(competition, input.now) !== "open") continue;
    const assets = enteredQualifiedAssets(competition, input.assets, input.entries);
    if (assets.length === 0) continue;
    const total = assets.reduce((sum, a) => sum + a.capacityMilliMw, 0);
    out.push({
      closed: competition.closed,
      opportunity: {
        competitionId: competition.id,
        flexAssetIds: assets.filter((a) => a.kind === "flex").map((a) => a.id),
        plannedAssetIds: assets.filter((a) => a.kind === "planned").map((a) => a.id),
        totalCapacityMilliMw: total,
        totalCapacity: formatMw(total),
      },
    });
  }
  return out
    .sort(
      (a, b) =>
        a.closed - b.closed ||
        (a.opportunity.competitionId < b.opportunity.competitionId
          ? -1
          : a.opportunity.competitionId > b.opportunity.competitionId
            ? 1
            : 0),
    )
    .map((x) => x.opportunity);
}

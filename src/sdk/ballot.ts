/**
 * Local ballot validation with the server's own rules: the wire objects the API returns are turned back into the
 * domain's types (src/sdk/competition.ts) and handed to `validateBallot` (src/domain/marketplace/ballot.ts), the
 * function `POST /bids/v1/competitions/{id}/ballots/` runs. A ballot that passes here passes there, and one that fails
 * here fails there with the same code, message and field (unless the world changed in between).
 */
import { type Result, unwrap } from "../domain/errors.js";
import { type NormalizedBallot, validateBallot } from "../domain/marketplace/ballot.js";
import { parseMaxRuntime } from "../domain/marketplace/max-runtime.js";
import { directionalCapacity } from "../domain/marketplace/qualification.js";
import type { AssetIds, NeedDirection, QualifiedAsset } from "../domain/marketplace/types.js";
import { parseGbp, parseMw } from "../domain/units.js";
import { competitionFromWire } from "./competition.js";
import {
  type BiddingOpportunity,
  type CompetitionWire,
  dataOf,
  type FlexmarketClient,
  type StoredBallotWire,
} from "./index.js";

/** What the server knows when it validates a ballot, as the provider can read it through the API. */
export interface RemoteBallotContext {
  readonly competition: CompetitionWire;
  readonly qualifiedAssets: readonly QualifiedAsset[];
  /** The asset set of the provider's active ballot for the competition, if any. */
  readonly existingAssetSet: AssetIds | null;
  /** The provider's active ballot for the competition as the API returns it, if any. */
  readonly activeBallot?: StoredBallotWire | null;
}

/**
 * A fingerprint of a ballot's effect, equal for equal ballots however they are written: the resolved asset set and,
 * per service window, the capacity (milli-MW), max runtime (seconds) and rates (pence).
 */
export function ballotFingerprint(
  competitionId: string,
  assets: AssetIds,
  bids: readonly { windowId: string; milliMw: number; runtimeSeconds: number; rates: readonly string[] }[],
): string {
  const sorted = (ids: readonly string[]) => [...ids].sort();
  const rows = [...bids]
    .map((b) => [b.windowId, b.milliMw, b.runtimeSeconds, sorted(b.rates)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([competitionId, sorted(assets.flex), sorted(assets.planned), rows]);
}

/** The fingerprint of a ballot `validateBallotLocally` accepted. */
export function fingerprintOfNormalized(ballot: NormalizedBallot): string {
  return ballotFingerprint(
    ballot.competitionId,
    ballot.assets,
    ballot.bids.map((b) => ({
      windowId: b.serviceWindowId,
      milliMw: b.capacityMilliMw,
      runtimeSeconds: b.maxRuntimeSeconds,
      rates: b.rates.map((r) => `${r.type}=${r.pence}`),
    })),
  );
}

/** The fingerprint of a stored ballot as the API returns it; undefined when a value does not parse. */
export function fingerprintOfStored(ballot: StoredBallotWire): string | undefined {
  const bids = [];
  for (const b of ballot.bids) {
    const mw = parseMw(b.capacity, "capacity");
    const runtime = parseMaxRuntime(b.max_runtime, "max_runtime");
    const rates = b.rates.map((r) => {
      const p = parseGbp(r.value, "value");
      return p.ok ? `${r.type}=${p.value}` : undefined;
    });
    if (!mw.ok || !runtime.ok || rates.includes(undefined)) return undefined;
    bids.push({
      windowId: b.service_window_id,
      milliMw: mw.value,
      runtimeSeconds: runtime.value,
      rates: rates as string[],
    });
  }
  return ballotFingerprint(ballot.competition_id, ballot.assets, bids);
}

/** Validates a ballot body exactly as the server would at `now`. */
export function validateBallotLocally(body: unknown, ctx: RemoteBallotContext, now: number): Result<NormalizedBallot> {
  return validateBallot(body, {
    competition: competitionFromWire(ctx.competition),
    now,
    pathCompetitionId: ctx.competition.id,
    qualifiedAssets: ctx.qualifiedAssets,
    existingAssetSet: ctx.existingAssetSet,
  });
}

/**
 * Reads the ballot context through the API: the competition, the provider's qualified and entered assets (from its
 * bidding opportunities) with the capacity each brings to the competition's need direction, and the asset set of
 * its active ballot.
 */
export async function fetchBallotContext(
  fm: FlexmarketClient,
  competitionId: string,
  /** The competition's bidding opportunity when the caller has just read it (saves polling them again). */
  known?: BiddingOpportunity,
): Promise<RemoteBallotContext> {
  const competition = await dataOf(fm.api.GET("/competitions/v1/{id}/", { params: { path: { id: competitionId } } }));
  const opportunity =
    known ??
    (await dataOf(fm.api.GET("/bidding-opportunities/v1/", { params: { query: { limit: 1000 } } }))).find(
      (o) => o.competition_id === competitionId,
    );
  const direction = competition.need_direction as NeedDirection;
  const qualifiedAssets: QualifiedAsset[] = [];
  for (const id of opportunity?.flex_asset_ids ?? []) {
    const a = await dataOf(fm.api.GET("/assets/v1/{id}/", { params: { path: { id } } }));
    const capacity = directionalCapacity(
      {
        category: a.asset_category,
        exportCapacityMilliMw: unwrap(parseMw(a.active_export_capacity, "active_export_capacity")),
        importCapacityMilliMw: unwrap(parseMw(a.active_import_capacity, "active_import_capacity")),
      },
      direction,
    );
    qualifiedAssets.push({ kind: "flex", id, capacityMilliMw: capacity });
  }
  for (const id of opportunity?.planned_asset_ids ?? []) {
    const a = await dataOf(fm.api.GET("/planned-assets/v1/{id}/", { params: { path: { id } } }));
    const value = unwrap(parseMw(a.capacity_value, "capacity_value"));
    const capacity = directionalCapacity(
      {
        category: a.asset_category,
        exportCapacityMilliMw: a.capacity_type === "export" ? value : 0,
        importCapacityMilliMw: a.capacity_type === "import" ? value : 0,
      },
      direction,
    );
    qualifiedAssets.push({ kind: "planned", id, capacityMilliMw: capacity });
  }
  const ballots = await dataOf(
    fm.api.GET("/bids/v1/competitions/{id}/ballots/", { params: { path: { id: competitionId } } }),
  );
  const active = ballots.find((b) => b.status === "active");
  return {
    competition,
    qualifiedAssets,
    existingAssetSet: active ? active.assets : null,
    activeBallot: active ?? null,
  };
}

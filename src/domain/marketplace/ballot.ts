/**
 * A provider's ballot for one competition (docs/domain.md §1, rules of a ballot). `validateBallot` is pure and
 * dependency-light: the API runs it on `POST /bids/v1/competitions/{id}/ballots/`, and the browser and the
 * provider's CLI run it before submitting.
 *
 * Body: `{competition_id, bids: [{service_window_id, capacity, max_runtime, rates: [{type, value}]}],
 * assets?: {flex?: [ids], planned?: [ids]}}`. Checked in this order; the first broken rule is returned:
 * | rule | what                                                                      | code                         |
 * |------|---------------------------------------------------------------------------|------------------------------|
 * | 1    | the competition is open: published and `now` ∈ [open, closed)             | competition_not_open         |
 * | –    | body and bids are objects with exactly the known properties; bids non-empty | validation_failed          |
 * | 1    | `competition_id` (a string) equals the competition of the path            | competition_id_mismatch      |
 * | 5    | the asset set (below)                                                     | asset_not_qualified, no_qualified_assets, validation_failed |
 * | 6    | a provider's later ballot uses exactly its earlier ballot's asset set     | ballot_asset_set_changed     |
 * | 3    | each `service_window_id` is a window of this competition; one bid a window | service_window_unknown, service_window_duplicate |
 * | 8    | `capacity` a MW string, ≤ 3 places, not negative                           | decimal_invalid              |
 * | 4    | capacity > 0, ≤ the window's capacity_required, ≤ the assets' capacity    | capacity_invalid, capacity_exceeds_required, capacity_exceeds_assets |
 * | –    | `max_runtime` (see max-runtime.ts)                                        | max_runtime_invalid          |
 * | 2, 8 | rates: the competition type's rate types once each (rates.ts), £ ≤ 2 places, ≥ 0 | rate_types_mismatch, decimal_invalid |
 *
 * Asset set (rule 5): `assets` absent or null, or both lists empty/absent, names no assets → every asset of the
 * provider that is qualified for and entered into the competition (none → `no_qualified_assets`). Otherwise each
 * named id must be one of those (`asset_not_qualified`); a foreign or unknown id gets the same message, so a
 * ballot never reveals that another provider's asset exists. An id listed twice is rejected (`validation_failed`),
 * never collapsed silently. The capacity of the set is the sum of its assets' directional capacities.
 *
 * Rule 7 (only the newest ballot is active) is storage's; `activeBallot` / `activeBallots` say which that is.
 */
import { fail, ok, type Result } from "../errors.js";
import { type EpochMs, toIso } from "../time.js";
import { formatMw, type MilliMw, parseMw } from "../units.js";
import { competitionPhase, serviceWindowsOf } from "./competition.js";
import { parseMaxRuntime } from "./max-runtime.js";
import { parseRates } from "./rates.js";
import type { AssetIds, AssetKind, Competition, QualifiedAsset, Rate, ServiceWindow } from "./types.js";

export interface BallotContext {
  /** The competition named by the path, with its service periods and windows. */
  readonly competition: Competition;
  readonly now: EpochMs;
  /** The competition id of the request path; must be `competition.id` (a mismatch is a caller bug and throws). */
  readonly pathCompetitionId: string;
  /** The provider's assets qualified for and entered into this competition, with their directional capacity. */
  readonly qualifiedAssets: readonly QualifiedAsset[];
  /** Every asset id the provider owns (any status), to word "not qualified" helpfully for its own assets. */
  readonly ownAssetIds?: AssetIds;
  /** The asset set of the provider's existing ballots for this competition, if it has any. */
  readonly existingAssetSet?: AssetIds | null;
}

export interface NormalizedBid {
  readonly serviceWindowId: string;
  readonly capacityMilliMw: MilliMw;
  readonly maxRuntimeSeconds: number;
  /** In `RATE_TYPES` order. */
  readonly rates: readonly Rate[];
}

export interface NormalizedBallot {
  readonly competitionId: string;
  /** Each list sorted (by UTF-16 code units). */
  readonly assets: AssetIds;
  /** False when the body named no assets and all qualified, entered assets were used. */
  readonly assetsNamed: boolean;
  /** Summed capacity of the ballot's assets: the ceiling of every bid's capacity. */
  readonly assetCapacityMilliMw: MilliMw;
  /** In body order. */
  readonly bids: readonly NormalizedBid[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const KINDS: readonly AssetKind[] = ["flex", "planned"];
const KIND_LABEL: Readonly<Record<AssetKind, string>> = { flex: "flex asset", planned: "planned asset" };

function unknownKey(o: Obj, allowed: readonly string[], base: string): Result<true> {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      const field = base === "" ? key : `${base}.${key}`;
      return fail("validation_failed", `unknown property "${key}"; allowed: ${allowed.join(", ")}`, field);
    }
  }
  return ok(true);
}

/** Validates and normalizes a ballot body. Never throws on any JSON body. */
export function validateBallot(body: unknown, ctx: BallotContext): Result<NormalizedBallot> {
  const c = ctx.competition;
  if (c.id !== ctx.pathCompetitionId) {
    throw new Error(`validateBallot: context competition ${c.id} is not the path's ${ctx.pathCompetitionId}`);
  }
  const phase = competitionPhase(c, ctx.now);
  if (phase !== "open") {
    return fail(
      "competition_not_open",
      `competition ${c.id} is not open for bids (it is ${phase}); bidding runs from ${toIso(c.open)} until ${toIso(c.closed)}`,
    );
  }

  if (!isObj(body))
    return fail("validation_failed", "the ballot must be a JSON object {competition_id, bids, assets?}");
  const keys = unknownKey(body, ["competition_id", "bids", "assets"], "");
  if (!keys.ok) return keys;
  if (body.competition_id === undefined)
    return fail("validation_failed", "competition_id is required", "competition_id");
  if (typeof body.competition_id !== "string") {
    return fail("validation_failed", "competition_id must be a string", "competition_id");
  }
  if (body.competition_id !== ctx.pathCompetitionId) {
    return fail(
      "competition_id_mismatch",
      `competition_id "${body.competition_id}" is not the competition of the URL (${ctx.pathCompetitionId})`,
      "competition_id",
    );
  }
  if (!Array.isArray(body.bids) || body.bids.length === 0) {
    return fail("validation_failed", "bids must be a non-empty array: one bid per service window bid into", "bids");
  }

  const assets = resolveAssets(body.assets, ctx);
  if (!assets.ok) return assets;
  const { ids, named, capacity: assetCapacity } = assets.value;
  if (ctx.existingAssetSet != null && !sameAssetSet(ctx.existingAssetSet, ids)) {
    return fail(
      "ballot_asset_set_changed",
      `you already have a ballot for competition ${c.id} with ${describeSet(ctx.existingAssetSet)}; ` +
        `a new ballot must use exactly the same assets, this one has ${describeSet(ids)}`,
      "assets",
    );
  }

  const windows = new Map<string, ServiceWindow>(serviceWindowsOf(c).map(({ window }) => [window.id, window]));
  const seen = new Map<string, number>();
  const bids: NormalizedBid[] = [];
  for (const [i, raw] of body.bids.entries()) {
    const bid = validateBid(raw, `bids[${i}]`, { competition: c, windows, seen, assetCapacity, index: i });
    if (!bid.ok) return bid;
    bids.push(bid.value);
  }
  return ok({ competitionId: c.id, assets: ids, assetsNamed: named, assetCapacityMilliMw: assetCapacity, bids });
}

interface BidContext {
  readonly competition: Competition;
  readonly windows: ReadonlyMap<string, ServiceWindow>;
  readonly seen: Map<string, number>;
  readonly assetCapacity: MilliMw;
  readonly index: number;
}

function validateBid(raw: unknown, base: string, bc: BidContext): Result<NormalizedBid> {
  if (!isObj(raw)) return fail("validation_failed", `${base} must be an object`, base);
  const keys = unknownKey(raw, ["service_window_id", "capacity", "max_runtime", "rates"], base);
  if (!keys.ok) return keys;

  const windowField = `${base}.service_window_id`;
  const windowId = raw.service_window_id;
  if (typeof windowId !== "string" || windowId === "") {
    return fail(
      "validation_failed",
      `${windowField} is required: the id of one of the competition's service windows`,
      windowField,
    );
  }
  const window = bc.windows.get(windowId);
  if (window === undefined) {
    return fail(
      "service_window_unknown",
      `service window "${windowId}" is not a service window of competition ${bc.competition.id}`,
      windowField,
    );
  }
  const earlier = bc.seen.get(windowId);
  if (earlier !== undefined) {
    return fail(
      "service_window_duplicate",
      `service window "${windowId}" already has a bid (bids[${earlier}]); a ballot holds at most one bid per window`,
      windowField,
    );
  }
  bc.seen.set(windowId, bc.index);

  const capacityField = `${base}.capacity`;
  const capacity = parseMw(raw.capacity, capacityField, "capacity");
  if (!capacity.ok) return capacity;
  if (capacity.value === 0) return fail("capacity_invalid", "capacity must be greater than zero", capacityField);
  if (capacity.value > window.capacityRequiredMilliMw) {
    return fail(
      "capacity_exceeds_required",
      `capacity ${formatMw(capacity.value)} MW exceeds the capacity_required of service window "${windowId}" ` +
        `(${formatMw(window.capacityRequiredMilliMw)} MW)`,
      capacityField,
    );
  }
  if (capacity.value > bc.assetCapacity) {
    return fail(
      "capacity_exceeds_assets",
      `capacity ${formatMw(capacity.value)} MW exceeds the ${formatMw(bc.assetCapacity)} MW of the ballot's assets`,
      capacityField,
    );
  }

  const maxRuntime = parseMaxRuntime(raw.max_runtime, `${base}.max_runtime`);
  if (!maxRuntime.ok) return maxRuntime;
  const rates = parseRates(bc.competition.type, raw.rates, `${base}.rates`);
  if (!rates.ok) return rates;
  return ok({
    serviceWindowId: windowId,
    capacityMilliMw: capacity.value,
    maxRuntimeSeconds: maxRuntime.value,
    rates: rates.value,
  });
}

interface ResolvedAssets {
  readonly ids: AssetIds;
  readonly named: boolean;
  readonly capacity: MilliMw;
}

function allQualified(ctx: BallotContext): Result<ResolvedAssets> {
  if (ctx.qualifiedAssets.length === 0) {
    return fail(
      "no_qualified_assets",
      `you have no assets qualified for and entered into competition ${ctx.competition.id}`,
      "assets",
    );
  }
  const pick = (kind: AssetKind) =>
    ctx.qualifiedAssets
      .filter((a) => a.kind === kind)
      .map((a) => a.id)
      .sort(compareIds);
  const capacity = ctx.qualifiedAssets.reduce((sum, a) => sum + a.capacityMilliMw, 0);
  return ok({ ids: { flex: pick("flex"), planned: pick("planned") }, named: false, capacity });
}

function resolveAssets(raw: unknown, ctx: BallotContext): Result<ResolvedAssets> {
  if (raw === undefined || raw === null) return allQualified(ctx);
  if (!isObj(raw)) return fail("validation_failed", "assets must be an object {flex: [ids], planned: [ids]}", "assets");
  const keys = unknownKey(raw, KINDS, "assets");
  if (!keys.ok) return keys;

  // Sets, not `includes`: a check per id against every earlier id is quadratic in the list's length.
  const lists: Record<AssetKind, Set<string>> = { flex: new Set(), planned: new Set() };
  for (const kind of KINDS) {
    const list = raw[kind];
    const field = `assets.${kind}`;
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return fail("validation_failed", `${field} must be an array of asset ids`, field);
    for (const [i, id] of list.entries()) {
      if (typeof id !== "string" || id === "") {
        return fail("validation_failed", `${field}[${i}] must be an asset id (a non-empty string)`, `${field}[${i}]`);
      }
      if (lists[kind].has(id)) {
        return fail("validation_failed", `${KIND_LABEL[kind]} "${id}" is listed twice`, `${field}[${i}]`);
      }
      lists[kind].add(id);
    }
  }
  if (lists.flex.size === 0 && lists.planned.size === 0) return allQualified(ctx);

  const qualified = new Map(ctx.qualifiedAssets.map((a) => [`${a.kind}:${a.id}`, a]));
  const own = ctx.ownAssetIds && { flex: new Set(ctx.ownAssetIds.flex), planned: new Set(ctx.ownAssetIds.planned) };
  let capacity = 0;
  for (const kind of KINDS) {
    for (const [i, id] of [...lists[kind]].entries()) {
      const asset = qualified.get(`${kind}:${id}`);
      if (asset === undefined) {
        const isOwn = own?.[kind].has(id) ?? false;
        const message = isOwn
          ? `your ${KIND_LABEL[kind]} "${id}" is not qualified for, or not entered into, competition ${ctx.competition.id}`
          : `${KIND_LABEL[kind]} "${id}" is not one of your assets qualified for competition ${ctx.competition.id}`;
        return fail("asset_not_qualified", message, `assets.${kind}[${i}]`);
      }
      capacity += asset.capacityMilliMw;
    }
  }
  return ok({
    ids: { flex: [...lists.flex].sort(compareIds), planned: [...lists.planned].sort(compareIds) },
    named: true,
    capacity,
  });
}

/** Whether two asset sets hold the same ids of each kind, in any order. */
export function sameAssetSet(a: AssetIds, b: AssetIds): boolean {
  return KINDS.every((kind) => {
    const x = new Set(a[kind]);
    const y = new Set(b[kind]);
    if (x.size !== y.size) return false;
    for (const id of x) if (!y.has(id)) return false;
    return true;
  });
}

function describeSet(set: AssetIds): string {
  const list = (ids: readonly string[]) => `[${[...ids].sort(compareIds).join(", ")}]`;
  return `flex assets ${list(set.flex)} and planned assets ${list(set.planned)}`;
}

// --- rule 7: the newest ballot is the active one ---

type BallotStamp = { readonly id: string; readonly created: EpochMs };

const newerFirst = (a: BallotStamp, b: BallotStamp): number => b.created - a.created || compareIds(b.id, a.id);

/**
 * The active ballot among one provider's ballots for one competition: the newest by `created`
 * (equal instants: the greater id). Undefined when there are none. The others are superseded.
 */
export function activeBallot<T extends BallotStamp>(ballots: readonly T[]): T | undefined {
  return [...ballots].sort(newerFirst)[0];
}

/**
 * The active ballot of each (competition, provider) among any ballots, e.g. every ballot of a competition for
 * the system operator's view; ordered oldest first.
 */
export function activeBallots<T extends BallotStamp & { readonly competitionId: string; readonly providerId: string }>(
  ballots: readonly T[],
): T[] {
  const newest = new Map<string, T>();
  for (const b of ballots) {
    const key = JSON.stringify([b.competitionId, b.providerId]);
    const current = newest.get(key);
    if (current === undefined || newerFirst(b, current) < 0) newest.set(key, b);
  }
  return [...newest.values()].sort((a, b) => -newerFirst(a, b));
}

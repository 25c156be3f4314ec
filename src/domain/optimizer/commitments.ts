/**
 * What a virtual asset already holds over an optimizer horizon, and what the plan does to each of its bids
 * (docs/optimizer.md, "Commitments"). Pure: the operation reads the asset's bids; this applies the platform's own
 * bid rules (src/domain/ancillary/bids.ts, gates.ts) to them.
 *
 * Per reserve product of the horizon (FCR `NEGPOS_hh_hh`, aFRR capacity `POS_hh_hh` / `NEG_hh_hh`):
 *
 * | the asset holds                                                   | the product in the plan                      |
 * |-------------------------------------------------------------------|----------------------------------------------|
 * | a live bid that is `pending`, or whose gate has closed            | fixed at that bid's capacity (`keep`)        |
 * | aFRR: a `pending` energy bid in one of its quarter-hours          | fixed (its capacity bid would replace it)     |
 * | nothing, and the gate has closed (FCR: or the day is > 7 days on) | fixed at 0                                   |
 * | a live bid that may be replaced                                   | 1 MW … max: `keep` at the same capacity, else |
 * |                                                                   |   `replace` (a bid is never withdrawn)       |
 * | nothing, gate open                                                | 0 … max: `new` when the plan offers it       |
 * | anything, and the request gives no price for the product          | as it is (`keep`), its power held            |
 *
 * Rejected bids (and the implicit energy bids of a rejected aFRR capacity bid) hold nothing. Power held per
 * quarter-hour by bids the plan does not control (aFRR energy bids of fixed products beyond their capacity, explicit
 * aFRR energy bids elsewhere) is held power: the plan's reserves and dispatch stay within the rest.
 *
 * The requests go FCR first, then aFRR: the FCR request is checked against the aFRR bids the asset holds before the
 * aFRR request replaces them, so a replaceable FCR product may offer at most the rated power minus the aFRR energy
 * held now in each quarter-hour of its block, both ways (`capacity_exceeds_asset` after the first request otherwise).
 */
import { type ExistingBid, KW_PER_MW } from "../ancillary/bids.js";
import { checkGate, checkHorizon } from "../ancillary/gates.js";
import { type DeliveryProduct, findProduct, implicitEnergyProducts } from "../ancillary/products.js";
import { applyScheduleUpdate, type BlockSchedule } from "../ancillary/schedule.js";
import { energyBoundsOf, energyDelta, netPowerPerSlot } from "../ancillary/soc.js";
import type { VirtualAssetSpec } from "../ancillary/virtual-asset.js";
import { type DayAheadMarket, familyRank } from "../markets/catalogue.js";
import { type EpochMs, QUARTER_HOUR_MS, toIso } from "../time.js";
import type { Horizon } from "./horizon.js";
import type { OptimizerPlan, ProductBids, ReserveCommitments, ReserveRange } from "./types.js";

export type ReserveKey = "fcr" | "afrrPos" | "afrrNeg";

/** Why a product cannot change. */
export type FixedReason = "bid_pending" | "gate_closed" | "delivery_day_too_far" | "energy_bid_pending";

/** One reserve product of the horizon and what the asset holds in it. */
export interface Holding {
  readonly reserve: ReserveKey;
  readonly block: number;
  readonly product: DeliveryProduct;
  /** The live (not rejected) bid of the product, if any. */
  readonly live: ExistingBid | null;
  /** Why the product cannot change; null when the plan may place or replace it. */
  readonly fixed: FixedReason | null;
  /** aFRR: every quarter-hour's energy bid is the capacity bid's own, at its capacity (keeping it is exact). */
  readonly exact: boolean;
}

export interface AssetCommitments {
  readonly commitments: ReserveCommitments;
  readonly holdings: readonly Holding[];
}

export interface ReserveMaxima {
  readonly fcr: number;
  readonly afrrPos: number;
  readonly afrrNeg: number;
}

/** Rejected by the TSO, or an implicit energy bid of a rejected aFRR capacity bid. */
function isRejected(bid: ExistingBid, byId: ReadonlyMap<string, ExistingBid>): boolean {
  if (bid.accepted === false) return true;
  return bid.parentBidId !== undefined && byId.get(bid.parentBidId)?.accepted === false;
}

/**
 * The commitments of `asset` over `horizon` from its bids on the horizon's delivery days, at `now`. `asset` is the
 * asset as the platform checks bids against it (its rated powers).
 */
export function readCommitments(
  asset: VirtualAssetSpec,
  horizon: Horizon,
  existing: readonly ExistingBid[],
  now: EpochMs,
): AssetCommitments {
  const byId = new Map(existing.map((b) => [b.bidId, b] as const));
  const live = new Map<string, ExistingBid>();
  for (const b of existing) {
    const key = `${b.deliveryDay}_${b.product}`;
    const held = live.get(key);
    if (held === undefined || isRejected(held, byId)) live.set(key, b);
  }
  const liveOf = (p: DeliveryProduct) => {
    const bid = live.get(p.productDateCode);
    return bid !== undefined && !isRejected(bid, byId) ? bid : null;
  };
  const T = horizon.steps;
  const stepOf = (at: EpochMs) => (at - horizon.start) / QUARTER_HOUR_MS;
  // aFRR energy held now per quarter-hour, each way (implicit and explicit), and what fixed products leave over
  const energyPos = new Float64Array(T);
  const energyNeg = new Float64Array(T);
  const heldDischargeKw = new Array<number>(T).fill(0);
  const heldChargeKw = new Array<number>(T).fill(0);
  const ranges: Record<ReserveKey, ReserveRange[]> = { fcr: [], afrrPos: [], afrrNeg: [] };
  const holdings: Holding[] = [];

  const energyBids = (capacity: DeliveryProduct) =>
    implicitEnergyProducts(capacity).map((p) => ({ step: stepOf(p.start), bid: liveOf(p) }));
  for (const block of horizon.blocks) {
    for (const [reserve, code] of [
      ["afrrPos", block.afrrPosProduct],
      ["afrrNeg", block.afrrNegProduct],
    ] as const) {
      const product = findProduct(code, block.deliveryDay)!;
      const bid = liveOf(product);
      const energy = energyBids(product);
      for (const { step, bid: e } of energy) {
        if (e !== null && step >= 0 && step < T) (reserve === "afrrPos" ? energyPos : energyNeg)[step]! += e.offeredKw;
      }
      const fixed: FixedReason | null =
        bid?.status === "pending"
          ? "bid_pending"
          : !checkGate(product, now, "").ok
            ? "gate_closed"
            : energy.some((e) => e.bid?.status === "pending")
              ? "energy_bid_pending"
              : null;
      const capacityKw = bid?.offeredKw ?? 0;
      const held = reserve === "afrrPos" ? heldDischargeKw : heldChargeKw;
      for (const { step, bid: e } of energy) {
        if (e === null || step < 0 || step >= T) continue;
        // fixed: all beyond the capacity bid's own; free: what its (re)placed capacity bid would not replace
        if (fixed !== null) held[step]! += Math.max(0, e.offeredKw - capacityKw);
        else if (bid === null || e.parentBidId !== bid.bidId) held[step]! += e.offeredKw;
      }
      const mw = Math.floor(capacityKw / KW_PER_MW);
      ranges[reserve].push(
        fixed !== null
          ? { minMw: mw, maxMw: mw, heldMw: mw }
          : { minMw: bid === null ? 0 : 1, maxMw: Number.MAX_SAFE_INTEGER, heldMw: mw },
      );
      const exact =
        bid !== null && energy.every((e) => e.bid?.parentBidId === bid.bidId && e.bid.offeredKw === bid.offeredKw);
      holdings.push({ reserve, block: block.index, product, live: bid, fixed, exact });
    }
  }
  for (const block of horizon.blocks) {
    const product = findProduct(block.fcrProduct, block.deliveryDay)!;
    const bid = liveOf(product);
    const fixed: FixedReason | null =
      bid?.status === "pending"
        ? "bid_pending"
        : !checkGate(product, now, "").ok
          ? "gate_closed"
          : !checkHorizon(product, now, "").ok
            ? "delivery_day_too_far"
            : null;
    const mw = Math.floor((bid?.offeredKw ?? 0) / KW_PER_MW);
    if (fixed !== null) {
      ranges.fcr.push({ minMw: mw, maxMw: mw, heldMw: mw });
    } else {
      // the FCR request goes first: it meets the aFRR energy held now
      let posKw = 0;
      let negKw = 0;
      for (let t = block.firstStep; t < block.endStep; t++) {
        posKw = Math.max(posKw, energyPos[t]!);
        negKw = Math.max(negKw, energyNeg[t]!);
      }
      const roomKw = Math.min(asset.ratedDischargePowerKw - posKw, asset.ratedChargePowerKw - negKw);
      const minMw = bid === null ? 0 : 1;
      ranges.fcr.push({ minMw, maxMw: Math.max(minMw, Math.floor(Math.max(0, roomKw) / KW_PER_MW)), heldMw: mw });
    }
    holdings.push({ reserve: "fcr", block: block.index, product, live: bid, fixed, exact: true });
  }
  holdings.sort((a, b) => order(a) - order(b));
  return {
    commitments: { ...ranges, heldDischargeKw, heldChargeKw },
    holdings,
  };
}

const RESERVE_ORDER: Record<ReserveKey, number> = { fcr: 0, afrrPos: 1, afrrNeg: 2 };
/** FCR products first (their request goes first), then aFRR; by block, POS before NEG. */
const order = (h: Holding) => familyRank(h.product.market) * 1e6 + h.block * 10 + RESERVE_ORDER[h.reserve];

export type BidAction = "keep" | "replace" | "new";

/** What the plan does to one reserve product (only products with a bid before or after appear). */
export interface ProductAction {
  readonly action: BidAction;
  readonly market: DayAheadMarket;
  readonly product: string;
  readonly deliveryDay: string;
  /** kW after the plan: the kept bid's, or the one sent. */
  readonly offeredCapacity: number;
  /** Prices sent (`replace`, `new`); null for `keep`: the bid stands as it is. */
  readonly capacityPrice: number | null;
  readonly energyPrice: number | null;
  /** The asset's live bid: the one kept or replaced; null for `new`. */
  readonly existing: {
    readonly bidId: string;
    readonly offeredKw: number;
    readonly status: ExistingBid["status"];
  } | null;
  /** Why a `keep` could not be changed (null when keeping was the plan's choice). */
  readonly fixed: FixedReason | null;
}

export interface PlanActions {
  /** FCR products, then aFRR, in request order. */
  readonly actions: readonly ProductAction[];
  /** The request bodies: `replace` and `new` only, FCR and aFRR apart (send FCR first). */
  readonly bids: OptimizerPlan["bids"];
}

/**
 * Per product, what the plan does to what the asset holds: `keep` (nothing sent: a bid that cannot change, one the
 * plan offers at the same capacity, or one the plan would drop — bids are never withdrawn), `replace` or `new`.
 */
export function planActions(plan: OptimizerPlan, holdings: readonly Holding[]): PlanActions {
  const planned = new Map<string, ProductBids>();
  for (const p of [...plan.bids.fcr, ...plan.bids.afrr]) planned.set(`${p.deliveryDay}_${p.product}`, p);
  const actions: ProductAction[] = [];
  const fcr: ProductBids[] = [];
  const afrr: ProductBids[] = [];
  // the plan's requests in the catalogue's family order: FCR, then aFRR
  const requests = [fcr, afrr];
  for (const h of holdings) {
    const body = planned.get(h.product.productDateCode);
    const bid = body?.bids[0];
    // a holding is of a reserve product, bid day-ahead
    const market = h.product.market as DayAheadMarket;
    const existing = h.live && { bidId: h.live.bidId, offeredKw: h.live.offeredKw, status: h.live.status };
    const keep = (fixed: FixedReason | null) =>
      actions.push({
        action: "keep",
        market,
        product: h.product.code,
        deliveryDay: h.product.deliveryDay,
        offeredCapacity: h.live!.offeredKw,
        capacityPrice: null,
        energyPrice: null,
        existing,
        fixed,
      });
    if (
      h.fixed !== null ||
      bid === undefined ||
      (h.live !== null && bid.offeredCapacity === h.live.offeredKw && h.exact)
    ) {
      if (h.live !== null) keep(h.fixed);
      continue;
    }
    actions.push({
      action: h.live === null ? "new" : "replace",
      market,
      product: h.product.code,
      deliveryDay: h.product.deliveryDay,
      offeredCapacity: bid.offeredCapacity,
      capacityPrice: bid.capacityPrice,
      energyPrice: bid.energyPrice,
      existing,
      fixed: null,
    });
    requests[familyRank(market)]!.push(body!);
  }
  return { actions, bids: { fcr, afrr } };
}

// --- the schedule ---

export interface ScheduleToSend {
  readonly schedule: readonly { readonly time: string; readonly power: number }[];
  /** Why the platform would refuse the planned schedule (then `schedule` is the current one); null when it takes it. */
  readonly refused: { readonly error: string; readonly message: string } | null;
}

/** The wholesale schedule of the horizon's first slots, inside the dispatch gate closure: they cannot change. */
export function frozenSchedule(
  asset: VirtualAssetSpec,
  wholesale: BlockSchedule,
  horizon: Horizon,
  now: EpochMs,
): number[] {
  const gate = now + asset.dispatchGateClosureSeconds * 1000;
  const first = (horizon.start - wholesale.block.start) / QUARTER_HOUR_MS;
  const frozen: number[] = [];
  for (let t = 0; t < horizon.steps && horizon.start + t * QUARTER_HOUR_MS < gate; t++) {
    frozen.push(wholesale.schedule[first + t] ?? 0);
  }
  return frozen;
}

/**
 * Where the horizon may end so that the asset's schedules after it (all blocks, as stored) stay within its energy
 * limits: the platform checks the whole lifetime, and a different end energy shifts everything after it.
 */
export function endEnergyRange(asset: VirtualAssetSpec, blocks: readonly BlockSchedule[], horizon: Horizon) {
  const net = netPowerPerSlot(asset, blocks);
  const bounds = energyBoundsOf(asset);
  let change = 0;
  let lowest = 0;
  let highest = 0;
  for (let i = (horizon.end - asset.start) / QUARTER_HOUR_MS; i < net.length; i++) {
    change += energyDelta(asset, net[i]!);
    lowest = Math.min(lowest, change);
    highest = Math.max(highest, change);
  }
  return { lowerMilliWh: bounds.lowerMilliWh - lowest, upperMilliWh: bounds.upperMilliWh - highest };
}

/**
 * The schedule to PUT: the plan's when the platform's own rule accepts it now, else the block's current schedule
 * over the horizon (re-sending it changes nothing, so it is always accepted) and why the plan's was refused.
 */
export function scheduleToSend(
  plan: OptimizerPlan,
  asset: VirtualAssetSpec,
  wholesale: BlockSchedule,
  blocks: readonly BlockSchedule[],
  horizon: Horizon,
  now: EpochMs,
): ScheduleToSend {
  const checked = applyScheduleUpdate(asset, wholesale.block, blocks, plan.schedule, now);
  if (checked.ok) return { schedule: plan.schedule, refused: null };
  const first = (horizon.start - wholesale.block.start) / QUARTER_HOUR_MS;
  const current = plan.schedule.map((_, t) => ({
    time: toIso(horizon.start + t * QUARTER_HOUR_MS),
    power: wholesale.schedule[first + t] ?? 0,
  }));
  return { schedule: current, refused: { error: checked.error.code, message: checked.error.message } };
}

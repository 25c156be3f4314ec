/**
 * The virtual-battery wire (terralayr v1 compatible): TypeBox schemas shared by the operations and the mappers from
 * exact internal units (Wh, kW, ppm, euro-cents, epoch ms) to JSON numbers (kWh, kW, ratios, EUR) and RFC 3339 UTC.
 * Conversions go through decimal.js; nothing here decides a market rule.
 */
import { Decimal } from "decimal.js";
import { type Static, Type } from "typebox";
import type { StoredBid } from "../db/repositories/virtual-battery/ancillary-bids.js";
import type { VirtualAsset } from "../db/repositories/virtual-battery/virtual-assets.js";
import type { DeliveryProduct, Market } from "../domain/ancillary/products.js";
import type { BlockSchedule } from "../domain/ancillary/schedule.js";
import { imbalanceReport } from "../domain/ancillary/soc.js";
import { PPM } from "../domain/ancillary/virtual-asset.js";
import { fail, ok, type Result } from "../domain/errors.js";
import { MARKETS } from "../domain/markets/catalogue.js";
import { type EpochMs, HOUR_MS, parseRfc3339, QUARTER_HOUR_MS, toIso } from "../domain/time.js";
import { centsToEur } from "../domain/units.js";
import { Id, InstantText } from "./atoms.js";

// --- schemas ---

export const NullableNumber = (description: string) =>
  Type.Unsafe<number | null>({ type: ["number", "null"], description });
const Instant = (description: string) => Type.String({ format: "date-time", description });

export const AssetParams = Type.Object({ organisationID: Id(), virtualAssetID: Id() });

export const BlockParams = Type.Object({ organisationID: Id(), virtualAssetID: Id(), blockID: Id() });

/** `start` / `end` as optional RFC 3339 instants; nothing else. */
export const OptionalWindowQuery = Type.Object(
  {
    start: Type.Optional(InstantText("RFC 3339 instant, e.g. 2025-06-17T12:00:00Z")),
    end: Type.Optional(InstantText("RFC 3339 instant, e.g. 2025-06-18T12:00:00Z")),
  },
  { additionalProperties: false },
);

export const BlockMetadataBody = Type.Object({
  id: Type.String({ format: "uuid" }),
  start: Instant("Start of the block"),
  end: Instant("End of the block"),
  market: Type.String({ description: "WHOLESALE for the block schedules are written to" }),
});

export const VirtualAssetBody = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    portfolioID: Type.String(),
    deliveryZone: Type.String({
      description: "Control area: 50Hertz, Amprion, TenneT or TransnetBW",
      examples: ["50Hertz"],
    }),
    eicCode: Type.String(),
    start: Instant("Start of the virtual asset's lifetime"),
    end: Instant("End of the virtual asset's lifetime"),
    energyCapacity: Type.Number({ description: "Rated energy capacity in kWh" }),
    availableEnergyCapacity: Type.Number({ description: "Usable energy capacity now in kWh" }),
    ratedChargePower: Type.Number({ description: "kW" }),
    ratedDischargePower: Type.Number({ description: "kW" }),
    chargeEfficiency: Type.Number({ examples: [0.943] }),
    dischargeEfficiency: Type.Number({ examples: [0.943] }),
    rampRate: Type.Number({ description: "kW per minute (0 = unlimited)" }),
    dailyCycleLimit: Type.Number(),
    annualCycleLimit: Type.Number(),
    totalAllowedCycles: Type.Number(),
    dispatchGateClosureSeconds: Type.Number(),
    protectedDurationSeconds: Type.Number(),
    blockIDs: Type.Array(Type.String()),
    blockMetadata: Type.Array(BlockMetadataBody),
    unitsEnergy: Type.Literal("kWh"),
    unitsPower: Type.Literal("kW"),
    createdAt: Instant("When the virtual asset was created"),
    endStateOfChargePercentage: Type.Number({ description: "Projected state of charge at the end of the lifetime, %" }),
    imbalanceCharge: Type.Number({ description: "kWh still to charge to end at 50 %" }),
    imbalanceDischarge: Type.Number({ description: "kWh still to discharge to end at 50 %" }),
    finalSoCTolerance: Type.Number({ examples: [0.01] }),
    feedback: Type.String(),
  },
  { title: "VirtualAsset" },
);

export const PowerCapacityPoint = Type.Object({
  time: Instant("Start of the 15-minute slot"),
  chargePowerCapacity: Type.Number({ description: "kW" }),
  dischargePowerCapacity: Type.Number({ description: "kW" }),
  ratedChargePowerCapacity: Type.Number({ description: "kW" }),
  ratedDischargePowerCapacity: Type.Number({ description: "kW" }),
});

export const SchedulePointBody = Type.Object({
  time: Instant("Start of the 15-minute slot (left-aligned)"),
  power: Type.Number({ description: "kW, positive = discharge" }),
});

export const BlockBody = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    start: Instant("Start of the block"),
    end: Instant("End of the block"),
    ratedChargePower: Type.Number({ description: "kW" }),
    ratedDischargePower: Type.Number({ description: "kW" }),
    unitsPower: Type.Literal("kW"),
    powerCapacity: Type.Array(PowerCapacityPoint),
    schedule: Type.Array(SchedulePointBody),
  },
  { title: "Block" },
);

export const AncillaryBidBody = Type.Object(
  {
    bidID: Type.String({ format: "uuid" }),
    offeredCapacity: Type.Number({ description: "In kW" }),
    capacityPrice: NullableNumber("In EUR/MW/h (AFRR Capacity) or EUR/MW (FCR); null for AFRR Energy"),
    energyPrice: NullableNumber("In EUR/MWh (AFRR Capacity and AFRR Energy only); null for FCR"),
    status: Type.Union([Type.Literal("pending"), Type.Literal("submitted")]),
  },
  { title: "AncillaryBidBody" },
);

const MarketWire = Type.Unsafe<Market>(Type.Union(MARKETS.map((m) => Type.Literal(m))));

export const AncillaryBidsBody = Type.Object(
  {
    market: MarketWire,
    product: Type.String({ examples: ["POS_00_04"] }),
    deliveryDay: Type.String({ format: "date", examples: ["2025-11-11"] }),
    bids: Type.Array(AncillaryBidBody),
  },
  { title: "AncillaryBidsBody" },
);

const AncillaryResultBody = Type.Object({
  bidID: Type.String({ format: "uuid" }),
  accepted: Type.Boolean(),
  offeredCapacity: Type.Number({ description: "kW" }),
  acceptedCapacity: Type.Number({ description: "kW" }),
  capacityPrice: NullableNumber("As bid: EUR/MW (FCR), EUR/MW/h (aFRR capacity); null for aFRR energy"),
  settlementPrice: NullableNumber("FCR only (pay-as-cleared): the marginal price in EUR/MW; null otherwise"),
  energyPrice: NullableNumber("As bid: EUR/MWh (aFRR capacity and energy); null for FCR"),
});

export const AncillaryResultsBody = Type.Object({
  market: MarketWire,
  product: Type.String(),
  deliveryDay: Type.String({ format: "date" }),
  results: Type.Array(AncillaryResultBody),
});

// --- helpers ---

export interface Window {
  readonly start: EpochMs;
  readonly end: EpochMs;
}

/**
 * `start` / `end` query parameters: RFC 3339 instants, each optional with a default; start after end is
 * `interval_invalid`.
 */
export function parseWindow(
  query: { start?: string | undefined; end?: string | undefined },
  defaults: Window,
): Result<Window> {
  let start = defaults.start;
  let end = defaults.end;
  if (query.start !== undefined) {
    const parsed = parseRfc3339(query.start, "start");
    if (!parsed.ok) return parsed;
    start = parsed.value;
  }
  if (query.end !== undefined) {
    const parsed = parseRfc3339(query.end, "end");
    if (!parsed.ok) return parsed;
    end = parsed.value;
  }
  if (start > end) return fail("interval_invalid", "start must not be after end", "start");
  return ok({ start, end });
}

/** Optional `start` / `end` bounds (RFC 3339); start after end is `interval_invalid`. */
export function parseBounds(query: {
  start?: string | undefined;
  end?: string | undefined;
}): Result<{ start?: EpochMs; end?: EpochMs }> {
  const out: { start?: EpochMs; end?: EpochMs } = {};
  for (const key of ["start", "end"] as const) {
    const text = query[key];
    if (text === undefined) continue;
    const parsed = parseRfc3339(text, key);
    if (!parsed.ok) return parsed;
    out[key] = parsed.value;
  }
  if (out.start !== undefined && out.end !== undefined && out.start > out.end) {
    return fail("interval_invalid", "start must not be after end", "start");
  }
  return ok(out);
}

/** The default window of block and state-of-charge reads: 24 h before now … 48 h after now. */
export const defaultWindow = (now: EpochMs): Window => ({ start: now - 24 * HOUR_MS, end: now + 48 * HOUR_MS });

const whToKwh = (wh: number): number => new Decimal(wh).dividedBy(1000).toNumber();
const ppmToRatio = (ppm: number): number => new Decimal(ppm).dividedBy(PPM).toNumber();

export function virtualAssetToWire(asset: VirtualAsset, blocks: readonly BlockSchedule[]) {
  const s = asset.spec;
  const report = imbalanceReport(s, blocks);
  return {
    id: s.id,
    portfolioID: asset.portfolioId,
    deliveryZone: asset.deliveryZone,
    eicCode: asset.eicCode,
    start: toIso(s.start),
    end: toIso(s.end),
    energyCapacity: whToKwh(s.energyCapacityWh),
    availableEnergyCapacity: whToKwh(s.availableEnergyCapacityWh),
    ratedChargePower: s.ratedChargePowerKw,
    ratedDischargePower: s.ratedDischargePowerKw,
    chargeEfficiency: ppmToRatio(s.chargeEfficiency),
    dischargeEfficiency: ppmToRatio(s.dischargeEfficiency),
    rampRate: s.rampRateKwPerMin,
    dailyCycleLimit: ppmToRatio(s.dailyCycleLimitPpm),
    annualCycleLimit: s.annualCycleLimit,
    totalAllowedCycles: s.totalAllowedCycles,
    dispatchGateClosureSeconds: s.dispatchGateClosureSeconds,
    protectedDurationSeconds: s.protectedDurationSeconds,
    blockIDs: blocks.map((b) => b.block.id),
    blockMetadata: blocks.map(({ block }) => ({
      id: block.id,
      start: toIso(block.start),
      end: toIso(block.end),
      market: block.market,
    })),
    unitsEnergy: "kWh" as const,
    unitsPower: "kW" as const,
    createdAt: toIso(asset.createdAt),
    endStateOfChargePercentage: report.endStateOfChargePercentage,
    imbalanceCharge: report.imbalanceCharge,
    imbalanceDischarge: report.imbalanceDischarge,
    finalSoCTolerance: report.finalSoCTolerance,
    feedback: report.feedback,
  };
}

/**
 * A block with its power capacity and schedule at the slots t with window.start ≤ t ≤ window.end (greedy on both
 * bounds, as the real service), clipped to the block's lifetime.
 */
export function blockToWire({ block, schedule }: BlockSchedule, window: Window) {
  const first = Math.max(0, Math.ceil((window.start - block.start) / QUARTER_HOUR_MS));
  const last = Math.min(schedule.length - 1, Math.floor((window.end - block.start) / QUARTER_HOUR_MS));
  const powerCapacity = [];
  const points = [];
  for (let j = first; j <= last; j++) {
    const time = toIso(block.start + j * QUARTER_HOUR_MS);
    const cap = block.powerCapacity[j];
    powerCapacity.push({
      time,
      chargePowerCapacity: cap?.chargePowerCapacityKw ?? 0,
      dischargePowerCapacity: cap?.dischargePowerCapacityKw ?? 0,
      ratedChargePowerCapacity: cap?.ratedChargePowerCapacityKw ?? 0,
      ratedDischargePowerCapacity: cap?.ratedDischargePowerCapacityKw ?? 0,
    });
    points.push({ time, power: schedule[j]! });
  }
  return {
    id: block.id,
    start: toIso(block.start),
    end: toIso(block.end),
    ratedChargePower: block.ratedChargePowerKw,
    ratedDischargePower: block.ratedDischargePowerKw,
    unitsPower: "kW" as const,
    powerCapacity,
    schedule: points,
  };
}

/**
 * Euro-cents → EUR. For whole cents (all that is stored) `cents / 100` is the same number as `centsToEur` (decimal.js):
 * IEEE division is correctly rounded, and so is decimal.js's exact quotient turned into a number; this one skips
 * allocating two Decimals per price on listings of thousands of bids.
 */
export const eurOfCents = (cents: number): number => (Number.isSafeInteger(cents) ? cents / 100 : centsToEur(cents));
const eurOrNull = (cents: number | null): number | null => (cents === null ? null : eurOfCents(cents));

export function ancillaryBidToWire(
  bid: Pick<StoredBid, "id" | "offeredKw" | "capacityPriceCents" | "energyPriceCents" | "status">,
) {
  return {
    bidID: bid.id,
    offeredCapacity: bid.offeredKw,
    capacityPrice: eurOrNull(bid.capacityPriceCents),
    energyPrice: eurOrNull(bid.energyPriceCents),
    status: bid.status,
  };
}

export function ancillaryResultToWire(bid: StoredBid) {
  const result = bid.result!;
  return {
    bidID: bid.id,
    accepted: result.accepted,
    offeredCapacity: bid.offeredKw,
    acceptedCapacity: result.acceptedKw,
    capacityPrice: eurOrNull(bid.capacityPriceCents),
    // stored only where the market's clearing settles at one uniform price (docs/markets.md); null otherwise
    settlementPrice: eurOrNull(result.settlementPriceCents),
    energyPrice: eurOrNull(bid.energyPriceCents),
  };
}

/** The head of a product's group on the wire; a stored bid carries the same three fields. */
export interface ProductHead {
  readonly market: Market;
  readonly product: string;
  readonly deliveryDay: string;
}

export const productHead = (p: DeliveryProduct): ProductHead => ({
  market: p.market,
  product: p.code,
  deliveryDay: p.deliveryDay,
});

const headToWire = (head: ProductHead) => ({
  market: head.market,
  product: head.product,
  deliveryDay: head.deliveryDay,
});

/** One product's bids, as an item of `GET …/ancillary/bids` (and of the `ancillary_bid.submitted` event). */
export function ancillaryBidsToWire(
  head: ProductHead,
  bids: readonly Parameters<typeof ancillaryBidToWire>[0][],
): Static<typeof AncillaryBidsBody> {
  return { ...headToWire(head), bids: bids.map(ancillaryBidToWire) };
}

/** One product's results, as an item of `GET …/ancillary/results` (and of the `ancillary_bid.result` event). */
export function ancillaryResultsToWire(
  head: ProductHead,
  bids: readonly StoredBid[],
): Static<typeof AncillaryResultsBody> {
  return { ...headToWire(head), results: bids.map(ancillaryResultToWire) };
}

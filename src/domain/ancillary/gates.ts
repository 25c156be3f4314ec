/**
 * Gates of the German TSO ancillary markets (docs/domain.md §2), all wall-clock times in Europe/Berlin; D = delivery day.
 * Each market's gate rule and horizon is a row of the market catalogue (src/domain/markets/catalogue.ts):
 *
 * | market       | platform gate (last bid before) | TSO gate          | expected result              |
 * |--------------|---------------------------------|-------------------|------------------------------|
 * | FCR          | D-1 07:30                       | D-1 08:00         | D-1 08:20                    |
 * | AFRRCapacity | D-1 08:30                       | D-1 09:00         | D-1 09:30 (estimate)         |
 * | AFRREnergy   | quarter-hour start − 25 min     | start − 25 min    | quarter-hour end (activation) |
 *
 * - A bid is late when now ≥ platform gate: exactly at the gate is closed, one millisecond before is open.
 * - FCR bidding opens a week ahead (the TSO auction starts 7 days before delivery): delivery day ≤ today in
 *   Berlin + 7 days, else `delivery_day_too_far`. aFRR has no horizon here (the asset's lifetime bounds it).
 * - aFRR energy: docs/domain.md gives one gate (25 min), so the platform's and the TSO's coincide; the engine forwards energy
 *   bids at once. Its "result" is the quarter-hour's end, when activation and the marginal price are known.
 * - `now` is a parameter; nothing here reads the clock. Gate instants are memoised per delivery day.
 */
import { Temporal } from "temporal-polyfill";
import { fail, ok, type Result } from "../errors.js";
import { type Catalogue, type LocalTime, MARKET_CATALOGUE } from "../markets/catalogue.js";
import { BERLIN, type EpochMs, localDate, MINUTE_MS, startOfDay, toIso, zonedToEpoch } from "../time.js";
import type { DeliveryProduct } from "./products.js";

export interface Gates {
  /** The platform takes bids until (excluding) this instant. */
  readonly platform: EpochMs;
  /** The TSO's own gate closure. */
  readonly tso: EpochMs;
  /** When the engine can expect the TSO's result. */
  readonly expectedResult: EpochMs;
}

const dayBeforeCache = new Map<string, EpochMs>();

/** The instant of a local time on the day before `deliveryDay`, memoised (the same few per day). */
function onDayBefore(deliveryDay: string, at: LocalTime): EpochMs {
  const key = `${deliveryDay}T${at.hour}:${at.minute}`;
  let ms = dayBeforeCache.get(key);
  if (ms === undefined) {
    const date = Temporal.PlainDate.from(deliveryDay).subtract({ days: 1 });
    ms = zonedToEpoch(date, new Temporal.PlainTime(at.hour, at.minute), BERLIN);
    if (dayBeforeCache.size >= 4096) dayBeforeCache.clear();
    dayBeforeCache.set(key, ms);
  }
  return ms;
}

/** The platform gate, the TSO gate and the expected result time of a product. */
export function gatesOf(product: DeliveryProduct, catalogue: Catalogue = MARKET_CATALOGUE): Gates {
  const times = catalogue.row(product.market).gates;
  if (times.kind === "before start") {
    const gate = product.start - times.minutes * MINUTE_MS;
    return { platform: gate, tso: gate, expectedResult: product.end };
  }
  return {
    platform: onDayBefore(product.deliveryDay, times.platform),
    tso: onDayBefore(product.deliveryDay, times.tso),
    expectedResult: onDayBefore(product.deliveryDay, times.expectedResult),
  };
}

/** The platform gate of a product: bids are taken while now < gate. */
export const platformGate = (product: DeliveryProduct, catalogue: Catalogue = MARKET_CATALOGUE): EpochMs =>
  gatesOf(product, catalogue).platform;

/** `2026-05-29 07:30 Europe/Berlin (2026-05-29T05:30:00Z)`. */
export function describeInstant(ms: EpochMs): string {
  const local = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(BERLIN);
  const hhmm = `${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")}`;
  return `${local.toPlainDate().toString()} ${hhmm} ${BERLIN} (${toIso(ms)})`;
}

/** `gate_closed` when now is at or past the product's platform gate. */
export function checkGate(
  product: DeliveryProduct,
  now: EpochMs,
  field: string,
  catalogue: Catalogue = MARKET_CATALOGUE,
): Result<void> {
  const gate = platformGate(product, catalogue);
  if (now < gate) return ok(undefined);
  return fail(
    "gate_closed",
    `the gate for ${catalogue.row(product.market).label} ${product.code} on ${product.deliveryDay} closed at ${describeInstant(gate)}`,
    field,
  );
}

interface BerlinDay {
  readonly horizonDays: number;
  readonly from: EpochMs;
  readonly to: EpochMs;
  readonly today: string;
  readonly lastOpen: string;
}
let current: BerlinDay | undefined;

/** Today in Berlin and the last delivery day open `horizonDays` ahead, memoised for the Berlin day `now` falls in. */
function horizonWindow(now: EpochMs, horizonDays: number): BerlinDay {
  if (current === undefined || now < current.from || now >= current.to || current.horizonDays !== horizonDays) {
    const today = localDate(now, BERLIN);
    current = {
      horizonDays,
      from: startOfDay(today, BERLIN),
      to: startOfDay(today.add({ days: 1 }), BERLIN),
      today: today.toString(),
      lastOpen: today.add({ days: horizonDays }).toString(),
    };
  }
  return current;
}

/**
 * `delivery_day_too_far` for a product of a market with a horizon (FCR: 7 days) further than that after today
 * (Berlin). Markets without one always pass.
 */
export function checkHorizon(
  product: DeliveryProduct,
  now: EpochMs,
  field: string,
  catalogue: Catalogue = MARKET_CATALOGUE,
): Result<void> {
  const row = catalogue.row(product.market);
  if (row.horizonDays === null) return ok(undefined);
  const { today, lastOpen } = horizonWindow(now, row.horizonDays);
  // YYYY-MM-DD strings compare like the dates they name.
  if (product.deliveryDay <= lastOpen) return ok(undefined);
  return fail(
    "delivery_day_too_far",
    `${row.label} bids open ${row.horizonDays} days ahead: today in Berlin is ${today}, so the last delivery day ` +
      `open is ${lastOpen}, not ${product.deliveryDay}`,
    field,
  );
}

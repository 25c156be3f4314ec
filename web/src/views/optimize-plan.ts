/**
 * The optimize panel's plumbing without React: the request body it sends (`POST …/optimize`), and the requests
 * "Submit plan" makes from the answer, in the answer's order — FCR bids, aFRR bids, then the WHOLESALE schedule
 * (docs/optimizer.md, "Commitments"). The answer's `bids` hold only what is replaced or new; `actions` says per
 * product what happens to what the asset already holds (keep | replace | new), shown before anything is sent.
 */
import { Temporal } from "temporal-polyfill";
import type { OptimizePlan } from "../../../src/sdk/index.js";

export type Plan = OptimizePlan;
export type PlanAction = Plan["actions"][number];

const BERLIN = "Europe/Berlin";

/** Quarter-hours of a Berlin delivery day (92 / 100 on DST days). */
export function quarterHours(day: string): number {
  const start = Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: BERLIN });
  const end = start.add({ days: 1 });
  return Math.round((end.epochMilliseconds - start.epochMilliseconds) / 900_000);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A plausible wholesale day: cheap at night and midday (solar), dear in the morning and evening peaks. */
function wholesaleShape(count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const hour = (i * 24) / count;
    const peaks = 45 * Math.exp(-((hour - 8) ** 2) / 4) + 80 * Math.exp(-((hour - 19) ** 2) / 5);
    const solar = -35 * Math.exp(-((hour - 13) ** 2) / 6);
    return round2(70 + peaks + solar);
  });
}

const parseList = (text: string): number[] =>
  text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);

export const DEFAULT_PRICES = {
  fcr: "18, 15, 12, 14, 22, 20",
  afrrCapacityPos: "6, 5, 4, 5, 9, 8",
  afrrCapacityNeg: "5, 4, 6, 7, 4, 4",
  afrrEnergyPos: "140, 140, 140, 140, 160, 160",
  afrrEnergyNeg: "10, 10, 10, 10, 10, 10",
};
export type PriceTexts = typeof DEFAULT_PRICES;

/** The body of `POST …/optimize`: the typical wholesale shape and the per-block forecasts, repeated per day. */
export function optimizeRequest(day: string, days: number, prices: PriceTexts = DEFAULT_PRICES) {
  const dayList = Array.from({ length: days }, (_, i) =>
    Temporal.PlainDate.from(day || "2000-01-01")
      .add({ days: i })
      .toString(),
  );
  const repeat = (text: string) => dayList.flatMap(() => parseList(text));
  return {
    horizon: { firstDeliveryDay: day, days },
    prices: {
      wholesale: dayList.flatMap((d) => wholesaleShape(quarterHours(d))),
      fcr: repeat(prices.fcr),
      afrrCapacityPos: repeat(prices.afrrCapacityPos),
      afrrCapacityNeg: repeat(prices.afrrCapacityNeg),
      afrrEnergyPos: repeat(prices.afrrEnergyPos),
      afrrEnergyNeg: repeat(prices.afrrEnergyNeg),
    },
  };
}

export interface SubmitStep {
  readonly what: string;
  readonly method: "POST" | "PUT";
  /** Below the asset's base path. */
  readonly path: string;
  readonly body: unknown;
}

/** The requests "Submit plan" makes, in order; each is accepted as it is (the answer was planned that way). */
export function submitSteps(plan: Plan): SubmitStep[] {
  const steps: SubmitStep[] = [];
  if (plan.bids.fcr.length > 0)
    steps.push({ what: "FCR bids", method: "POST", path: "/ancillary/bids", body: plan.bids.fcr });
  if (plan.bids.afrr.length > 0) {
    steps.push({ what: "aFRR bids", method: "POST", path: "/ancillary/bids", body: plan.bids.afrr });
  }
  if (plan.schedule.length > 0 && plan.scheduleAction === "replace") {
    steps.push({
      what: "Wholesale schedule",
      method: "PUT",
      path: `/blocks/${encodeURIComponent(plan.wholesaleBlockID)}`,
      body: { schedule: plan.schedule },
    });
  }
  return steps;
}

const MARKET_LABEL: Record<PlanAction["market"], string> = { FCR: "FCR", AFRRCapacity: "aFRR" };
const FIXED_LABEL: Record<string, string> = {
  bid_pending: "still being placed with the TSO",
  gate_closed: "gate closed",
  delivery_day_too_far: "not open yet",
  energy_bid_pending: "an energy bid in it is still being placed",
};

/** One line per product for the confirm list: what is kept, replaced and added. */
export function describeAction(a: PlanAction): string {
  const what = `${MARKET_LABEL[a.market]} ${a.product} ${a.deliveryDay}`;
  const mw = (kw: number) => `${kw / 1000} MW`;
  if (a.action === "keep") {
    const why = a.fixed ? ` (${FIXED_LABEL[a.fixed] ?? a.fixed})` : "";
    return `Keep ${what}: ${mw(a.offeredCapacity)}, ${a.existing?.status ?? ""}${why}`;
  }
  const price = `${a.capacityPrice}${a.energyPrice !== null ? ` / ${a.energyPrice} EUR/MWh` : ""}`;
  if (a.action === "replace") {
    return `Replace ${what}: ${mw(a.existing?.offeredCapacity ?? 0)} → ${mw(a.offeredCapacity)} at ${price}`;
  }
  return `Add ${what}: ${mw(a.offeredCapacity)} at ${price}`;
}

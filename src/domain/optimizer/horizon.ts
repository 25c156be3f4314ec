/**
 * The optimizer's horizon: whole delivery days in Europe/Berlin cut into real 15-minute steps (96 per day, 92 on
 * the spring DST day, 100 on the autumn one) and into the six 4-hour product blocks of each day, whose intervals
 * come from `ancillary/products.ts` (the DST block 00_04 lasts 3 h or 5 h of real time).
 */
import { Temporal } from "temporal-polyfill";
import { type DeliveryProduct, productsOf } from "../ancillary/products.js";
import { type EpochMs, QUARTER_HOUR_MS } from "../time.js";

export interface HorizonBlock {
  /** Position in the horizon (0 … 6·days − 1). */
  readonly index: number;
  readonly deliveryDay: string;
  /** Block of the day, 0 … 5 (00_04 … 20_24). */
  readonly blockOfDay: number;
  /** Product codes of this block, e.g. `NEGPOS_00_04`, `POS_00_04`, `NEG_00_04`. */
  readonly fcrProduct: string;
  readonly afrrPosProduct: string;
  readonly afrrNegProduct: string;
  /** Steps `[firstStep, endStep)` of the horizon inside the block. */
  readonly firstStep: number;
  readonly endStep: number;
  /** Real duration, hours (4, or 3 / 5 on DST days). */
  readonly hours: number;
}

export interface HorizonDay {
  readonly deliveryDay: string;
  readonly firstStep: number;
  readonly endStep: number;
}

export interface Horizon {
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly steps: number;
  readonly days: readonly HorizonDay[];
  readonly blocks: readonly HorizonBlock[];
  /** Block index of every step. */
  readonly blockOfStep: Int32Array;
}

export const STEP_HOURS = 0.25;

export const stepTime = (horizon: Horizon, step: number): EpochMs => horizon.start + step * QUARTER_HOUR_MS;

/** The horizon of `days` delivery days from `firstDeliveryDay` (a valid `YYYY-MM-DD`; validate before). */
export function buildHorizon(firstDeliveryDay: string, days: number): Horizon {
  const first = Temporal.PlainDate.from(firstDeliveryDay, { overflow: "reject" });
  const dayList: HorizonDay[] = [];
  const blocks: HorizonBlock[] = [];
  let start = 0;
  let end = 0;
  for (let d = 0; d < days; d++) {
    const deliveryDay = first.add({ days: d }).toString();
    const fcr = productsOf("FCR", deliveryDay);
    const afrr = productsOf("AFRRCapacity", deliveryDay);
    if (d === 0) start = fcr[0]!.start;
    const dayStart = fcr[0]!.start;
    const dayEnd = fcr[fcr.length - 1]!.end;
    end = dayEnd;
    const stepOf = (t: EpochMs) => (t - start) / QUARTER_HOUR_MS;
    dayList.push({ deliveryDay, firstStep: stepOf(dayStart), endStep: stepOf(dayEnd) });
    fcr.forEach((block: DeliveryProduct, i) => {
      const pos = afrr.find((p) => p.direction === "POS" && p.index === i)!;
      const neg = afrr.find((p) => p.direction === "NEG" && p.index === i)!;
      blocks.push({
        index: blocks.length,
        deliveryDay,
        blockOfDay: i,
        fcrProduct: block.code,
        afrrPosProduct: pos.code,
        afrrNegProduct: neg.code,
        firstStep: stepOf(block.start),
        endStep: stepOf(block.end),
        hours: (block.end - block.start) / (4 * QUARTER_HOUR_MS),
      });
    });
  }
  const steps = (end - start) / QUARTER_HOUR_MS;
  const blockOfStep = new Int32Array(steps);
  for (const b of blocks) blockOfStep.fill(b.index, b.firstStep, b.endStep);
  return { start, end, steps, days: dayList, blocks, blockOfStep };
}

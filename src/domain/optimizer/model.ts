/**
 * The battery optimizer's model: co-optimizes FCR, aFRR capacity (POS / NEG) and wholesale dispatch of one
 * virtual battery over whole delivery days (Europe/Berlin). Pure: input in, linear program out; it knows nothing
 * of databases, clocks or solvers. Over 400 lines because it is one table of columns and constraints (below) and
 * the code that writes exactly those rows: splitting it would separate each constraint from its neighbours in the
 * table that documents them.
 *
 * Index sets: steps t = 0 … T−1 (15 min, Δ = 0.25 h; 96 per day, 92 / 100 on DST days); energy instants
 * k = 0 … T (k = start of step k; k = T is the end); 4-h product blocks b (six per day, b(t) = block of step t,
 * H_b = real hours of b); delivery days d.
 *
 * Decisions (MW, MWh; only the columns that can be non-zero are created):
 *
 * | column      | meaning                                                         | domain                          |
 * |-------------|-----------------------------------------------------------------|---------------------------------|
 * | c_t, d_t    | wholesale charge / discharge power in step t                    | [0, P_ch], [0, P_dis]           |
 * | e_k         | stored energy at instant k (e_0 fixed to the SoC now)           | [E_lo,k, E_hi,k] (relaxed where slack exists) |
 * | fcr_b       | FCR capacity offered in block b (symmetric)                     | integer MW, [0, ⌊0.8·min(P_ch, P_dis)⌋] |
 * | ap_b, an_b  | aFRR capacity POS / NEG offered in block b                      | integer MW, [0, ⌊P_dis⌋], [0, ⌊P_ch⌋] |
 * | sl_k, su_k  | priced slack below / above the energy limits at instant k       | ≥ 0, only where the limit may be unreachable |
 * | tu, to      | end energy under / over the target band                          | ≥ 0                             |
 * | cy_d        | discharge beyond the daily cycle limit on day d                 | ≥ 0, only if the asset has a limit |
 * | u_t         | 1 = step t may charge, 0 = may discharge                        | binary, only for steps that need it |
 *
 * Constraints:
 *
 * | row           | constraint                                                                 | why (docs/domain.md §2)                        |
 * |---------------|----------------------------------------------------------------------------|-------------------------------------------|
 * | bal_t         | e_{t+1} = e_t + Δ·η_ch·c_t − Δ/η_dis·d_t                                   | state of energy, efficiencies             |
 * | pd_t          | d_t + fcr_b(t) + ap_b(t) ≤ P_dis                                           | reserved + dispatched power, discharge side |
 * | pc_t          | c_t + fcr_b(t) + an_b(t) ≤ P_ch                                            | reserved + dispatched power, charge side  |
 * | lo_k_b        | e_k + sl_k − (0.25·fcr_b + D·ap_b)/η_dis ≥ E_lo,k  for k ∈ [first_b, end_b] | SoC lower limit + energy to deliver FCR (15 min) and aFRR POS (D h) at full offered power |
 * | hi_k_b        | e_k − su_k + (0.25·fcr_b + D·an_b)·η_ch ≤ E_hi,k   for k ∈ [first_b, end_b] | SoC upper limit + room to absorb FCR and aFRR NEG |
 * | tgt           | E_target − tol ≤ e_T + tu − to ≤ E_target + tol                             | end at 50 % (soft: tu, to priced)         |
 * | cyc_d         | Σ_{t∈d} Δ/η_dis·d_t − cy_d ≤ cycles_d · E_available                          | daily cycle limit (priced slack)          |
 * | xc_t, xd_t    | c_t ≤ P_ch·u_t,  d_t ≤ P_dis·(1 − u_t)                                      | one net power per slot (no charge and discharge at once) |
 * | (bounds)      | fcr_b ≤ 0.8 · rated power, whole MW; aFRR whole MW                          | FCR 80 % rule, whole MW bids              |
 * | hull_*_b      | (fcr, ap, an)_b ≤ Σ_j w_bj · m_j,  Σ_j w_bj ≤ 1,  w ≥ 0                        | convex hull of the maximal whole-MW combinations m_j one block can hold (`maximalReserveCombinations`): redundant for whole MW, tightens the relaxation |
 *
 * E_lo,k / E_hi,k are the SoC limits in energy, tightened for k ≥ 1 by a margin m (≤ 1 kWh) that absorbs the
 * rounding of the schedule to whole kW (and `soc.ts`'s per-slot milli-watt-hour rounding). Every energy instant
 * that might be unreachable — only while the SoC now lies outside (or at) the limits and full power cannot bring it
 * back in time — gets the priced slack sl_k / su_k, so the program is feasible for every valid input: power limits,
 * reserves and binaries can all be 0, and from inside the limits "do nothing" stays inside.
 *
 * Objective (maximize, EUR):
 *   Σ_t Δ·(λ_t·(d_t − c_t) − deg·(c_t + d_t))                                            wholesale − degradation
 * + Σ_b π^FCR_b·fcr_b                                                                     FCR (EUR/MW per block)
 * + Σ_b H_b·(π^POS_b + s_pos·(ε^POS_b − λ̄_b − deg))·ap_b                                 aFRR POS capacity + energy
 * + Σ_b H_b·(π^NEG_b + s_neg·(ε^NEG_b + λ̄_b − deg))·an_b                                 aFRR NEG capacity + energy
 * − P_slack·(Σ sl + Σ su + Σ cy) − P_target·(tu + to)
 * where λ̄_b is the block's mean wholesale price: activated POS energy is sold at ε^POS instead of its wholesale
 * value, activated NEG energy is received (paid ε^NEG) instead of bought. Expected activations are a revenue
 * estimate only: the schedule's SoC does not include them, the reserved headroom covers them.
 *
 * Exclusivity: with losses, charging and discharging at once only pays when energy is worth destroying (negative
 * prices with a full battery, making room for reserves). The binaries u_t are created only for the steps where a
 * solution did both (`optimize` passes the steps seen in the relaxation, and re-solves if a solution still does).
 */
import { parseDeliveryDay } from "../ancillary/products.js";
import { energyDelta, removedByDischarging, storedByCharging } from "../ancillary/soc.js";
import { PPM } from "../ancillary/virtual-asset.js";
import { fail, ok, type Result } from "../errors.js";
import { marketRow } from "../markets/catalogue.js";
import { QUARTER_HOUR_MS } from "../time.js";
import { buildHorizon, type Horizon, STEP_HOURS } from "./horizon.js";
import { type LinearProgram, LinearProgramBuilder } from "./linear-program.js";
import type { OptimizerConfig, OptimizerInput, PriceRule } from "./types.js";

/** The length of one step (a quarter-hour), in seconds: the aFRR activation time counts in these. */
const STEP_SECONDS = QUARTER_HOUR_MS / 1000;
/** FCR's reserve rule from the market catalogue: its share of rated power and minutes at full power both ways. */
const FCR_RESERVE = marketRow("FCR").reserve!;
/** Wh held per kW of FCR each way: 15 minutes at full power (the platform's bid rule). */
const FCR_RESERVE_WH_PER_KW = (FCR_RESERVE.fullPowerMinutes * 1000) / 60;
export const MAX_HORIZON_DAYS = 31;
/** MWh per milli-watt-hour. */
export const MWH_PER_MILLI_WH = 1e-9;
/** At most this much is shaved off each energy limit inside the program to absorb whole-kW rounding (1 kWh). */
export const ROUNDING_MARGIN_MILLI_WH = 1_000_000;

const neutralRule: PriceRule = { markupPpm: PPM, offsetCents: 0 };

export const DEFAULT_CONFIG: OptimizerConfig = Object.freeze({
  timeLimitSeconds: 2,
  mipRelGap: 0.1,
  afrrActivationSeconds: 3600,
  targetPenaltyCentsPerMwh: 100_000,
  slackPenaltyCentsPerMwh: 10_000_000,
  bidding: { fcrCapacity: neutralRule, afrrCapacity: neutralRule, afrrEnergy: neutralRule },
});

/** Everything the program, the greedy heuristic and the interpretation need, validated and in solver units. */
export interface OptimizerData {
  readonly input: OptimizerInput;
  readonly config: OptimizerConfig;
  readonly horizon: Horizon;
  readonly steps: number;
  readonly chargeKw: number;
  readonly dischargeKw: number;
  readonly chargeMw: number;
  readonly dischargeMw: number;
  readonly etaCharge: number;
  readonly etaDischarge: number;
  readonly startMilliWh: number;
  /** True SoC limits, mWh. */
  readonly lowerMilliWh: number;
  readonly upperMilliWh: number;
  readonly marginMilliWh: number;
  readonly targetMilliWh: number;
  readonly toleranceMilliWh: number;
  /** Storage-side discharge allowed per delivery day, mWh; null = no limit. */
  readonly cycleLimitMilliWh: number | null;
  /** EUR/MWh per step. */
  readonly price: Float64Array;
  /** Per block: EUR/MW (FCR), EUR/MW/h (aFRR capacity), EUR/MWh (aFRR energy, mean wholesale); null = not offered. */
  readonly fcrPrice: Float64Array | null;
  readonly afrrPosPrice: Float64Array | null;
  readonly afrrNegPrice: Float64Array | null;
  readonly afrrPosEnergyPrice: Float64Array | null;
  readonly afrrNegEnergyPrice: Float64Array | null;
  readonly meanPrice: Float64Array;
  readonly sharePos: number;
  readonly shareNeg: number;
  readonly degradation: number;
  readonly fcrMaxMw: number;
  readonly afrrPosMaxMw: number;
  readonly afrrNegMaxMw: number;
  /** Per block, the whole-MW range of each reserve product (the commitments within the maxima above). */
  readonly reserveLower: ReserveVector;
  readonly reserveUpper: ReserveVector;
  /** Per step, power held each way by bids that stay whatever the plan (MW), and what reserves + dispatch may use. */
  readonly heldDischargeMw: Float64Array;
  readonly heldChargeMw: Float64Array;
  readonly dischargeRoomMw: Float64Array;
  readonly chargeRoomMw: Float64Array;
  /** Per block, the least of `dischargeRoomMw` / `chargeRoomMw` over its steps (what its reserves may use). */
  readonly blockDischargeRoomMw: Float64Array;
  readonly blockChargeRoomMw: Float64Array;
  /** The frozen first steps' power (whole kW, + = discharge) and the stored energy after each of them (mWh). */
  readonly frozenKw: Int32Array;
  readonly frozenEnergyMilliWh: Float64Array;
  /** Where the horizon's end energy must lie for the schedules after it, mWh; null = anywhere within the limits. */
  readonly endEnergyRange: { readonly lowerMilliWh: number; readonly upperMilliWh: number } | null;
  /** Per block, whether a reserve is held at a minimum (its energy headroom may be out of reach: priced). */
  readonly committedBlock: Uint8Array;
  /** Energy (mWh) to hold per MW offered: up = below the stored energy, down = room above it. */
  readonly fcrUpMilliWhPerMw: number;
  readonly fcrDownMilliWhPerMw: number;
  readonly afrrUpMilliWhPerMw: number;
  readonly afrrDownMilliWhPerMw: number;
}

/** Column positions of the decisions in the program (−1 = no column). */
export interface ModelColumns {
  readonly charge: Int32Array;
  readonly discharge: Int32Array;
  readonly energy: Int32Array;
  readonly fcr: Int32Array;
  readonly afrrPos: Int32Array;
  readonly afrrNeg: Int32Array;
  /** Priced missing reserve energy per block (only with `softReserveEnergy`). */
  readonly reserveShortUp: Int32Array;
  readonly reserveShortDown: Int32Array;
}

export interface OptimizerModel {
  readonly data: OptimizerData;
  readonly problem: LinearProgram;
  readonly columns: ModelColumns;
  /** Steps carrying a charge/discharge binary. */
  readonly exclusiveSteps: readonly number[];
}

const isInt = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x);

function checkIntArray(
  values: readonly number[] | undefined,
  length: number,
  field: string,
): Result<Float64Array | null> {
  if (values === undefined) return ok(null);
  if (!Array.isArray(values) || values.length !== length) {
    return fail(
      "validation_failed",
      `${field} must have ${length} entries (one per ${length > 200 ? "quarter-hour" : "block"})`,
      field,
    );
  }
  for (let i = 0; i < values.length; i++) {
    if (!isInt(values[i]))
      return fail("validation_failed", `${field}[${i}] must be a whole number of euro-cents`, `${field}[${i}]`);
  }
  return ok(Float64Array.from(values, (c) => c / 100));
}

function checkPpm(value: unknown, field: string, positive = false): Result<number> {
  if (!isInt(value) || value < (positive ? 1 : 0) || value > PPM) {
    return fail("validation_failed", `${field} must be whole ppm in ${positive ? "1" : "0"} … ${PPM}`, field);
  }
  return ok(value);
}

function checkConfig(partial: Partial<OptimizerConfig> | undefined): Result<OptimizerConfig> {
  const config: OptimizerConfig = { ...DEFAULT_CONFIG, ...partial };
  const positive = (x: number) => typeof x === "number" && Number.isFinite(x) && x > 0;
  if (!positive(config.timeLimitSeconds))
    return fail("validation_failed", "timeLimitSeconds must be > 0", "config.timeLimitSeconds");
  if (!(config.mipRelGap >= 0 && config.mipRelGap < 1))
    return fail("validation_failed", "mipRelGap must be in [0, 1)", "config.mipRelGap");
  if (!positive(config.afrrActivationSeconds)) {
    return fail("validation_failed", "afrrActivationSeconds must be > 0", "config.afrrActivationSeconds");
  }
  if (!isInt(config.targetPenaltyCentsPerMwh) || config.targetPenaltyCentsPerMwh <= 0) {
    return fail(
      "validation_failed",
      "targetPenaltyCentsPerMwh must be whole cents > 0",
      "config.targetPenaltyCentsPerMwh",
    );
  }
  if (!isInt(config.slackPenaltyCentsPerMwh) || config.slackPenaltyCentsPerMwh <= 0) {
    return fail(
      "validation_failed",
      "slackPenaltyCentsPerMwh must be whole cents > 0",
      "config.slackPenaltyCentsPerMwh",
    );
  }
  for (const key of ["fcrCapacity", "afrrCapacity", "afrrEnergy"] as const) {
    const rule = config.bidding?.[key];
    if (!rule || !isInt(rule.markupPpm) || !isInt(rule.offsetCents)) {
      return fail("validation_failed", `bidding.${key} needs whole markupPpm and offsetCents`, `config.bidding.${key}`);
    }
  }
  return ok(config);
}

/** Validates the input (expected rejections as `validation_failed` / `interval_invalid`) and converts its units. */
export function prepareData(input: OptimizerInput): Result<OptimizerData> {
  const config = checkConfig(input.config);
  if (!config.ok) return config;
  const { asset } = input;
  if (!isInt(asset.availableEnergyCapacityWh) || asset.availableEnergyCapacityWh <= 0) {
    return fail("validation_failed", "availableEnergyCapacity must be > 0 Wh", "asset.availableEnergyCapacityWh");
  }
  for (const key of ["ratedChargePowerKw", "ratedDischargePowerKw"] as const) {
    if (!isInt(asset[key]) || asset[key] < 0)
      return fail("validation_failed", `${key} must be whole kW ≥ 0`, `asset.${key}`);
  }
  const ce = checkPpm(asset.chargeEfficiency, "asset.chargeEfficiency", true);
  if (!ce.ok) return ce;
  const de = checkPpm(asset.dischargeEfficiency, "asset.dischargeEfficiency", true);
  if (!de.ok) return de;
  if (!isInt(asset.dailyCycleLimitPpm) || asset.dailyCycleLimitPpm < 0) {
    return fail(
      "validation_failed",
      "dailyCycleLimitPpm must be whole ppm ≥ 0 (0 = no limit)",
      "asset.dailyCycleLimitPpm",
    );
  }
  if (!isInt(asset.finalSoCTolerance) || asset.finalSoCTolerance < 0 || asset.finalSoCTolerance > PPM) {
    return fail("validation_failed", "finalSoCTolerance must be whole ppm in 0 … 1 000 000", "asset.finalSoCTolerance");
  }

  const day = parseDeliveryDay(input.horizon?.firstDeliveryDay, "horizon.firstDeliveryDay");
  if (!day.ok) return day;
  const days = input.horizon.days;
  if (!isInt(days) || days < 1 || days > MAX_HORIZON_DAYS) {
    return fail("validation_failed", `horizon.days must be a whole number in 1 … ${MAX_HORIZON_DAYS}`, "horizon.days");
  }
  const horizon = buildHorizon(day.value, days);
  if (horizon.start < asset.start || horizon.end > asset.end) {
    return fail("interval_invalid", "the horizon must lie inside the virtual asset's lifetime", "horizon");
  }

  if (!isInt(input.startEnergyMilliWh) || input.startEnergyMilliWh < 0) {
    return fail("validation_failed", "startEnergyMilliWh must be whole mWh ≥ 0", "startEnergyMilliWh");
  }
  const limits = input.socLimits ?? { lowerPpm: 0, upperPpm: PPM };
  const lo = checkPpm(limits.lowerPpm, "socLimits.lowerPpm");
  if (!lo.ok) return lo;
  const hi = checkPpm(limits.upperPpm, "socLimits.upperPpm");
  if (!hi.ok) return hi;
  if (lo.value > hi.value) return fail("validation_failed", "socLimits.lowerPpm must not exceed upperPpm", "socLimits");
  const target = checkPpm(input.targetSocPpm ?? 500_000, "targetSocPpm");
  if (!target.ok) return target;

  const blocks = horizon.blocks.length;
  const p = input.prices ?? ({} as OptimizerInput["prices"]);
  const price = checkIntArray(p.wholesaleCentsPerMwh, horizon.steps, "prices.wholesaleCentsPerMwh");
  if (!price.ok) return price;
  if (price.value === null)
    return fail("validation_failed", "prices.wholesaleCentsPerMwh is required", "prices.wholesaleCentsPerMwh");
  const fcr = checkIntArray(p.fcrCentsPerMw, blocks, "prices.fcrCentsPerMw");
  if (!fcr.ok) return fcr;
  const posCap = checkIntArray(p.afrrPosCapacityCentsPerMwH, blocks, "prices.afrrPosCapacityCentsPerMwH");
  if (!posCap.ok) return posCap;
  const negCap = checkIntArray(p.afrrNegCapacityCentsPerMwH, blocks, "prices.afrrNegCapacityCentsPerMwH");
  if (!negCap.ok) return negCap;
  const posEnergy = checkIntArray(p.afrrPosEnergyCentsPerMwh, blocks, "prices.afrrPosEnergyCentsPerMwh");
  if (!posEnergy.ok) return posEnergy;
  const negEnergy = checkIntArray(p.afrrNegEnergyCentsPerMwh, blocks, "prices.afrrNegEnergyCentsPerMwh");
  if (!negEnergy.ok) return negEnergy;
  if (posCap.value && !posEnergy.value) {
    return fail(
      "validation_failed",
      "aFRR POS capacity needs an expected energy price (energyPrice is mandatory)",
      "prices.afrrPosEnergyCentsPerMwh",
    );
  }
  if (negCap.value && !negEnergy.value) {
    return fail(
      "validation_failed",
      "aFRR NEG capacity needs an expected energy price (energyPrice is mandatory)",
      "prices.afrrNegEnergyCentsPerMwh",
    );
  }
  const share = input.afrrActivationShare ?? { posPpm: 0, negPpm: 0 };
  const sharePos = checkPpm(share.posPpm, "afrrActivationShare.posPpm");
  if (!sharePos.ok) return sharePos;
  const shareNeg = checkPpm(share.negPpm, "afrrActivationShare.negPpm");
  if (!shareNeg.ok) return shareNeg;
  const degradation = input.degradationCentsPerMwh ?? 0;
  if (!isInt(degradation) || degradation < 0) {
    return fail("validation_failed", "degradationCentsPerMwh must be whole cents ≥ 0", "degradationCentsPerMwh");
  }

  const capacityWh = asset.availableEnergyCapacityWh;
  const lowerMilliWh = Math.ceil((capacityWh * lo.value) / 1000);
  const upperMilliWh = Math.floor((capacityWh * hi.value) / 1000);
  const meanPrice = new Float64Array(blocks);
  for (const b of horizon.blocks) {
    let sum = 0;
    for (let t = b.firstStep; t < b.endStep; t++) sum += price.value[t]!;
    meanPrice[b.index] = sum / (b.endStep - b.firstStep);
  }
  const minRated = Math.min(asset.ratedChargePowerKw, asset.ratedDischargePowerKw);
  const afrrSlots = config.value.afrrActivationSeconds / STEP_SECONDS;
  // FCR: the 80 % rule and the platform's 15 minutes at full power both ways within half the available capacity
  const fcrByEnergyMw = Math.floor(capacityWh / 2 / FCR_RESERVE_WH_PER_KW / 1000);
  const maxima = {
    fcr: fcr.value ? Math.min(fcrByEnergyMw, Math.floor((minRated * FCR_RESERVE.maxSharePpm) / PPM / 1000)) : 0,
    afrrPos: posCap.value ? Math.floor(asset.ratedDischargePowerKw / 1000) : 0,
    afrrNeg: negCap.value ? Math.floor(asset.ratedChargePowerKw / 1000) : 0,
  };
  const committed = commitmentsOf(input.commitments, horizon, maxima, asset);
  if (!committed.ok) return committed;
  const frozen = input.frozenScheduleKw ?? [];
  if (!Array.isArray(frozen) || frozen.length > horizon.steps || !frozen.every(isInt)) {
    return fail(
      "validation_failed",
      "frozenScheduleKw must hold whole kW for at most the horizon's steps",
      "frozenScheduleKw",
    );
  }
  const frozenEnergyMilliWh = new Float64Array(frozen.length + 1);
  frozenEnergyMilliWh[0] = input.startEnergyMilliWh;
  frozen.forEach((kw, t) => {
    frozenEnergyMilliWh[t + 1] = frozenEnergyMilliWh[t]! + energyDelta(asset, kw);
  });
  const end = input.endEnergyRange;
  if (end !== undefined && (!isInt(end.lowerMilliWh) || !isInt(end.upperMilliWh))) {
    return fail("validation_failed", "endEnergyRange needs whole mWh", "endEnergyRange");
  }
  return ok({
    input,
    config: config.value,
    horizon,
    steps: horizon.steps,
    chargeKw: asset.ratedChargePowerKw,
    dischargeKw: asset.ratedDischargePowerKw,
    chargeMw: asset.ratedChargePowerKw / 1000,
    dischargeMw: asset.ratedDischargePowerKw / 1000,
    etaCharge: ce.value / PPM,
    etaDischarge: de.value / PPM,
    startMilliWh: input.startEnergyMilliWh,
    lowerMilliWh,
    upperMilliWh,
    marginMilliWh: Math.min(ROUNDING_MARGIN_MILLI_WH, Math.floor((upperMilliWh - lowerMilliWh) / 4)),
    targetMilliWh: Math.round((capacityWh * target.value) / 1000),
    toleranceMilliWh: Math.floor((capacityWh * asset.finalSoCTolerance) / 1000),
    cycleLimitMilliWh: asset.dailyCycleLimitPpm > 0 ? Math.floor((capacityWh * asset.dailyCycleLimitPpm) / 1000) : null,
    price: price.value,
    fcrPrice: fcr.value,
    afrrPosPrice: posCap.value,
    afrrNegPrice: negCap.value,
    afrrPosEnergyPrice: posEnergy.value,
    afrrNegEnergyPrice: negEnergy.value,
    meanPrice,
    sharePos: sharePos.value / PPM,
    shareNeg: shareNeg.value / PPM,
    degradation: degradation / 100,
    fcrMaxMw: maxima.fcr,
    afrrPosMaxMw: maxima.afrrPos,
    afrrNegMaxMw: maxima.afrrNeg,
    ...committed.value,
    frozenKw: Int32Array.from(frozen),
    frozenEnergyMilliWh,
    endEnergyRange: end ?? null,
    fcrUpMilliWhPerMw: removedByDischarging(1000, de.value),
    fcrDownMilliWhPerMw: storedByCharging(1000, ce.value),
    afrrUpMilliWhPerMw: removedByDischarging(1000, de.value) * afrrSlots,
    afrrDownMilliWhPerMw: storedByCharging(1000, ce.value) * afrrSlots,
  });
}

type CommittedData = Pick<
  OptimizerData,
  | "reserveLower"
  | "reserveUpper"
  | "heldDischargeMw"
  | "heldChargeMw"
  | "dischargeRoomMw"
  | "chargeRoomMw"
  | "blockDischargeRoomMw"
  | "blockChargeRoomMw"
  | "committedBlock"
>;

/**
 * The commitments in solver units: per block the reserve ranges within the product maxima (a held minimum wins over
 * a maximum: what cannot change is fixed), per step the held power and the room left for reserves and dispatch. A
 * minimum on a product the request gives no price for cannot be a column: it is held power instead.
 */
function commitmentsOf(
  commitments: OptimizerInput["commitments"],
  horizon: Horizon,
  maxima: { fcr: number; afrrPos: number; afrrNeg: number },
  asset: OptimizerInput["asset"],
): Result<CommittedData> {
  const B = horizon.blocks.length;
  const T = horizon.steps;
  const lower = { fcr: new Float64Array(B), afrrPos: new Float64Array(B), afrrNeg: new Float64Array(B) };
  const upper = {
    fcr: new Float64Array(B).fill(maxima.fcr),
    afrrPos: new Float64Array(B).fill(maxima.afrrPos),
    afrrNeg: new Float64Array(B).fill(maxima.afrrNeg),
  };
  const heldDischargeKw = new Float64Array(T);
  const heldChargeKw = new Float64Array(T);
  const committedBlock = new Uint8Array(B);
  if (commitments !== undefined) {
    for (const key of ["heldDischargeKw", "heldChargeKw"] as const) {
      const held = commitments[key];
      if (!Array.isArray(held) || held.length !== T || !held.every((kw) => isInt(kw) && kw >= 0)) {
        return fail("validation_failed", `commitments.${key} must hold ${T} whole kW ≥ 0`, `commitments.${key}`);
      }
      (key === "heldDischargeKw" ? heldDischargeKw : heldChargeKw).set(held);
    }
    for (const key of ["fcr", "afrrPos", "afrrNeg"] as const) {
      const ranges = commitments[key];
      if (!Array.isArray(ranges) || ranges.length !== B) {
        return fail("validation_failed", `commitments.${key} must hold ${B} ranges`, `commitments.${key}`);
      }
      for (const block of horizon.blocks) {
        const b = block.index;
        const { minMw, maxMw, heldMw } = ranges[b]!;
        if (!isInt(minMw) || !isInt(maxMw) || !isInt(heldMw) || minMw < 0 || minMw > maxMw || heldMw < 0) {
          return fail(
            "validation_failed",
            "a reserve range needs whole MW 0 ≤ minMw ≤ maxMw",
            `commitments.${key}[${b}]`,
          );
        }
        if (maxima[key] === 0) {
          // no price for this product: the plan leaves it as it is, so what it holds is held power
          for (let t = block.firstStep; t < block.endStep; t++) {
            if (key !== "afrrNeg") heldDischargeKw[t]! += heldMw * 1000;
            if (key !== "afrrPos") heldChargeKw[t]! += heldMw * 1000;
          }
          continue;
        }
        lower[key][b] = minMw;
        upper[key][b] = Math.max(minMw, Math.min(maxMw, maxima[key]));
        if (minMw > 0) committedBlock[b] = 1;
      }
    }
  }
  const dischargeMw = asset.ratedDischargePowerKw / 1000;
  const chargeMw = asset.ratedChargePowerKw / 1000;
  const dischargeRoomMw = new Float64Array(T);
  const chargeRoomMw = new Float64Array(T);
  const blockDischargeRoomMw = new Float64Array(B).fill(Number.POSITIVE_INFINITY);
  const blockChargeRoomMw = new Float64Array(B).fill(Number.POSITIVE_INFINITY);
  for (let t = 0; t < T; t++) {
    const b = horizon.blockOfStep[t]!;
    dischargeRoomMw[t] = Math.max(dischargeMw - heldDischargeKw[t]! / 1000, lower.fcr[b]! + lower.afrrPos[b]!);
    chargeRoomMw[t] = Math.max(chargeMw - heldChargeKw[t]! / 1000, lower.fcr[b]! + lower.afrrNeg[b]!);
    blockDischargeRoomMw[b] = Math.min(blockDischargeRoomMw[b]!, dischargeRoomMw[t]!);
    blockChargeRoomMw[b] = Math.min(blockChargeRoomMw[b]!, chargeRoomMw[t]!);
  }
  return ok({
    reserveLower: lower,
    reserveUpper: upper,
    heldDischargeMw: Float64Array.from(heldDischargeKw, (kw) => kw / 1000),
    heldChargeMw: Float64Array.from(heldChargeKw, (kw) => kw / 1000),
    dischargeRoomMw,
    chargeRoomMw,
    blockDischargeRoomMw,
    blockChargeRoomMw,
    committedBlock,
  });
}

/** The energy limits (mWh) the program uses at instant k: the true limits, tightened by the margin for k ≥ 1. */
export function programLimits(data: OptimizerData, k: number): { lower: number; upper: number } {
  const m = k === 0 ? 0 : data.marginMilliWh;
  return { lower: data.lowerMilliWh + m, upper: data.upperMilliWh - m };
}

/** Whether full power might not bring instant k within the (program) limits: such instants get a priced slack. */
export function mayMissLimits(data: OptimizerData, k: number): { lower: boolean; upper: boolean } {
  const { lower, upper } = programLimits(data, k);
  // the frozen steps go where they go; full power is there only after them
  const frozen = data.frozenKw.length;
  if (k <= frozen && frozen > 0) return { lower: true, upper: true };
  const from = data.frozenEnergyMilliWh[frozen]!;
  const hours = (k - frozen) * STEP_HOURS;
  const reachUp = from + hours * data.chargeMw * data.etaCharge * 1e9;
  const reachDown = from - (hours * data.dischargeMw * 1e9) / data.etaDischarge;
  return { lower: reachUp < lower + 1, upper: reachDown > upper - 1 };
}

/** Whole MW per block. */
export interface ReserveVector {
  readonly fcr: ArrayLike<number>;
  readonly afrrPos: ArrayLike<number>;
  readonly afrrNeg: ArrayLike<number>;
}

export interface ProgramOptions {
  /** Steps that carry a charge/discharge binary besides the negative-price ones. */
  readonly exclusiveSteps?: Iterable<number>;
  /** LP relaxation: reserves continuous, no binaries. */
  readonly relaxed?: boolean;
  /** Reserves fixed to these values (the program is then an LP in the dispatch; implies `relaxed` binaries). */
  readonly fixedReserves?: ReserveVector;
  /**
   * With `fixedReserves`: reserve energy that the trajectory cannot hold is priced (columns `rs_b`, `rt_b`) instead of
   * making the program infeasible, so the rounding heuristic sees which blocks to cut.
   */
  readonly softReserveEnergy?: boolean;
  /** Convex-hull rows of the per-block reserve combinations (default on; off only to compare formulations). */
  readonly hull?: boolean;
}

/**
 * The maximal whole-MW reserve combinations [fcr, aFRR POS, aFRR NEG] one block can hold on its own: within the
 * power limits in each direction and with the energy headroom of all of them inside the SoC band (the static part
 * of rows pd/pc and lo/hi). The set of feasible combinations is down-closed, so its convex hull is the
 * down-closure of the hull of these points: rows `hull_*` make the relaxation that tight, which closes most of the
 * integrality gap of small batteries (an LP offering 1.99 MW both ways where only 2 + 1 fit).
 */
export function maximalReserveCombinations(data: OptimizerData): number[][] {
  const { lower, upper } = programLimits(data, 1);
  const band = upper - lower;
  const fits = (f: number, p: number, n: number) =>
    f <= data.fcrMaxMw &&
    p <= data.afrrPosMaxMw &&
    n <= data.afrrNegMaxMw &&
    f + p <= data.dischargeMw + 1e-9 &&
    f + n <= data.chargeMw + 1e-9 &&
    f * (data.fcrUpMilliWhPerMw + data.fcrDownMilliWhPerMw) +
      p * data.afrrUpMilliWhPerMw +
      n * data.afrrDownMilliWhPerMw <=
      band;
  const points: number[][] = [];
  for (let f = 0; f <= data.fcrMaxMw; f++) {
    for (let p = 0; p <= data.afrrPosMaxMw; p++) {
      for (let n = 0; n <= data.afrrNegMaxMw; n++) {
        if (!fits(f, p, n)) break;
        if (!fits(f + 1, p, n) && !fits(f, p + 1, n) && !fits(f, p, n + 1)) points.push([f, p, n]);
      }
    }
  }
  return points;
}

/** Builds the program (the MIP by default; see `ProgramOptions` for the relaxation and the fixed-reserve LP). */
export function buildProgram(data: OptimizerData, options: ProgramOptions = {}): OptimizerModel {
  const integral = !options.relaxed && options.fixedReserves === undefined;
  const fixed = options.fixedReserves;
  const { horizon, steps: T, config } = data;
  const dt = STEP_HOURS;
  const lp = new LinearProgramBuilder("maximize");
  const charge = new Int32Array(T).fill(-1);
  const discharge = new Int32Array(T).fill(-1);
  const energy = new Int32Array(T + 1).fill(-1);
  const B = horizon.blocks.length;
  const fcr = new Int32Array(B).fill(-1);
  const afrrPos = new Int32Array(B).fill(-1);
  const afrrNeg = new Int32Array(B).fill(-1);
  const slackPenalty = config.slackPenaltyCentsPerMwh / 100;
  const mwh = (milliWh: number) => milliWh * MWH_PER_MILLI_WH;

  // columns: dispatch
  for (let t = 0; t < T; t++) {
    const lambda = data.price[t]!;
    // power held by bids that stay is not dispatchable
    if (t < data.frozenKw.length) {
      const kw = data.frozenKw[t]!;
      const c = Math.max(0, -kw) / 1000;
      const d = Math.max(0, kw) / 1000;
      charge[t] = lp.addColumn(`c_${t}`, -(lambda + data.degradation) * dt, c, c);
      discharge[t] = lp.addColumn(`d_${t}`, (lambda - data.degradation) * dt, d, d);
      continue;
    }
    const chargeMax = Math.max(0, data.chargeMw - data.heldChargeMw[t]!);
    const dischargeMax = Math.max(0, data.dischargeMw - data.heldDischargeMw[t]!);
    charge[t] = lp.addColumn(`c_${t}`, -(lambda + data.degradation) * dt, 0, chargeMax);
    discharge[t] = lp.addColumn(`d_${t}`, (lambda - data.degradation) * dt, 0, dischargeMax);
  }
  // columns: energy, with slack where the limits may be out of reach
  const slackLower = new Int32Array(T + 1).fill(-1);
  const slackUpper = new Int32Array(T + 1).fill(-1);
  for (let k = 0; k <= T; k++) {
    const { lower, upper } = programLimits(data, k);
    const risk = mayMissLimits(data, k);
    if (k === 0) {
      energy[0] = lp.addColumn("e_0", 0, mwh(data.startMilliWh), mwh(data.startMilliWh));
    } else {
      energy[k] = lp.addColumn(`e_${k}`, 0, risk.lower ? -Infinity : mwh(lower), risk.upper ? Infinity : mwh(upper));
    }
    if (risk.lower) slackLower[k] = lp.addColumn(`sl_${k}`, -slackPenalty, 0, Infinity);
    if (risk.upper) slackUpper[k] = lp.addColumn(`su_${k}`, -slackPenalty, 0, Infinity);
  }
  // columns: reserves
  for (const b of horizon.blocks) {
    const i = b.index;
    const lambdaMean = data.meanPrice[i]!;
    const reserve = (name: string, value: number, p: keyof ReserveVector, fixedAt: ArrayLike<number> | undefined) =>
      fixedAt === undefined
        ? lp.addColumn(name, value, data.reserveLower[p][i]!, data.reserveUpper[p][i]!, integral)
        : lp.addColumn(name, value, fixedAt[i]!, fixedAt[i]!);
    if (data.fcrMaxMw > 0) fcr[i] = reserve(`fcr_${i}`, data.fcrPrice![i]!, "fcr", fixed?.fcr);
    if (data.afrrPosMaxMw > 0) {
      const value =
        data.afrrPosPrice![i]! + data.sharePos * (data.afrrPosEnergyPrice![i]! - lambdaMean - data.degradation);
      afrrPos[i] = reserve(`ap_${i}`, b.hours * value, "afrrPos", fixed?.afrrPos);
    }
    if (data.afrrNegMaxMw > 0) {
      const value =
        data.afrrNegPrice![i]! + data.shareNeg * (data.afrrNegEnergyPrice![i]! + lambdaMean - data.degradation);
      afrrNeg[i] = reserve(`an_${i}`, b.hours * value, "afrrNeg", fixed?.afrrNeg);
    }
  }

  // rows: energy balance
  for (let t = 0; t < T; t++) {
    lp.addRow(`bal_${t}`, 0, 0, [
      [energy[t + 1]!, 1],
      [energy[t]!, -1],
      [charge[t]!, -dt * data.etaCharge],
      [discharge[t]!, dt / data.etaDischarge],
    ]);
  }
  // rows: power shared between reserves and dispatch
  for (let t = 0; t < T; t++) {
    const b = horizon.blockOfStep[t]!;
    if (fcr[b]! >= 0 || afrrPos[b]! >= 0) {
      const terms: [number, number][] = [[discharge[t]!, 1]];
      if (fcr[b]! >= 0) terms.push([fcr[b]!, 1]);
      if (afrrPos[b]! >= 0) terms.push([afrrPos[b]!, 1]);
      const frozen = t < data.frozenKw.length ? Math.max(0, data.frozenKw[t]!) / 1000 : 0;
      const held = data.reserveLower.fcr[b]! + data.reserveLower.afrrPos[b]!;
      lp.addRow(`pd_${t}`, -Infinity, Math.max(data.dischargeRoomMw[t]!, frozen + held), terms);
    }
    if (fcr[b]! >= 0 || afrrNeg[b]! >= 0) {
      const terms: [number, number][] = [[charge[t]!, 1]];
      if (fcr[b]! >= 0) terms.push([fcr[b]!, 1]);
      if (afrrNeg[b]! >= 0) terms.push([afrrNeg[b]!, 1]);
      const frozen = t < data.frozenKw.length ? Math.max(0, -data.frozenKw[t]!) / 1000 : 0;
      const held = data.reserveLower.fcr[b]! + data.reserveLower.afrrNeg[b]!;
      lp.addRow(`pc_${t}`, -Infinity, Math.max(data.chargeRoomMw[t]!, frozen + held), terms);
    }
  }
  // rows: convex hull of the whole-MW reserve combinations one block can hold (tightens the relaxation)
  if (fixed === undefined && options.hull !== false) {
    const points = maximalReserveCombinations(data);
    if (points.length > 1) {
      for (const block of horizon.blocks) {
        const b = block.index;
        // a held minimum may lie outside what the block can hold on its own
        if (data.committedBlock[b]) continue;
        const weights = points.map((_, j) => lp.addColumn(`w_${b}_${j}`, 0, 0, 1));
        lp.addRow(
          `wsum_${b}`,
          -Infinity,
          1,
          weights.map((w) => [w, 1] as [number, number]),
        );
        const cols = [fcr[b]!, afrrPos[b]!, afrrNeg[b]!];
        cols.forEach((col, axis) => {
          if (col < 0) return;
          const terms: [number, number][] = [[col, 1]];
          points.forEach((point, j) => {
            terms.push([weights[j]!, -point[axis]!]);
          });
          lp.addRow(`hull_${axis}_${b}`, -Infinity, 0, terms);
        });
      }
    }
  }
  // rows: energy limits with reserve headroom (and slack), through per-block energy envelopes
  const fcrUp = mwh(data.fcrUpMilliWhPerMw);
  const fcrDown = mwh(data.fcrDownMilliWhPerMw);
  const afrrUp = mwh(data.afrrUpMilliWhPerMw);
  const afrrDown = mwh(data.afrrDownMilliWhPerMw);
  const envLow = new Int32Array(B).fill(-1);
  const envHigh = new Int32Array(B).fill(-1);
  const reserveShortUp = new Int32Array(B).fill(-1);
  const reserveShortDown = new Int32Array(B).fill(-1);
  for (const block of horizon.blocks) {
    const b = block.index;
    const hasUp = fcr[b]! >= 0 || afrrPos[b]! >= 0;
    const hasDown = fcr[b]! >= 0 || afrrNeg[b]! >= 0;
    const { lower, upper } = programLimits(data, 1);
    if (hasUp) {
      envLow[b] = lp.addColumn(`ml_${b}`, 0, -Infinity, Infinity);
      const terms: [number, number][] = [[envLow[b]!, 1]];
      if (fcr[b]! >= 0) terms.push([fcr[b]!, -fcrUp]);
      if (afrrPos[b]! >= 0) terms.push([afrrPos[b]!, -afrrUp]);
      if (options.softReserveEnergy || data.committedBlock[b]) {
        reserveShortUp[b] = lp.addColumn(`rs_${b}`, -slackPenalty, 0, Infinity);
        terms.push([reserveShortUp[b]!, 1]);
      }
      lp.addRow(`rl_${b}`, mwh(lower), Infinity, terms);
    }
    if (hasDown) {
      envHigh[b] = lp.addColumn(`mh_${b}`, 0, -Infinity, Infinity);
      const terms: [number, number][] = [[envHigh[b]!, 1]];
      if (fcr[b]! >= 0) terms.push([fcr[b]!, fcrDown]);
      if (afrrNeg[b]! >= 0) terms.push([afrrNeg[b]!, afrrDown]);
      if (options.softReserveEnergy || data.committedBlock[b]) {
        reserveShortDown[b] = lp.addColumn(`rt_${b}`, -slackPenalty, 0, Infinity);
        terms.push([reserveShortDown[b]!, -1]);
      }
      lp.addRow(`rh_${b}`, -Infinity, mwh(upper), terms);
    }
    if (hasUp && hasDown)
      lp.addRow(`mm_${b}`, 0, Infinity, [
        [envHigh[b]!, 1],
        [envLow[b]!, -1],
      ]);
  }
  for (let k = 0; k <= T; k++) {
    const { lower, upper } = programLimits(data, k);
    const adjacent = new Set<number>();
    if (k > 0) adjacent.add(horizon.blockOfStep[k - 1]!);
    if (k < T) adjacent.add(horizon.blockOfStep[k]!);
    for (const b of adjacent) {
      if (k === 0) {
        // the SoC now is exact (no rounding margin): direct rows with the true limits
        if (envLow[b]! >= 0) {
          const terms: [number, number][] = [[energy[0]!, 1]];
          if (slackLower[0]! >= 0) terms.push([slackLower[0]!, 1]);
          if (fcr[b]! >= 0) terms.push([fcr[b]!, -fcrUp]);
          if (afrrPos[b]! >= 0) terms.push([afrrPos[b]!, -afrrUp]);
          if (reserveShortUp[b]! >= 0) terms.push([reserveShortUp[b]!, 1]);
          lp.addRow(`lo_0_${b}`, mwh(lower), Infinity, terms);
        }
        if (envHigh[b]! >= 0) {
          const terms: [number, number][] = [[energy[0]!, 1]];
          if (slackUpper[0]! >= 0) terms.push([slackUpper[0]!, -1]);
          if (fcr[b]! >= 0) terms.push([fcr[b]!, fcrDown]);
          if (afrrNeg[b]! >= 0) terms.push([afrrNeg[b]!, afrrDown]);
          if (reserveShortDown[b]! >= 0) terms.push([reserveShortDown[b]!, -1]);
          lp.addRow(`hi_0_${b}`, -Infinity, mwh(upper), terms);
        }
        continue;
      }
      if (envLow[b]! >= 0) {
        const terms: [number, number][] = [
          [energy[k]!, 1],
          [envLow[b]!, -1],
        ];
        if (slackLower[k]! >= 0) terms.push([slackLower[k]!, 1]);
        lp.addRow(`lo_${k}_${b}`, 0, Infinity, terms);
      }
      if (envHigh[b]! >= 0) {
        const terms: [number, number][] = [
          [energy[k]!, 1],
          [envHigh[b]!, -1],
        ];
        if (slackUpper[k]! >= 0) terms.push([slackUpper[k]!, -1]);
        lp.addRow(`hi_${k}_${b}`, -Infinity, 0, terms);
      }
    }
    if (slackLower[k]! >= 0) {
      lp.addRow(`lo_${k}`, mwh(lower), Infinity, [
        [energy[k]!, 1],
        [slackLower[k]!, 1],
      ]);
    }
    if (slackUpper[k]! >= 0) {
      lp.addRow(`hi_${k}`, -Infinity, mwh(upper), [
        [energy[k]!, 1],
        [slackUpper[k]!, -1],
      ]);
    }
  }
  // rows: the end energy the schedules after the horizon need (narrowed by the rounding margin), priced slack
  if (data.endEnergyRange !== null) {
    const { lowerMilliWh, upperMilliWh } = data.endEnergyRange;
    const under = lp.addColumn("eu", -slackPenalty, 0, Infinity);
    const over = lp.addColumn("eo", -slackPenalty, 0, Infinity);
    lp.addRow("end_lo", mwh(lowerMilliWh + data.marginMilliWh), Infinity, [
      [energy[T]!, 1],
      [under, 1],
    ]);
    lp.addRow("end_hi", -Infinity, mwh(upperMilliWh - data.marginMilliWh), [
      [energy[T]!, 1],
      [over, -1],
    ]);
  }
  // row: soft end target, inside the tolerance band (narrowed by the rounding margin)
  const targetPenalty = config.targetPenaltyCentsPerMwh / 100;
  const band = Math.max(0, data.toleranceMilliWh - data.marginMilliWh);
  const under = lp.addColumn("tu", -targetPenalty, 0, Infinity);
  const over = lp.addColumn("to", -targetPenalty, 0, Infinity);
  lp.addRow("tgt", mwh(data.targetMilliWh - band), mwh(data.targetMilliWh + band), [
    [energy[T]!, 1],
    [under, 1],
    [over, -1],
  ]);
  // rows: daily cycle limit (storage-side discharge), priced slack
  if (data.cycleLimitMilliWh !== null) {
    for (const day of horizon.days) {
      const excess = lp.addColumn(`cy_${day.firstStep}`, -slackPenalty, 0, Infinity);
      const terms: [number, number][] = [[excess, -1]];
      for (let t = day.firstStep; t < day.endStep; t++) terms.push([discharge[t]!, dt / data.etaDischarge]);
      lp.addRow(`cyc_${day.firstStep}`, -Infinity, mwh(data.cycleLimitMilliWh), terms);
    }
  }
  // binaries: one net direction per step where doing both could pay
  const exclusive = new Set<number>(integral ? (options.exclusiveSteps ?? []) : []);
  const exclusiveSteps = [...exclusive].filter((t) => t >= 0 && t < T && data.chargeMw > 0 && data.dischargeMw > 0);
  exclusiveSteps.sort((a, b) => a - b);
  for (const t of exclusiveSteps) {
    const u = lp.addColumn(`u_${t}`, 0, 0, 1, true);
    lp.addRow(`xc_${t}`, -Infinity, 0, [
      [charge[t]!, 1],
      [u, -data.chargeMw],
    ]);
    lp.addRow(`xd_${t}`, -Infinity, data.dischargeMw, [
      [discharge[t]!, 1],
      [u, data.dischargeMw],
    ]);
  }

  return {
    data,
    problem: lp.build(),
    columns: { charge, discharge, energy, fcr, afrrPos, afrrNeg, reserveShortUp, reserveShortDown },
    exclusiveSteps,
  };
}

/**
 * The same fixed-reserve program with other reserve values: only the fixed columns' bounds differ (`fixedReserves`
 * sets nothing else), so this equals `buildProgram(data, {...options, fixedReserves: reserves})` without the
 * rebuild. `model` must have been built with `fixedReserves`.
 */
export function withFixedReserves(model: OptimizerModel, reserves: ReserveVector): OptimizerModel {
  const colLower = Float64Array.from(model.problem.colLower);
  const colUpper = Float64Array.from(model.problem.colUpper);
  for (const p of ["fcr", "afrrPos", "afrrNeg"] as const) {
    model.columns[p].forEach((c, b) => {
      if (c >= 0) {
        colLower[c] = reserves[p][b]!;
        colUpper[c] = reserves[p][b]!;
      }
    });
  }
  return { ...model, problem: { ...model.problem, colLower, colUpper } };
}

/** Validates the input and builds its program (`buildProgram` for extra binaries). */
export function buildModel(input: OptimizerInput): Result<OptimizerModel> {
  const data = prepareData(input);
  return data.ok ? ok(buildProgram(data.value)) : data;
}

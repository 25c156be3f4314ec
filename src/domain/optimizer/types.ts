/**
 * Types of the battery optimizer: what goes in, what comes out, and the solver it is given.
 *
 * Units are in the names. Inside the linear program everything is MW / MWh / EUR (well scaled for the solver);
 * at the edges they are the platform's exact units: whole kW, milli-watt-hours (as `soc.ts`), ppm, euro-cents.
 */
import type { MilliWh } from "../ancillary/soc.js";
import type { Ppm, VirtualAssetSpec } from "../ancillary/virtual-asset.js";
import type { EuroCents } from "../units.js";
import type { LinearProgram } from "./linear-program.js";

/** Price forecasts. Quarter-hour arrays have one entry per step of the horizon, block arrays 6 per delivery day. */
export interface PriceForecast {
  /** Day-ahead / intraday wholesale price per quarter-hour, euro-cents per MWh. */
  readonly wholesaleCentsPerMwh: readonly EuroCents[];
  /** FCR capacity price per 4-h block, euro-cents per MW per block. Absent = FCR is not offered. */
  readonly fcrCentsPerMw?: readonly EuroCents[];
  /** aFRR capacity price per 4-h block, euro-cents per MW per hour. Absent = that direction is not offered. */
  readonly afrrPosCapacityCentsPerMwH?: readonly EuroCents[];
  readonly afrrNegCapacityCentsPerMwH?: readonly EuroCents[];
  /**
   * Expected aFRR energy price per 4-h block, euro-cents per MWh, positive = paid by the TSO (docs/domain.md §2).
   * Required for a direction whose capacity is offered (the capacity bid's energyPrice is mandatory).
   */
  readonly afrrPosEnergyCentsPerMwh?: readonly EuroCents[];
  readonly afrrNegEnergyCentsPerMwh?: readonly EuroCents[];
}

/** How bid prices are derived from the forecasts: price = round(forecast × markup) + offset. */
export interface PriceRule {
  readonly markupPpm: Ppm;
  readonly offsetCents: EuroCents;
}

export interface BiddingRule {
  readonly fcrCapacity: PriceRule;
  readonly afrrCapacity: PriceRule;
  readonly afrrEnergy: PriceRule;
}

export interface OptimizerConfig {
  /** Wall-clock budget of the solver (all solves of one optimization), seconds. */
  readonly timeLimitSeconds: number;
  /**
   * Relative gap to the reserve-hull relaxation at which a plan is accepted (default 0.1). The relaxation
   * overstates the optimum by 5–9 % on typical days, so the default accepts the local-search plan (see
   * docs/optimizer.md: 0–2.2 % below the exact optimum at a tenth of its time); 1e-4 asks for the exact MIP.
   */
  readonly mipRelGap: number;
  /** Energy held in reserve per MW of aFRR, as seconds at full offered power (default 1 h). */
  readonly afrrActivationSeconds: number;
  /** Penalty for ending the horizon away from the target (beyond the asset's tolerance), euro-cents per MWh. */
  readonly targetPenaltyCentsPerMwh: EuroCents;
  /** Penalty for each MWh outside a hard limit at each quarter-hour boundary (priced slack), euro-cents per MWh. */
  readonly slackPenaltyCentsPerMwh: EuroCents;
  readonly bidding: BiddingRule;
}

export interface OptimizerInput {
  readonly asset: VirtualAssetSpec;
  /** First delivery day (Europe/Berlin, `YYYY-MM-DD`) and the number of whole days; the horizon starts at its 00:00. */
  readonly horizon: { readonly firstDeliveryDay: string; readonly days: number };
  /** State of energy at the start of the horizon (the SoC now), milli-watt-hours. May lie outside the limits. */
  readonly startEnergyMilliWh: MilliWh;
  /** Operating limits of the state of charge, ppm of the available capacity. Default [0, 1 000 000]. */
  readonly socLimits?: { readonly lowerPpm: Ppm; readonly upperPpm: Ppm };
  /** State of charge to end the horizon at, ppm of available capacity (default 500 000 = 50 %). Soft. */
  readonly targetSocPpm?: Ppm;
  readonly prices: PriceForecast;
  /** Expected share of the reserved aFRR capacity that is activated, ppm (default 0). */
  readonly afrrActivationShare?: { readonly posPpm: Ppm; readonly negPpm: Ppm };
  /** Cost of throughput (energy charged + discharged at the grid side), euro-cents per MWh (default 0). */
  readonly degradationCentsPerMwh?: EuroCents;
  readonly config?: Partial<OptimizerConfig>;
  /**
   * The schedule of the horizon's first steps, which can no longer change (slots inside the dispatch gate closure):
   * whole kW per step from the horizon start, positive = discharge. The plan keeps them as they are.
   */
  readonly frozenScheduleKw?: readonly number[];
  /**
   * The stored energy the horizon may end at so that the schedules after it keep the asset within its limits, mWh
   * (priced when out of reach).
   */
  readonly endEnergyRange?: { readonly lowerMilliWh: MilliWh; readonly upperMilliWh: MilliWh };
  /** What the asset already holds and what may still change (absent = nothing held, every product free). */
  readonly commitments?: ReserveCommitments;
}

/** The whole-MW range one reserve product of one block may take in the plan. */
export interface ReserveRange {
  readonly minMw: number;
  readonly maxMw: number;
  /** What the asset holds in it now (whole MW): held power as it is when the request has no price for the product. */
  readonly heldMw: number;
}

/**
 * What the asset already holds over the horizon (docs/optimizer.md, "Commitments"): per block of the horizon, the
 * range each reserve product may take (a bid that cannot change is `minMw = maxMw` = its capacity; a live bid that
 * may be replaced but never withdrawn is `minMw = 1`; a gate closed with nothing held is `maxMw = 0`; a product
 * the request gives no price for stays as it is, `heldMw`), and per
 * quarter-hour the power held each way by bids that stay whatever the plan does (kW). The plan keeps every reserve
 * within its range and every quarter-hour's reserves plus held power within the rated power.
 */
export interface ReserveCommitments {
  readonly fcr: readonly ReserveRange[];
  readonly afrrPos: readonly ReserveRange[];
  readonly afrrNeg: readonly ReserveRange[];
  readonly heldDischargeKw: readonly number[];
  readonly heldChargeKw: readonly number[];
}

// --- the solver ---

export interface SolveOptions {
  readonly timeLimitSeconds: number;
  readonly mipRelGap?: number;
  /** A (partial) starting point for a MIP: values of some columns, e.g. the integer ones. */
  readonly start?: { readonly indices: Int32Array; readonly values: Float64Array };
  /**
   * LP neighbours to price after the solve: each fixes some columns (lower = upper = value) on top of the program,
   * is re-solved warm from the previous basis, and its objective is reported in `variantObjectives` (NaN = no
   * optimal point within the time left). The program's own solution is the answer. Used by the reserve local search.
   */
  readonly variants?: readonly { readonly indices: Int32Array; readonly values: Float64Array }[];
  /**
   * Skip (NaN) the variants that cannot improve on the program's objective by the LP's reduced costs (the value of
   * an LP is concave in fixed column values, so the first-order gain bounds the true gain).
   */
  readonly pruneVariants?: boolean;
}

export type SolverStatus = "optimal" | "time_limit" | "infeasible" | "unbounded" | "error";

export interface SolverSolution {
  readonly status: SolverStatus;
  /** Column values in the program's column order; null when the solver has no feasible point. */
  readonly values: Float64Array | null;
  readonly objective: number | null;
  /** Relative MIP gap of the returned point; null for a pure LP or without a solution. */
  readonly mipGap: number | null;
  /** Seconds the solve took (as measured by whoever ran it). */
  readonly seconds: number;
  readonly message?: string;
  /** Objectives of `SolveOptions.variants`, in order (absent when the solver does not price variants). */
  readonly variantObjectives?: Float64Array;
}

/** Any LP/MIP solver. Implementations: `createHighsSolver` (in-process) and the worker pool (`src/engine`). */
export interface Solver {
  solve(problem: LinearProgram, options: SolveOptions): Promise<SolverSolution>;
}

// --- the plan ---

/** One product of a `POST …/ancillary/bids` body. */
export interface ProductBids {
  readonly product: string;
  readonly deliveryDay: string;
  readonly bids: readonly {
    /** kW, whole MW. */
    readonly offeredCapacity: number;
    /** EUR/MW (FCR, per block) or EUR/MW/h (aFRR). */
    readonly capacityPrice: number;
    /** EUR/MWh for aFRR, null for FCR. */
    readonly energyPrice: number | null;
  }[];
}

export type SlackKind =
  | "energy_below_lower_limit"
  | "energy_above_upper_limit"
  | "reserve_energy_missing"
  | "end_energy_off_target"
  | "daily_cycle_limit_exceeded";

/** A limit the plan does not meet, and by how much (only non-zero ones are reported). */
export interface SlackUse {
  readonly kind: SlackKind;
  /** The quarter-hour boundary (energy) or the delivery day's start (cycles) concerned, RFC 3339 UTC. */
  readonly time: string;
  /** Energy outside the limit, milli-watt-hours (> 0). */
  readonly amountMilliWh: MilliWh;
}

/** Expected revenue by market, EUR (rounded to the cent). Degradation is a cost (≤ 0). */
export interface ExpectedRevenue {
  readonly wholesale: number;
  readonly fcr: number;
  readonly afrrCapacity: number;
  /** Expected aFRR energy margin: activation share × capacity × (energy price − wholesale value of that energy). */
  readonly afrrEnergy: number;
  readonly degradation: number;
  readonly total: number;
}

export interface OptimizerPlan {
  /** Which engine made the plan. */
  readonly solver: "highs" | "greedy";
  /** `optimal` (within the MIP gap), `time_limit` (best found when the limit hit), `heuristic` (greedy). */
  readonly status: "optimal" | "time_limit" | "heuristic";
  /** Why the greedy heuristic answered, when it did. */
  readonly fallbackReason: string | null;
  readonly mipGap: number | null;
  /** Solver time over all solves, milliseconds. */
  readonly solveMs: number;
  /** Number of solver runs (1, or more when charge/discharge exclusivity had to be enforced). */
  readonly solves: number;
  /** Bodies for `POST …/ancillary/bids`: FCR and aFRR go in separate requests. Products without a bid are absent. */
  readonly bids: { readonly fcr: readonly ProductBids[]; readonly afrr: readonly ProductBids[] };
  /** Wholesale schedule for `PUT …/blocks/{id}`: every slot of the horizon, whole kW, positive = discharge. */
  readonly schedule: readonly { readonly time: string; readonly power: number }[];
  /** State of energy at every quarter-hour boundary (steps + 1 points), as `soc.ts` simulates the schedule. */
  readonly soc: readonly { readonly time: string; readonly energyMilliWh: MilliWh; readonly socPpm: Ppm }[];
  readonly expectedRevenue: ExpectedRevenue;
  /** Limits the plan does not meet (priced slacks in use). Empty for a plan within every limit. */
  readonly slacks: readonly SlackUse[];
}

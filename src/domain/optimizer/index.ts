/** The battery optimizer (co-optimizes FCR, aFRR capacity and wholesale for one virtual battery). */
export {
  type AssetCommitments,
  type BidAction,
  endEnergyRange,
  frozenSchedule,
  type Holding,
  type PlanActions,
  type ProductAction,
  planActions,
  readCommitments,
  type ScheduleToSend,
  scheduleToSend,
} from "./commitments.js";
export { greedyDecisions, greedyPlan, greedyWholesalePlan } from "./greedy.js";
export { createHighsSolver, loadHighs, solveWithHighs } from "./highs-solver.js";
export { buildHorizon, type Horizon, type HorizonBlock } from "./horizon.js";
export {
  energyLimitsWithReserves,
  interpret,
  planFromDecisions,
  type RawDecisions,
  readDecisions,
  revenueOf,
} from "./interpret.js";
export { type LinearProgram, LinearProgramBuilder, toCplexLp } from "./linear-program.js";
export {
  buildModel,
  buildProgram,
  DEFAULT_CONFIG,
  maximalReserveCombinations,
  type OptimizerData,
  type OptimizerModel,
  prepareData,
} from "./model.js";
export { optimize, scorePlan } from "./optimize.js";
export type * from "./types.js";

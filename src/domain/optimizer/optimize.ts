/**
 * The optimizer: validate → build the program → solve (injected solver, time limit) → interpret → plan.
 *
 * Solve strategy (all solves share one budget, `timeLimitSeconds`, counted with the solver-reported seconds — the
 * domain reads no clock):
 * 1. With reserve products: round-and-repair (`rounding.ts`) gives an upper bound (the relaxation) and a whole-MW
 *    incumbent in a few LP solves; a local search on the whole-MW reserves (`improveReserves`, neighbours priced by
 *    warm LP re-solves, at most half the time limit) improves it. If it is within the MIP gap of the bound (the
 *    default 10 % accepts it on typical days: the hull relaxation overstates the optimum by 5–9 %), it is the
 *    answer.
 * 2. Otherwise the MIP is solved from that incumbent (a MIP start) for the time left; its best point is the answer
 *    (`time_limit` when the budget ran out first). Without reserve products the program is an LP (plus binaries on
 *    negative-price steps) and is solved directly.
 * 3. A solution that charges and discharges in the same step (only profitable while wasting energy pays) is solved
 *    again with binaries on those steps, in the time left.
 * It always answers with a plan for valid input (invalid input is an expected rejection, `{ok: false}`): when the
 * solver throws, or ends without any feasible point, the greedy wholesale-only plan answers (`solver: "greedy"`,
 * with the reason) — also when a time-limited plan scores below it.
 */
import { ok, type Result } from "../errors.js";
import { greedyPlan } from "./greedy.js";
import { planFromDecisions, type RawDecisions, readDecisions, simultaneousSteps } from "./interpret.js";
import { buildProgram, type OptimizerData, type OptimizerModel, prepareData } from "./model.js";
import { improveReserves, roundReserves } from "./rounding.js";
import type { OptimizerInput, OptimizerPlan, SolveOptions, Solver, SolverSolution } from "./types.js";

/** Extra solves allowed to enforce charge/discharge exclusivity. */
const MAX_EXCLUSIVITY_ROUNDS = 3;
/** Below this many seconds left, no further solve is attempted. */
const MIN_SOLVE_SECONDS = 0.05;
/** Rounds of the reserve local search (one solver call each) and the share of the time limit it may use. */
const LOCAL_SEARCH_ROUNDS = 20;
const LOCAL_SEARCH_SHARE = 0.5;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A plan's value with the program's penalties for the limits it misses, EUR (to compare plans of one input). */
export function scorePlan(data: OptimizerData, plan: OptimizerPlan): number {
  let penalty = 0;
  for (const slack of plan.slacks) {
    const mwh = slack.amountMilliWh * 1e-9;
    penalty +=
      slack.kind === "end_energy_off_target"
        ? Math.max(0, mwh - data.toleranceMilliWh * 1e-9) * (data.config.targetPenaltyCentsPerMwh / 100)
        : mwh * (data.config.slackPenaltyCentsPerMwh / 100);
  }
  return plan.expectedRevenue.total - penalty;
}

/** The reserve columns of a model with values, as a MIP start. */
function reserveStart(
  model: OptimizerModel,
  reserves: { fcr: ArrayLike<number>; afrrPos: ArrayLike<number>; afrrNeg: ArrayLike<number> },
) {
  const indices: number[] = [];
  const values: number[] = [];
  const add = (cols: Int32Array, from: ArrayLike<number>) =>
    cols.forEach((c, b) => {
      if (c >= 0) {
        indices.push(c);
        values.push(Math.round(from[b]!));
      }
    });
  add(model.columns.fcr, reserves.fcr);
  add(model.columns.afrrPos, reserves.afrrPos);
  add(model.columns.afrrNeg, reserves.afrrNeg);
  return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

interface Best {
  decisions: RawDecisions;
  status: "optimal" | "time_limit";
  mipGap: number | null;
  model: OptimizerModel | null;
}

/** Optimizes one virtual battery over the input's horizon. `solver: null` answers with the greedy plan. */
export async function optimize(input: OptimizerInput, solver: Solver | null): Promise<Result<OptimizerPlan>> {
  const prepared = prepareData(input);
  if (!prepared.ok) return prepared;
  const data = prepared.value;
  const { timeLimitSeconds, mipRelGap } = data.config;
  if (solver === null) return ok(greedyPlan(data, "no solver configured"));

  let seconds = 0;
  let solves = 0;
  const left = () => timeLimitSeconds - seconds;
  const solve = async (
    model: OptimizerModel,
    options: Omit<SolveOptions, "timeLimitSeconds">,
  ): Promise<SolverSolution> => {
    const solution = await solver.solve(model.problem, {
      timeLimitSeconds: Math.max(MIN_SOLVE_SECONDS, left()),
      ...options,
    });
    solves++;
    seconds += solution.seconds;
    return solution;
  };
  const fallback = (reason: string) => ok(greedyPlan(data, reason, seconds * 1000, solves));

  let best: Best | null = null;
  let failure = "";
  try {
    let mip = buildProgram(data);
    const hasReserves = data.fcrMaxMw + data.afrrPosMaxMw + data.afrrNegMaxMw > 0;
    let start: SolveOptions["start"];
    if (hasReserves) {
      let rounded = await roundReserves(data, solver, { timeLimitSeconds });
      if (rounded) {
        seconds += rounded.seconds;
        solves += rounded.solves;
        if (rounded.solution !== null) {
          const improved = await improveReserves(
            data,
            solver,
            { reserves: rounded.reserves, ...rounded.solution },
            {
              timeLimitSeconds: Math.min(left(), LOCAL_SEARCH_SHARE * timeLimitSeconds),
              finishSeconds: left(),
              maxRounds: LOCAL_SEARCH_ROUNDS,
            },
          );
          seconds += improved.seconds;
          solves += improved.solves;
          const { reserves, ...solution } = improved.plan;
          rounded = { ...rounded, reserves, solution };
        }
        if (rounded.solution !== null) {
          const both = simultaneousSteps(
            readDecisions(rounded.solution.model, { ...rounded.solution, status: "optimal", mipGap: null, seconds: 0 }),
          );
          if (both.length > 0) mip = buildProgram(data, { exclusiveSteps: both });
        }
        start = reserveStart(mip, rounded.reserves);
        if (rounded.solution !== null) {
          const { model, objective, values } = rounded.solution;
          const gap = Math.max(0, rounded.bound - objective) / Math.max(1, Math.abs(objective));
          const decisions = readDecisions(model, { status: "optimal", values, objective, mipGap: gap, seconds: 0 });
          const closeEnough = gap !== null && gap <= mipRelGap && simultaneousSteps(decisions).length === 0;
          best = { decisions, status: closeEnough ? "optimal" : "time_limit", mipGap: gap, model: null };
        }
      }
    }
    if (best === null || (best.status !== "optimal" && left() >= MIN_SOLVE_SECONDS)) {
      const solution = await solve(mip, { mipRelGap, ...(start ? { start } : {}) });
      if (solution.values !== null) {
        best = {
          decisions: readDecisions(mip, solution),
          status: solution.status === "optimal" ? "optimal" : "time_limit",
          mipGap: solution.mipGap,
          model: mip,
        };
      } else {
        failure =
          solution.status === "time_limit"
            ? `time limit of ${timeLimitSeconds} s reached without a feasible plan`
            : `solver ended with status ${solution.status}${solution.message ? ` (${solution.message})` : ""}`;
      }
    }
  } catch (error) {
    if (best === null) return fallback(`solver failed: ${describe(error)}`);
  }
  if (best === null) return fallback(failure || "the solver returned no plan");

  for (let round = 0; round < MAX_EXCLUSIVITY_ROUNDS; round++) {
    const both = simultaneousSteps(best.decisions);
    if (both.length === 0 || left() < MIN_SOLVE_SECONDS) break;
    const next = buildProgram(data, { exclusiveSteps: [...(best.model?.exclusiveSteps ?? []), ...both] });
    try {
      const again = await solve(next, {
        mipRelGap,
        start: reserveStart(next, {
          fcr: best.decisions.fcrMw,
          afrrPos: best.decisions.afrrPosMw,
          afrrNeg: best.decisions.afrrNegMw,
        }),
      });
      if (again.values === null) break;
      best = {
        decisions: readDecisions(next, again),
        status: again.status === "optimal" ? "optimal" : "time_limit",
        mipGap: again.mipGap,
        model: next,
      };
    } catch {
      break;
    }
  }

  const plan = planFromDecisions(data, best.decisions, {
    solver: "highs",
    status: best.status,
    fallbackReason: null,
    mipGap: best.mipGap,
    solveMs: seconds * 1000,
    solves,
  });
  if (plan.status === "time_limit") {
    const greedy = greedyPlan(
      data,
      `time limit of ${timeLimitSeconds} s reached; the solver's best plan scored below the greedy plan`,
      seconds * 1000,
      solves,
    );
    if (scorePlan(data, greedy) > scorePlan(data, plan)) return ok(greedy);
  }
  return ok(plan);
}

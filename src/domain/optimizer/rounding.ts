/**
 * Round-and-repair: a quick whole-MW reserve plan from the LP relaxation, used as the MIP's starting incumbent.
 *
 * Small batteries make the relaxation very fractional (a 2 MW battery offers 0, 1 or 2 MW), and the MIP spends
 * most of its time finding a first good incumbent. This finds one with a few LP solves:
 * 1. solve the relaxation (reserves continuous): an upper bound on the MIP, and fractional reserves;
 * 2. round each reserve to the nearest whole MW (within the block's power);
 * 3. solve the dispatch LP with those reserves fixed and missing reserve energy priced instead of forbidden;
 *    cut the reserves of every block that misses energy by the MW it misses, and repeat (few rounds);
 * 4. if rounds run out, the relaxation rounded down is used — always feasible, since lowering a reserve only
 *    relaxes constraints.
 */
import type { OptimizerData, OptimizerModel, ReserveVector } from "./model.js";
import { buildProgram, MWH_PER_MILLI_WH } from "./model.js";
import type { SolveOptions, Solver } from "./types.js";

export interface RoundedReserves {
  readonly reserves: ReserveVector;
  /** Objective of the relaxation: an upper bound of the MIP. */
  readonly bound: number;
  /** The dispatch LP with the rounded reserves and its solution; null when the rounds ran out (reserves = floor). */
  readonly solution: {
    readonly model: OptimizerModel;
    readonly objective: number;
    readonly values: Float64Array;
  } | null;
  readonly seconds: number;
  readonly solves: number;
}

const MAX_REPAIR_ROUNDS = 3;

export async function roundReserves(
  data: OptimizerData,
  solver: Solver,
  options: SolveOptions,
): Promise<RoundedReserves | null> {
  const B = data.horizon.blocks.length;
  let seconds = 0;
  let solves = 0;
  const left = () => options.timeLimitSeconds - seconds;

  const relaxed = buildProgram(data, { relaxed: true });
  const lp = await solver.solve(relaxed.problem, { timeLimitSeconds: left() });
  seconds += lp.seconds;
  solves++;
  if (lp.values === null) return null;
  const pick = (cols: Int32Array) => Float64Array.from(cols, (c) => (c >= 0 ? lp.values![c]! : 0));
  const frac = {
    fcr: pick(relaxed.columns.fcr),
    afrrPos: pick(relaxed.columns.afrrPos),
    afrrNeg: pick(relaxed.columns.afrrNeg),
  };

  const fcr = Float64Array.from(frac.fcr, (x) => Math.round(x));
  const afrrPos = Float64Array.from(frac.afrrPos, (x) => Math.round(x));
  const afrrNeg = Float64Array.from(frac.afrrNeg, (x) => Math.round(x));
  for (let b = 0; b < B; b++) {
    while (fcr[b]! + afrrPos[b]! > data.dischargeMw + 1e-9) afrrPos[b]! > 0 ? afrrPos[b]!-- : fcr[b]!--;
    while (fcr[b]! + afrrNeg[b]! > data.chargeMw + 1e-9) afrrNeg[b]! > 0 ? afrrNeg[b]!-- : fcr[b]!--;
  }

  for (let round = 0; round < MAX_REPAIR_ROUNDS && left() > 0.01; round++) {
    const reserves = { fcr, afrrPos, afrrNeg };
    const model = buildProgram(data, { fixedReserves: reserves, softReserveEnergy: true });
    const solution = await solver.solve(model.problem, { timeLimitSeconds: left() });
    seconds += solution.seconds;
    solves++;
    if (solution.values === null) break;
    const values = solution.values;
    let short = false;
    for (let b = 0; b < B; b++) {
      const up = model.columns.reserveShortUp[b]! >= 0 ? values[model.columns.reserveShortUp[b]!]! : 0;
      const down = model.columns.reserveShortDown[b]! >= 0 ? values[model.columns.reserveShortDown[b]!]! : 0;
      if (up > 1e-7) {
        short = true;
        let missing = up / MWH_PER_MILLI_WH;
        while (missing > 0 && (afrrPos[b]! > 0 || fcr[b]! > 0)) {
          if (afrrPos[b]! > 0) {
            afrrPos[b]!--;
            missing -= data.afrrUpMilliWhPerMw;
          } else {
            fcr[b]!--;
            missing -= data.fcrUpMilliWhPerMw;
          }
        }
      }
      if (down > 1e-7) {
        short = true;
        let missing = down / MWH_PER_MILLI_WH;
        while (missing > 0 && (afrrNeg[b]! > 0 || fcr[b]! > 0)) {
          if (afrrNeg[b]! > 0) {
            afrrNeg[b]!--;
            missing -= data.afrrDownMilliWhPerMw;
          } else {
            fcr[b]!--;
            missing -= data.fcrDownMilliWhPerMw;
          }
        }
      }
    }
    if (!short) {
      return {
        reserves,
        bound: lp.objective!,
        solution: { model, objective: solution.objective!, values },
        seconds,
        solves,
      };
    }
  }
  const floor = (x: Float64Array) => Float64Array.from(x, (v) => Math.floor(v + 1e-6));
  return {
    reserves: { fcr: floor(frac.fcr), afrrPos: floor(frac.afrrPos), afrrNeg: floor(frac.afrrNeg) },
    bound: lp.objective!,
    solution: null,
    seconds,
    solves,
  };
}

/**
 * The `Solver` backed by HiGHS (the `highs` npm package, WebAssembly). Runs in the calling thread: tests use it
 * directly; the server runs it inside worker threads (`src/engine/optimizer-pool.ts`).
 *
 * Each solve creates a persistent HiGHS model from the structured program (no LP text parsing), runs it with
 * `time_limit`, reads the incumbent, the MIP gap and HiGHS's own run time, and disposes the model. A limit reached
 * with an incumbent is `time_limit` with values; without one, `time_limit` with `values: null`.
 */
import type { Highs } from "highs";
import type { LinearProgram } from "./linear-program.js";
import type { SolveOptions, Solver, SolverSolution, SolverStatus } from "./types.js";

/** Loads the HiGHS WebAssembly module (once per thread; ~50–100 ms). */
export async function loadHighs(): Promise<Highs> {
  const mod = await import("highs");
  const load = (mod as unknown as { default: () => Promise<Highs> }).default;
  return load();
}

/** Solves synchronously (blocks the thread for up to the time limit). */
export function solveWithHighs(highs: Highs, problem: LinearProgram, options: SolveOptions): SolverSolution {
  const codes = highs.constants.modelStatus;
  const hasIntegers = problem.integrality.some((x) => x === 1);
  const model = highs.createModel({
    numCols: problem.numCols,
    numRows: problem.numRows,
    sense:
      problem.sense === "maximize" ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    colCost: problem.colCost,
    colLower: problem.colLower,
    colUpper: problem.colUpper,
    rowLower: problem.rowLower,
    rowUpper: problem.rowUpper,
    matrix: {
      format: "csr",
      numRows: problem.numRows,
      numCols: problem.numCols,
      starts: problem.starts,
      indices: problem.indices,
      values: problem.values,
    },
    ...(hasIntegers ? { integrality: Int32Array.from(problem.integrality) } : {}),
  });
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(1e-3, options.timeLimitSeconds),
      mip_rel_gap: options.mipRelGap ?? 1e-4,
      // the incumbent comes from round-and-repair (a MIP start): spend the budget on the bound, not on heuristics
      mip_heuristic_effort: 0.01,
      mip_allow_restart: false,
      // the LPs are small and mostly re-solved warm: presolve costs them more than it saves (measured)
      presolve: hasIntegers ? "choose" : "off",
    });
    if (options.start && hasIntegers && options.start.indices.length > 0) {
      model.setSolution({ indices: options.start.indices, values: options.start.values });
    }
    const run = model.run();
    const code = run.modelStatus;
    const primal = Number(model.info.get("primal_solution_status"));
    const feasible = primal === highs.constants.solutionStatus.feasible;
    let status: SolverStatus;
    if (code === codes.optimal) status = "optimal";
    else if (code === codes.timeLimit || code === codes.iterationLimit || code === codes.interrupted)
      status = "time_limit";
    else if (code === codes.infeasible) status = "infeasible";
    else if (code === codes.unbounded || code === codes.unboundedOrInfeasible) status = "unbounded";
    else status = "error";
    const usable = feasible && (status === "optimal" || status === "time_limit");
    const solved = usable ? model.getSolution() : null;
    const values = solved ? solved.colValue : null;
    const objective = usable ? model.getObjectiveValue() : null;
    const mipGap = usable && hasIntegers ? Number(model.info.get("mip_gap")) : null;
    let variantObjectives: Float64Array | undefined;
    if (options.variants && options.variants.length > 0 && !hasIntegers && status === "optimal") {
      // warm re-solves: the basis of the last solve stays in the model, so each neighbour takes few iterations
      variantObjectives = new Float64Array(options.variants.length).fill(Number.NaN);
      const dual = solved!.colDual;
      const base = objective!;
      const tolerance = Math.max(1e-6, Math.abs(base) * 1e-7);
      for (let i = 0; i < options.variants.length; i++) {
        const { indices, values: at } = options.variants[i]!;
        if (options.pruneVariants) {
          // the LP value is concave in the fixed values, the reduced costs a supergradient: a variant whose
          // first-order gain is not positive cannot beat the program's own solution, so it is not solved
          let gain = 0;
          indices.forEach((j, k) => {
            gain += (at[k]! - values![j]!) * dual[j]!;
          });
          if (gain <= tolerance) continue;
        }
        const lower = Float64Array.from(indices, (j) => problem.colLower[j]!);
        const upper = Float64Array.from(indices, (j) => problem.colUpper[j]!);
        model.changeColsBounds({ kind: "set", indices }, at, at);
        const again = model.run();
        if (again.modelStatus === codes.optimal) variantObjectives[i] = model.getObjectiveValue();
        model.changeColsBounds({ kind: "set", indices }, lower, upper);
        if (again.modelStatus === codes.timeLimit) break;
      }
    }
    const seconds = model.getRunTime();
    return {
      status,
      values,
      objective,
      mipGap,
      seconds,
      ...(usable ? {} : { message: `HiGHS model status ${code}` }),
      ...(variantObjectives ? { variantObjectives } : {}),
    };
  } finally {
    model.dispose();
  }
}

/** A `Solver` over a loaded HiGHS module, in this thread. */
export function createHighsSolver(highs: Highs): Solver {
  return {
    solve: async (problem, options) => solveWithHighs(highs, problem, options),
  };
}

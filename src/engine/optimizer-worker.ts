/**
 * Worker thread of the optimizer pool (`optimizer-pool.ts`): loads HiGHS once, then solves the linear programs it
 * is sent, one at a time. Messages: in `{id, problem, options}` (a `LinearProgram` and `SolveOptions`, structured
 * clones), out `{id, solution}` or `{id, error}`; `{ready: true}` once HiGHS is loaded and warmed up.
 */
import { parentPort } from "node:worker_threads";
import { loadHighs, solveWithHighs } from "../domain/optimizer/highs-solver.js";
import type { LinearProgram } from "../domain/optimizer/linear-program.js";
import type { SolveOptions } from "../domain/optimizer/types.js";

export interface SolveRequest {
  readonly id: number;
  readonly problem: LinearProgram;
  readonly options: SolveOptions;
}

if (!parentPort) throw new Error("optimizer-worker must run in a worker thread");
const port = parentPort;
const highs = await loadHighs();

// Warm-up: the first solves of a fresh WebAssembly instance run on unoptimized code (several times slower).
const warm: LinearProgram = {
  sense: "maximize",
  numCols: 2,
  numRows: 1,
  colNames: ["x", "y"],
  colCost: Float64Array.of(1, 2),
  colLower: Float64Array.of(0, 0),
  colUpper: Float64Array.of(4, 4),
  integrality: Uint8Array.of(1, 0),
  rowNames: ["r"],
  rowLower: Float64Array.of(-Infinity),
  rowUpper: Float64Array.of(5.5),
  starts: Int32Array.of(0, 2),
  indices: Int32Array.of(0, 1),
  values: Float64Array.of(1, 1),
};
for (let i = 0; i < 3; i++) solveWithHighs(highs, warm, { timeLimitSeconds: 1 });

port.on("message", (request: SolveRequest) => {
  try {
    const solution = solveWithHighs(highs, request.problem, request.options);
    port.postMessage({ id: request.id, solution });
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ ready: true });

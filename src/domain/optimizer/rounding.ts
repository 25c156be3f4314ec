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
 * Then `improveReserves` climbs from that plan: per block ±1 MW of one product or 1 MW moved between two, every
 * neighbour priced by a warm re-solve of the dispatch LP inside one solver call (`SolveOptions.variants`), the ones
 * that cannot improve skipped by the LP's reduced costs (`pruneVariants`); the best moves of blocks at least two
 * apart are taken together (checked by the next solve; the single best move is the fallback).
 */
import type { OptimizerData, OptimizerModel, ReserveVector } from "./model.js";
import { buildProgram, MWH_PER_MILLI_WH, withFixedReserves } from "./model.js";
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

  const { reserveLower: lo } = data;
  const fcr = Float64Array.from(frac.fcr, (x) => Math.round(x));
  const afrrPos = Float64Array.from(frac.afrrPos, (x) => Math.round(x));
  const afrrNeg = Float64Array.from(frac.afrrNeg, (x) => Math.round(x));
  // within the block's power, never below what the asset holds and cannot withdraw
  for (let b = 0; b < B; b++) {
    const room = { dis: data.blockDischargeRoomMw[b]! + 1e-9, ch: data.blockChargeRoomMw[b]! + 1e-9 };
    while (fcr[b]! + afrrPos[b]! > room.dis) {
      if (afrrPos[b]! > lo.afrrPos[b]!) afrrPos[b]!--;
      else if (fcr[b]! > lo.fcr[b]!) fcr[b]!--;
      else break;
    }
    while (fcr[b]! + afrrNeg[b]! > room.ch) {
      if (afrrNeg[b]! > lo.afrrNeg[b]!) afrrNeg[b]!--;
      else if (fcr[b]! > lo.fcr[b]!) fcr[b]!--;
      else break;
    }
  }

  let built: OptimizerModel | null = null; // built once; later rounds change the fixed reserves' bounds only
  for (let round = 0; round < MAX_REPAIR_ROUNDS && left() > 0.01; round++) {
    const reserves = {
      fcr: Float64Array.from(fcr),
      afrrPos: Float64Array.from(afrrPos),
      afrrNeg: Float64Array.from(afrrNeg),
    };
    const model: OptimizerModel =
      built === null
        ? buildProgram(data, { fixedReserves: reserves, softReserveEnergy: true })
        : withFixedReserves(built, reserves);
    built = model;
    const solution = await solver.solve(model.problem, { timeLimitSeconds: left() });
    seconds += solution.seconds;
    solves++;
    if (solution.values === null) break;
    const values = solution.values;
    let short = false;
    for (let b = 0; b < B; b++) {
      const up = model.columns.reserveShortUp[b]! >= 0 ? values[model.columns.reserveShortUp[b]!]! : 0;
      const down = model.columns.reserveShortDown[b]! >= 0 ? values[model.columns.reserveShortDown[b]!]! : 0;
      // a shortage only the held minimums cause cannot be repaired: it stays priced
      if (up > 1e-7 && (afrrPos[b]! > lo.afrrPos[b]! || fcr[b]! > lo.fcr[b]!)) {
        short = true;
        let missing = up / MWH_PER_MILLI_WH;
        while (missing > 0 && (afrrPos[b]! > lo.afrrPos[b]! || fcr[b]! > lo.fcr[b]!)) {
          if (afrrPos[b]! > lo.afrrPos[b]!) {
            afrrPos[b]!--;
            missing -= data.afrrUpMilliWhPerMw;
          } else {
            fcr[b]!--;
            missing -= data.fcrUpMilliWhPerMw;
          }
        }
      }
      if (down > 1e-7 && (afrrNeg[b]! > lo.afrrNeg[b]! || fcr[b]! > lo.fcr[b]!)) {
        short = true;
        let missing = down / MWH_PER_MILLI_WH;
        while (missing > 0 && (afrrNeg[b]! > lo.afrrNeg[b]! || fcr[b]! > lo.fcr[b]!)) {
          if (afrrNeg[b]! > lo.afrrNeg[b]!) {
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
  const floor = (x: Float64Array, min: ArrayLike<number>) =>
    Float64Array.from(x, (v, b) => Math.max(min[b]!, Math.floor(v + 1e-6)));
  return {
    reserves: {
      fcr: floor(frac.fcr, lo.fcr),
      afrrPos: floor(frac.afrrPos, lo.afrrPos),
      afrrNeg: floor(frac.afrrNeg, lo.afrrNeg),
    },
    bound: lp.objective!,
    solution: null,
    seconds,
    solves,
  };
}

/** A whole-MW reserve plan with its dispatch LP solved. */
export interface ReservePlan {
  readonly reserves: ReserveVector;
  readonly model: OptimizerModel;
  readonly objective: number;
  readonly values: Float64Array;
}

export interface ImprovedReserves {
  readonly plan: ReservePlan;
  readonly seconds: number;
  readonly solves: number;
  /** Accepted moves. */
  readonly moves: number;
}

type Product = "fcr" | "afrrPos" | "afrrNeg";
const PRODUCTS: readonly Product[] = ["fcr", "afrrPos", "afrrNeg"];
/** Blocks whose moves are combined in one step are at least this many blocks apart. */
const BLOCK_DISTANCE = 1;

/** Whether whole-MW reserves of block b fit its ranges and power (`pd`/`pc` rows with no dispatch). */
function fitsPower(data: OptimizerData, b: number, fcr: number, pos: number, neg: number): boolean {
  const eps = 1e-9;
  const { reserveLower: lo, reserveUpper: hi } = data;
  return (
    fcr >= lo.fcr[b]! &&
    pos >= lo.afrrPos[b]! &&
    neg >= lo.afrrNeg[b]! &&
    fcr <= hi.fcr[b]! + eps &&
    pos <= hi.afrrPos[b]! + eps &&
    neg <= hi.afrrNeg[b]! + eps &&
    fcr + pos <= data.blockDischargeRoomMw[b]! + eps &&
    fcr + neg <= data.blockChargeRoomMw[b]! + eps
  );
}

/**
 * The whole-MW neighbours of a reserve plan: per block, one product ±1 MW, or one MW moved from one product to
 * another; only those within the block's power. Each is a change of the fixed reserve columns of `model`.
 */
export function reserveNeighbours(
  data: OptimizerData,
  model: OptimizerModel,
  reserves: ReserveVector,
): { block: number; change: Record<Product, number>; indices: Int32Array; values: Float64Array }[] {
  const out: ReturnType<typeof reserveNeighbours> = [];
  const deltas: Record<Product, number>[] = [];
  for (const p of PRODUCTS) {
    deltas.push({ fcr: 0, afrrPos: 0, afrrNeg: 0, [p]: 1 });
    deltas.push({ fcr: 0, afrrPos: 0, afrrNeg: 0, [p]: -1 });
    for (const q of PRODUCTS) if (q !== p) deltas.push({ fcr: 0, afrrPos: 0, afrrNeg: 0, [p]: 1, [q]: -1 });
  }
  for (const block of data.horizon.blocks) {
    const b = block.index;
    for (const change of deltas) {
      const cols: [number, number][] = [];
      let valid = true;
      for (const p of PRODUCTS) {
        if (change[p] === 0) continue;
        const col = model.columns[p][b]!;
        if (col < 0) valid = false;
        else cols.push([col, reserves[p][b]! + change[p]]);
      }
      if (!valid) continue;
      const next = (p: Product) => reserves[p][b]! + change[p];
      if (!fitsPower(data, b, next("fcr"), next("afrrPos"), next("afrrNeg"))) continue;
      cols.sort((x, y) => x[0] - y[0]);
      out.push({
        block: b,
        change,
        indices: Int32Array.from(cols, (c) => c[0]),
        values: Float64Array.from(cols, (c) => c[1]),
      });
    }
  }
  return out;
}

const shortOf = (model: OptimizerModel, values: Float64Array) => {
  let short = 0;
  for (const cols of [model.columns.reserveShortUp, model.columns.reserveShortDown])
    for (const c of cols) if (c >= 0) short = Math.max(short, values[c]!);
  return short;
};

/**
 * Local search on the whole-MW reserves (steepest ascent): each round solves the dispatch LP of the current plan
 * and prices all its neighbours (`reserveNeighbours`) by warm LP re-solves in the same solver call; the best
 * improving neighbour becomes the plan. Stops at a local optimum, after `maxRounds`, or when the time is spent.
 * A solver that does not price variants leaves the plan as it is.
 */
export async function improveReserves(
  data: OptimizerData,
  solver: Solver,
  start: ReservePlan,
  options: {
    readonly timeLimitSeconds: number;
    readonly maxRounds: number;
    /**
     * Time (from the start) for checking a move already taken when `timeLimitSeconds` runs out first (default: none
     * beyond it): without it, a move priced in the last round is lost whenever the budget ends just before its check,
     * and the plan depends on the machine's speed.
     */
    readonly finishSeconds?: number;
  },
): Promise<ImprovedReserves> {
  type Candidate = { reserves: ReserveVector; model: OptimizerModel };
  let solved = start; // the last plan whose dispatch LP is solved and holds its reserve energy
  // moves accepted but not solved yet: the combined move, and the best single move should the combination disappoint
  let pending: { move: Candidate; expected: number; fallback: Candidate | null } | null = null;
  let seconds = 0;
  let solves = 0;
  let moves = 0;
  const left = () => options.timeLimitSeconds - seconds;
  const apply = (chosen: readonly { block: number; change: Record<Product, number> }[]): Candidate => {
    const reserves = {
      fcr: Float64Array.from(solved.reserves.fcr),
      afrrPos: Float64Array.from(solved.reserves.afrrPos),
      afrrNeg: Float64Array.from(solved.reserves.afrrNeg),
    };
    for (const { block, change } of chosen)
      for (const p of PRODUCTS) reserves[p][block] = reserves[p][block]! + change[p];
    return { reserves, model: withFixedReserves(solved.model, reserves) };
  };
  for (let round = 0; round < options.maxRounds && left() > 0.005; round++) {
    const current = pending?.move ?? solved;
    const neighbours = reserveNeighbours(data, current.model, current.reserves);
    const solution = await solver.solve(current.model.problem, {
      timeLimitSeconds: left(),
      ...(neighbours.length > 0 ? { variants: neighbours, pruneVariants: true } : {}),
    });
    seconds += solution.seconds;
    solves++;
    if (pending !== null) {
      // the check itself ran out of time: the finishing solve below checks the same move again
      if (solution.values === null && solution.status === "time_limit") break;
      const fallback: Candidate | null = pending.fallback;
      const expected: number = pending.expected;
      const good =
        solution.values !== null &&
        solution.objective !== null &&
        solution.objective > solved.objective &&
        (fallback === null || solution.objective >= expected - 1e-6) &&
        shortOf(pending.move.model, solution.values) <= shortOf(solved.model, solved.values) + 1e-7;
      if (!good) {
        if (fallback === null) break;
        pending = { move: fallback, expected, fallback: null };
        continue;
      }
      solved = { ...pending.move, objective: solution.objective!, values: solution.values! };
      pending = null;
      moves++;
    }
    if (solution.values === null || solution.objective === null) break;
    const objectives = solution.variantObjectives;
    if (!objectives) break;
    const threshold = solved.objective + Math.max(1e-6, Math.abs(solved.objective) * 1e-7);
    let best = -1;
    objectives.forEach((value, i) => {
      if (value > threshold && (best < 0 || value > objectives[best]!)) best = i;
    });
    if (best < 0) break;
    // the best improving move of every block at once (blocks interact only through the stored energy, so the
    // gains mostly add up); the next round's base solve checks it, the best single move is the fallback
    const perBlock = new Map<number, number>();
    objectives.forEach((value, i) => {
      const b = neighbours[i]!.block;
      const held = perBlock.get(b);
      if (value > threshold && (held === undefined || value > objectives[held]!)) perBlock.set(b, i);
    });
    const spread: number[] = [];
    for (const i of [...perBlock.values()].sort((x, y) => objectives[y]! - objectives[x]!)) {
      const b = neighbours[i]!.block;
      if (spread.every((j) => Math.abs(neighbours[j]!.block - b) > BLOCK_DISTANCE)) spread.push(i);
    }
    const single = apply([neighbours[best]!]);
    pending =
      spread.length > 1
        ? { move: apply(spread.map((i) => neighbours[i]!)), expected: objectives[best]!, fallback: single }
        : { move: single, expected: objectives[best]!, fallback: null };
  }
  const finishLeft = () => Math.max(options.timeLimitSeconds, options.finishSeconds ?? 0) - seconds;
  while (pending !== null && finishLeft() > 0.005) {
    const solution = await solver.solve(pending.move.model.problem, { timeLimitSeconds: finishLeft() });
    seconds += solution.seconds;
    solves++;
    const good =
      solution.values !== null &&
      solution.objective !== null &&
      solution.objective > solved.objective &&
      shortOf(pending.move.model, solution.values) <= shortOf(solved.model, solved.values) + 1e-7;
    if (good) {
      solved = { ...pending.move, objective: solution.objective!, values: solution.values! };
      moves++;
      break;
    }
    pending = pending.fallback === null ? null : { move: pending.fallback, expected: pending.expected, fallback: null };
  }
  return { plan: solved, seconds, solves, moves };
}

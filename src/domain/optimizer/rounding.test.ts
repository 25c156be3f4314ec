/**
 * Round-and-repair and the reserve local search: the neighbourhood stays within each block's power, pruning by
 * reduced costs skips only neighbours that cannot improve, the search never makes the plan worse and ends at a
 * local optimum, and the default plan stays close to the exact MIP optimum.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { seededInput } from "./fixtures.js";
import {
  createHighsSolver,
  loadHighs,
  type OptimizerData,
  type OptimizerInput,
  optimize,
  prepareData,
} from "./index.js";
import { buildProgram } from "./model.js";
import { improveReserves, reserveNeighbours, roundReserves } from "./rounding.js";
import type { Solver } from "./types.js";

let solver: Solver;
beforeAll(async () => {
  solver = createHighsSolver(await loadHighs());
});

function dataOf(input: OptimizerInput): OptimizerData {
  const prepared = prepareData(input);
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.value;
}

const zeros = (n: number) => new Float64Array(n);

describe("reserveNeighbours", () => {
  it("from no reserves: only +1 MW of each product in each block", () => {
    const data = dataOf(seededInput(1));
    const B = data.horizon.blocks.length;
    const reserves = { fcr: zeros(B), afrrPos: zeros(B), afrrNeg: zeros(B) };
    const model = buildProgram(data, { fixedReserves: reserves, softReserveEnergy: true });
    const moves = reserveNeighbours(data, model, reserves);
    expect(moves).toHaveLength(3 * B);
    for (const move of moves) {
      const changes = Object.values(move.change).filter((x) => x !== 0);
      expect(changes).toEqual([1]);
      expect([...move.values]).toEqual([1]);
    }
  });

  it("every neighbour fits the block's power and caps (2 MW battery: FCR ≤ 1, FCR + aFRR ≤ 2 each way)", () => {
    const data = dataOf(seededInput(1));
    const B = data.horizon.blocks.length;
    const reserves = {
      fcr: Float64Array.from({ length: B }, (_, b) => b % 2),
      afrrPos: Float64Array.from({ length: B }, (_, b) => 1 - (b % 2)),
      afrrNeg: Float64Array.from({ length: B }, () => 1),
    };
    const model = buildProgram(data, { fixedReserves: reserves, softReserveEnergy: true });
    const moves = reserveNeighbours(data, model, reserves);
    expect(moves.length).toBeGreaterThan(0);
    for (const { block: b, change } of moves) {
      const fcr = reserves.fcr[b]! + change.fcr;
      const pos = reserves.afrrPos[b]! + change.afrrPos;
      const neg = reserves.afrrNeg[b]! + change.afrrNeg;
      expect(Math.min(fcr, pos, neg)).toBeGreaterThanOrEqual(0);
      expect(fcr).toBeLessThanOrEqual(data.fcrMaxMw);
      expect(fcr + pos).toBeLessThanOrEqual(data.dischargeMw);
      expect(fcr + neg).toBeLessThanOrEqual(data.chargeMw);
    }
    // a transfer (one product +1, another −1) is among them: FCR 1 → 0 with aFRR POS 0 → 1 in block 1
    expect(moves.some((m) => m.block === 1 && m.change.fcr === -1 && m.change.afrrPos === 1)).toBe(true);
  });
});

describe("pricing neighbours in the solver", () => {
  it("pruning by reduced costs skips only neighbours that cannot beat the plan, and prices the rest the same", async () => {
    const data = dataOf(seededInput(1));
    const rounded = await roundReserves(data, solver, { timeLimitSeconds: 2 });
    expect(rounded?.solution).not.toBeNull();
    const { model } = rounded!.solution!;
    const variants = reserveNeighbours(data, model, rounded!.reserves);
    const all = await solver.solve(model.problem, { timeLimitSeconds: 2, variants });
    const pruned = await solver.solve(model.problem, { timeLimitSeconds: 2, variants, pruneVariants: true });
    const base = all.objective!;
    expect(all.variantObjectives).toHaveLength(variants.length);
    expect(pruned.variantObjectives).toHaveLength(variants.length);
    let skipped = 0;
    variants.forEach((_, i) => {
      const full = all.variantObjectives![i]!;
      const cut = pruned.variantObjectives![i]!;
      if (Number.isNaN(cut)) {
        skipped++;
        expect(full).toBeLessThanOrEqual(base + 1e-4);
      } else expect(cut).toBeCloseTo(full, 4);
    });
    expect(skipped).toBeGreaterThan(0);
  });
});

describe("improveReserves", () => {
  it("never lowers the objective and ends at a local optimum of the neighbourhood", async () => {
    const data = dataOf(seededInput(1));
    const rounded = await roundReserves(data, solver, { timeLimitSeconds: 2 });
    const start = { reserves: rounded!.reserves, ...rounded!.solution! };
    const improved = await improveReserves(data, solver, start, { timeLimitSeconds: 5, maxRounds: 50 });
    expect(improved.plan.objective).toBeGreaterThanOrEqual(start.objective);
    expect(improved.moves).toBeGreaterThan(0); // round-and-repair alone is not a local optimum on this day
    const { model, reserves } = improved.plan;
    const variants = reserveNeighbours(data, model, reserves);
    const again = await solver.solve(model.problem, { timeLimitSeconds: 2, variants });
    expect(again.objective).toBeCloseTo(improved.plan.objective, 4);
    for (const value of again.variantObjectives!)
      if (!Number.isNaN(value)) expect(value).toBeLessThan(again.objective! + 1e-3);
  });

  it("with a solver that does not price neighbours, keeps the plan it was given", async () => {
    const data = dataOf(seededInput(1));
    const rounded = await roundReserves(data, solver, { timeLimitSeconds: 2 });
    const start = { reserves: rounded!.reserves, ...rounded!.solution! };
    const plain: Solver = {
      solve: async (problem, options) => {
        const { variants: _v, pruneVariants: _p, ...rest } = options;
        return solver.solve(problem, rest);
      },
    };
    const improved = await improveReserves(data, plain, start, { timeLimitSeconds: 5, maxRounds: 50 });
    expect(improved.moves).toBe(0);
    expect(improved.solves).toBe(1);
    expect(improved.plan).toBe(start);
  });
});

describe("the default (local search, 10 % gap to the hull relaxation) against the exact MIP", () => {
  it("loses at most 3 % of the exact optimum on the seeded day, and never earns more", async () => {
    const input = seededInput(1);
    const fast = await optimize(input, solver);
    const exact = await optimize({ ...input, config: { mipRelGap: 1e-4, timeLimitSeconds: 10 } }, solver);
    if (!fast.ok || !exact.ok) throw new Error("invalid input");
    expect(exact.value.status).toBe("optimal");
    expect(fast.value.expectedRevenue.total).toBeLessThanOrEqual(exact.value.expectedRevenue.total + 0.01);
    expect(fast.value.expectedRevenue.total).toBeGreaterThanOrEqual(0.97 * exact.value.expectedRevenue.total);
    expect(fast.value.mipGap).toBeLessThanOrEqual(0.1);
  });
});

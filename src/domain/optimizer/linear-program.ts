/**
 * A solver-neutral linear (mixed-integer) program in the structured form HiGHS takes: column bounds and costs,
 * row bounds, and a row-wise sparse matrix (CSR). Plain typed arrays, so it crosses a worker-thread boundary by
 * structured clone and maps 1:1 onto `highs.createModel(modelData)`. `toCplexLp` writes the same program as
 * CPLEX LP text for reading, debugging and the LP-text equivalence test.
 */

export interface LinearProgram {
  readonly sense: "maximize" | "minimize";
  readonly numCols: number;
  readonly numRows: number;
  readonly colNames: readonly string[];
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  /** 1 = integer, 0 = continuous. */
  readonly integrality: Uint8Array;
  readonly rowNames: readonly string[];
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** CSR: row i holds entries `starts[i] … starts[i+1]-1` of `indices` (column) and `values`. */
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Builds a program column by column and row by row. Names must be unique and LP-format safe (`[A-Za-z_][\w.]*`). */
export class LinearProgramBuilder {
  private readonly colNames: string[] = [];
  private readonly colCost: number[] = [];
  private readonly colLower: number[] = [];
  private readonly colUpper: number[] = [];
  private readonly integrality: number[] = [];
  private readonly rowNames: string[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly values: number[] = [];

  constructor(private readonly sense: "maximize" | "minimize") {}

  addColumn(name: string, cost: number, lower: number, upper: number, integer = false): number {
    if (!(lower <= upper)) throw new Error(`column ${name}: lower bound ${lower} above upper bound ${upper}`);
    this.colNames.push(name);
    this.colCost.push(cost);
    this.colLower.push(lower);
    this.colUpper.push(upper);
    this.integrality.push(integer ? 1 : 0);
    return this.colNames.length - 1;
  }

  /** Adds `lower ≤ Σ coef·x ≤ upper`; zero coefficients are dropped, a repeated column is a bug. */
  addRow(name: string, lower: number, upper: number, entries: readonly (readonly [number, number])[]): number {
    if (!(lower <= upper)) throw new Error(`row ${name}: lower bound ${lower} above upper bound ${upper}`);
    const seen = new Set<number>();
    for (const [col, coef] of entries) {
      if (seen.has(col)) throw new Error(`row ${name}: column ${this.colNames[col]} appears twice`);
      seen.add(col);
      if (coef === 0) continue;
      if (!Number.isFinite(coef)) throw new Error(`row ${name}: coefficient ${coef} is not finite`);
      this.indices.push(col);
      this.values.push(coef);
    }
    this.rowNames.push(name);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    this.starts.push(this.indices.length);
    return this.rowNames.length - 1;
  }

  build(): LinearProgram {
    return {
      sense: this.sense,
      numCols: this.colNames.length,
      numRows: this.rowNames.length,
      colNames: this.colNames.slice(),
      colCost: Float64Array.from(this.colCost),
      colLower: Float64Array.from(this.colLower),
      colUpper: Float64Array.from(this.colUpper),
      integrality: Uint8Array.from(this.integrality),
      rowNames: this.rowNames.slice(),
      rowLower: Float64Array.from(this.rowLower),
      rowUpper: Float64Array.from(this.rowUpper),
      starts: Int32Array.from(this.starts),
      indices: Int32Array.from(this.indices),
      values: Float64Array.from(this.values),
    };
  }
}

const num = (x: number): string => (x === Infinity ? "inf" : x === -Infinity ? "-inf" : String(x));

function linear(terms: readonly (readonly [string, number])[]): string {
  if (terms.length === 0) return "0 __zero";
  return terms
    .map(([name, coef], i) => {
      const sign = coef < 0 ? "-" : "+";
      const abs = Math.abs(coef);
      const body = abs === 1 ? name : `${num(abs)} ${name}`;
      return i === 0 ? (coef < 0 ? `- ${body}` : body) : `${sign} ${body}`;
    })
    .join(" ");
}

/**
 * The program as CPLEX LP text (the format `highs.solve(text)` reads). A ranged row becomes two rows
 * (`name_lo`, `name_hi`); an empty row gets a dummy column `__zero` fixed at 0.
 */
export function toCplexLp(lp: LinearProgram): string {
  const out: string[] = [];
  const objective: [string, number][] = [];
  for (let j = 0; j < lp.numCols; j++) if (lp.colCost[j] !== 0) objective.push([lp.colNames[j]!, lp.colCost[j]!]);
  out.push(lp.sense === "maximize" ? "Maximize" : "Minimize");
  out.push(` obj: ${linear(objective)}`);
  out.push("Subject To");
  let usesZero = objective.length === 0;
  for (let i = 0; i < lp.numRows; i++) {
    const terms: [string, number][] = [];
    for (let k = lp.starts[i]!; k < lp.starts[i + 1]!; k++) terms.push([lp.colNames[lp.indices[k]!]!, lp.values[k]!]);
    if (terms.length === 0) usesZero = true;
    const expr = linear(terms);
    const name = lp.rowNames[i]!;
    const lo = lp.rowLower[i]!;
    const hi = lp.rowUpper[i]!;
    if (lo === hi) out.push(` ${name}: ${expr} = ${num(lo)}`);
    else if (lo === -Infinity && hi === Infinity) continue;
    else if (lo === -Infinity) out.push(` ${name}: ${expr} <= ${num(hi)}`);
    else if (hi === Infinity) out.push(` ${name}: ${expr} >= ${num(lo)}`);
    else {
      out.push(` ${name}_lo: ${expr} >= ${num(lo)}`);
      out.push(` ${name}_hi: ${expr} <= ${num(hi)}`);
    }
  }
  out.push("Bounds");
  for (let j = 0; j < lp.numCols; j++) {
    const name = lp.colNames[j]!;
    const lo = lp.colLower[j]!;
    const hi = lp.colUpper[j]!;
    if (lo === -Infinity && hi === Infinity) out.push(` ${name} free`);
    else if (lo === hi) out.push(` ${name} = ${num(lo)}`);
    else out.push(` ${num(lo)} <= ${name} <= ${num(hi)}`);
  }
  if (usesZero) out.push(" __zero = 0");
  const generals = lp.colNames.filter((_, j) => lp.integrality[j] === 1);
  if (generals.length > 0) {
    out.push("Generals");
    for (let i = 0; i < generals.length; i += 10) out.push(` ${generals.slice(i, i + 10).join(" ")}`);
  }
  out.push("End");
  return `${out.join("\n")}\n`;
}

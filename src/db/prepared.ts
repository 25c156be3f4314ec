/**
 * Queries built and compiled once per dialect, then run with new parameters: Kysely builds an operation tree and
 * compiles it to SQL on every call, which costs more than SQLite needs to answer a lookup by key. Only for queries
 * whose SQL does not depend on the arguments (no `in` lists, no optional clauses); every argument must reach the
 * SQL as bound parameters (once or more), which `prepared` checks when it compiles. On PostgreSQL the text is also
 * sent as a named statement (statement-names.ts): parsed once per connection.
 */
import { type Compilable, CompiledQuery } from "kysely";
import { isPostgres } from "./lock.js";
import type { Executor } from "./repositories/organisations.js";
import { nameStatement } from "./statement-names.js";

interface Template {
  readonly sql: string;
  /** Per parameter: the index of the argument it binds, or -1 for a constant of the query itself. */
  readonly slots: readonly number[];
  readonly constants: readonly unknown[];
}

/** Wraps a query builder `(db, ...args) => query` into `(db, ...args) => rows`, compiled once per dialect. */
export function prepared<A extends readonly string[], O>(
  build: (db: Executor, ...args: A) => Compilable<O>,
): (db: Executor, ...args: A) => Promise<O[]> {
  const templates: { sqlite?: Template; postgres?: Template } = {};
  return async (db, ...args) => {
    const dialect = isPostgres(db) ? "postgres" : "sqlite";
    let template = templates[dialect];
    if (template === undefined) {
      const markers = args.map((_, i) => `\u0000prepared-argument-${i}\u0000`) as unknown as A;
      const compiled = build(db, ...markers).compile();
      const slots = compiled.parameters.map((p) => (markers as readonly unknown[]).indexOf(p));
      for (let i = 0; i < args.length; i++) {
        if (!slots.includes(i)) throw new Error(`prepared: argument ${i} is not a parameter of the query`);
      }
      template = { sql: compiled.sql, slots, constants: compiled.parameters };
      templates[dialect] = template;
      if (dialect === "postgres") nameStatement(compiled.sql);
    }
    const { slots, constants } = template;
    const parameters = slots.map((slot, i) => (slot === -1 ? constants[i] : args[slot]));
    return (await db.executeQuery<O>(CompiledQuery.raw(template.sql, parameters))).rows;
  };
}

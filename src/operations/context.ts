/**
 * What every use case is given: `verbNoun(ctx, input)`. A route builds it from `deps` once per request
 * (`contextOf`); the demo data and the engine build their own.
 */
import type { Db } from "../db/connect.js";
import type { Deps } from "../deps.js";
import type { EpochMs } from "../domain/time.js";

export interface UseCaseContext {
  readonly db: Db;
  /** The market clock's instant the use case decides at. */
  readonly now: EpochMs;
}

/** The context of one request: the database and the market clock's now. */
export function contextOf(deps: Pick<Deps, "db" | "clock">): UseCaseContext {
  return { db: deps.db, now: deps.clock.now() };
}

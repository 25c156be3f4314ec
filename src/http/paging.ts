/**
 * List endpoints answer bare JSON arrays, paged with `limit` / `offset`, the total in `X-Total-Count`.
 * Both are bounded: the query schema (`Paging` in schemas.ts) rejects anything outside [1, MAX_LIMIT] /
 * [0, MAX_OFFSET] with 400, and `pageOf` re-checks, so a huge number (e.g. 40 nines, which JSON-schema coercion
 * turns into 1e40, an "integer") never reaches SQL.
 */
import type { FastifyReply } from "fastify";
import { AppError } from "../domain/errors.js";

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** Far beyond any real list, well inside every dialect's integer range. */
export const MAX_OFFSET = 1_000_000_000;

export interface Page {
  limit: number;
  offset: number;
}

/** The page a validated query asks for; a value outside its bounds is a 400 (never clamped). */
export function pageOf(query: { limit?: number; offset?: number }): Page {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const offset = query.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new AppError("validation_failed", `query parameter limit must be an integer from 1 to ${MAX_LIMIT}`, "limit");
  }
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    throw new AppError(
      "validation_failed",
      `query parameter offset must be an integer from 0 to ${MAX_OFFSET}`,
      "offset",
    );
  }
  return { limit, offset };
}

export function sendPage<T>(reply: FastifyReply, items: T[], total: number): T[] {
  reply.header("x-total-count", String(total));
  reply.header("access-control-expose-headers", "X-Total-Count");
  return items;
}

/**
 * List endpoints answer bare JSON arrays: every item when no `limit` is given (clients of the real services read
 * the array and never page), a page with `limit` / `offset`; the total is in `X-Total-Count` either way.
 * Both bounds are checked: the query schema (`Paging`, wire/atoms.ts) rejects anything outside [1, MAX_LIMIT] /
 * [0, MAX_OFFSET] with 400, and `pageOf` re-checks, so a huge number (e.g. 40 nines, which JSON-schema coercion
 * turns into 1e40, an "integer") never reaches SQL.
 *
 * Lists read from the database stream: `sendChunks` writes the array chunk by chunk as db/chunks.ts reads it, each
 * item serialized with the route's item schema, so memory holds one chunk, not the whole list.
 */
import { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import type { TSchema } from "typebox";
import type { Page } from "../db/chunks.js";
import { AppError } from "../domain/errors.js";
import { MAX_LIMIT, MAX_OFFSET } from "../wire/atoms.js";

export type { Page } from "../db/chunks.js";

/** The page a validated query asks for; a value outside its bounds is a 400 (never clamped). */
export function pageOf(query: { limit?: number | undefined; offset?: number | undefined }): Page {
  const { limit } = query;
  const offset = query.offset ?? 0;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT)) {
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

/** The page of an in-memory list. */
export function sliceOf<T>(items: readonly T[], page: Page): T[] {
  return items.slice(page.offset, page.limit === undefined ? undefined : page.offset + page.limit);
}

function setTotal(reply: FastifyReply, total: number): void {
  reply.header("x-total-count", String(total));
  reply.header("access-control-expose-headers", "X-Total-Count");
}

export function sendPage<T>(reply: FastifyReply, items: T[], total: number): T[] {
  setTotal(reply, total);
  return items;
}

/**
 * Streams a JSON array from chunks of wire items, each serialized with `itemSchema` (the item of the route's 200
 * array schema, so the stream shows exactly what the serialized array would).
 */
export function sendChunks<T>(
  reply: FastifyReply,
  chunks: AsyncIterable<T[]>,
  total: number,
  itemSchema: TSchema,
): FastifyReply {
  setTotal(reply, total);
  const serialize = reply.compileSerializationSchema(itemSchema as Record<string, unknown>) as (item: T) => string;
  async function* json() {
    let first = true;
    yield "[";
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      yield (first ? "" : ",") + chunk.map(serialize).join(",");
      first = false;
    }
    yield "]";
  }
  return reply.type("application/json; charset=utf-8").send(Readable.from(json()));
}

/** Maps each chunk (e.g. records → wire items). */
export async function* mapChunks<T, U>(
  chunks: AsyncIterable<T[]>,
  map: (chunk: T[]) => U[] | Promise<U[]>,
): AsyncGenerator<U[]> {
  for await (const chunk of chunks) yield await map(chunk);
}

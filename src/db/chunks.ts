/**
 * Lists read from the database in chunks, so answering every item of a large list never holds more than one chunk
 * of rows (docs/marketplace.md, "Lists"). The first chunk honours the page's offset; each later one continues after
 * the last row read (keyset on the sort column, then id), which stays correct when many rows share a sort value and
 * never skips or repeats a row whose sort value does not change. With an index on (filter columns, sort column, id)
 * each chunk is an index range read, so a whole list costs about what one query over it would. Each chunk is its own statement: no transaction is
 * held open while a response streams (SQLite has one connection), so a row written meanwhile may or may not appear.
 */
import type { SelectQueryBuilder } from "kysely";

/** A page of a list: `limit` undefined = every item from `offset` on. */
export interface Page {
  readonly limit?: number | undefined;
  readonly offset: number;
}

export const CHUNK_ROWS = 500;

// biome-ignore lint/suspicious/noExplicitAny: one helper for every table's builder
type AnyQuery = SelectQueryBuilder<any, any, any>;

export interface ChunkOrder {
  /** The sort column (qualified when the query joins), e.g. `created_at` or `d.created_at`. */
  readonly column: string;
  /** The id column breaking ties, e.g. `id` or `d.id`. */
  readonly id: string;
  readonly direction: "asc" | "desc";
}

/**
 * The rows of `query` (filtered and selected, without order or limit; it must select the sort and id columns) in
 * `order`, chunk by chunk, each chunk mapped by `hydrate` (e.g. joined with its children in one more statement).
 */
export async function* readChunks<Row extends Record<string, unknown>, Item>(
  query: AnyQuery,
  order: ChunkOrder,
  page: Page,
  hydrate: (rows: Row[]) => Item[] | Promise<Item[]>,
  size = CHUNK_ROWS,
): AsyncGenerator<Item[]> {
  const sortKey = order.column.split(".").pop()!;
  const idKey = order.id.split(".").pop()!;
  let remaining = page.limit ?? Number.POSITIVE_INFINITY;
  let after: Row | undefined;
  while (remaining > 0) {
    const want = Math.min(size, remaining);
    const op = order.direction === "asc" ? ">" : "<";
    let q = query;
    if (after !== undefined) {
      const [value, id] = [after[sortKey], after[idKey]];
      // A row-value comparison: both dialects walk an index on (…, sort column, id) to it.
      // biome-ignore lint/suspicious/noExplicitAny: see AnyQuery
      q = q.where((eb: any) => eb(eb.refTuple(order.column, order.id), op, eb.tuple(value, id)));
    }
    q = q.orderBy(order.column, order.direction).orderBy(order.id, order.direction).limit(want);
    if (after === undefined && page.offset > 0) q = q.offset(page.offset);
    const rows = (await q.execute()) as Row[];
    if (rows.length > 0) yield await hydrate(rows);
    if (rows.length < want) return;
    remaining -= rows.length;
    after = rows[rows.length - 1];
  }
}

/** How many rows `base` (a filtered query without select) has. */
export async function countRows(base: AnyQuery): Promise<number> {
  // biome-ignore lint/suspicious/noExplicitAny: see AnyQuery
  const row = await base.select((eb: any) => eb.fn.countAll().as("n")).executeTakeFirst();
  return Number((row as { n?: unknown } | undefined)?.n ?? 0);
}

/** Every item of a chunked list, for callers that need them all at once (and know the list is short). */
export async function collect<T>(chunks: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of chunks) out.push(...chunk);
  return out;
}

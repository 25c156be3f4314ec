/** List endpoints answer bare JSON arrays, paged with `limit` / `offset`, the total in `X-Total-Count`. */
import type { FastifyReply } from "fastify";

export interface Page {
  limit: number;
  offset: number;
}

export function pageOf(query: { limit?: number; offset?: number }): Page {
  return { limit: query.limit ?? 100, offset: query.offset ?? 0 };
}

export function sendPage<T>(reply: FastifyReply, items: T[], total: number): T[] {
  reply.header("x-total-count", String(total));
  reply.header("access-control-expose-headers", "X-Total-Count");
  return items;
}

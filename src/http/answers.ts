/**
 * Answers served from read models (docs/architecture.md, "Read models"): JSON serialised once by the route's own
 * response serializer, kept in this app's memory per key with the stored version it was built from, and sent as it
 * is while the version read on each request still matches.
 */
import type { FastifyReply } from "fastify";
import { type BoundedCache, boundedCache } from "../db/bounded-cache.js";
import { keyGroups } from "../operations/key-groups.js";

/**
 * Answers kept at most, by count and by their total JSON length: the oldest is dropped first; an answer above a tenth
 * of the total (1.6 MiB) is served without being kept.
 */
export const ANSWER_LIMITS = { entries: 1000, size: 16 * 1024 * 1024 } as const;

export function answerCache<V>(): BoundedCache<string, V> {
  return boundedCache<string, V>(ANSWER_LIMITS);
}

/**
 * JSON already serialised: sent as it is with a JSON content type. A large answer kept for many requests is best kept
 * as bytes (`Buffer.from(json)`): a string is encoded to UTF-8 again on every write.
 */
export function sendJson(reply: FastifyReply, json: string | Buffer): FastifyReply {
  return reply.type("application/json; charset=utf-8").send(json);
}

/**
 * Version reads shared by the requests that ask for the same key together: one read, started on the next turn of the
 * event loop after they arrived, answers them all (key-groups.ts). A request that arrives while that read runs waits
 * for the next one, so no request is answered from a read that began before it arrived: what a write acknowledged
 * before the request was sent is always seen.
 */
export function sharedReads<V>(): (key: string, read: () => Promise<V>) => Promise<V> {
  const groups = keyGroups<() => Promise<V>, V>({
    run: async (_key, reads) => {
      const value = await reads[0]!();
      return reads.map(() => value);
    },
    maxWeight: Number.POSITIVE_INFINITY,
    weight: () => 0,
  });
  return (key, read) => groups.submit(key, read);
}

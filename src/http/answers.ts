/**
 * Answers served from read models (docs/architecture.md, "Read models"): JSON serialised once by the route's own
 * response serializer, kept in this app's memory per key with the stored version it was built from, and sent as it
 * is while the version read on each request still matches.
 */
import type { FastifyReply } from "fastify";
import { type BoundedCache, boundedCache } from "../db/bounded-cache.js";

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

/**
 * One generic input guard, run before validation on every route: a NUL character ("\u0000") in any path
 * parameter, query parameter or body string (keys included) answers 400 `validation_failed`. PostgreSQL cannot
 * store NUL in text and no field of this API has a use for it, so it is refused the same way on both dialects
 * instead of surfacing as a database error (a 5xx).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { sendError, toFieldPath } from "./errors.js";

const NUL = "\u0000";
const MAX_DEPTH = 64;

/** The JSON-pointer-like path of the first string (or key) holding a NUL, or undefined. */
export function findNul(value: unknown, path = "", depth = 0): string | undefined {
  if (typeof value === "string") return value.includes(NUL) ? path : undefined;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}/${i}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes(NUL)) return `${path}/${key.replaceAll(NUL, "\\u0000")}`;
    const found = findNul(item, `${path}/${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export async function rejectNulCharacters(request: FastifyRequest, reply: FastifyReply) {
  for (const [part, value] of [
    ["path", request.params],
    ["query", request.query],
    ["body", request.body],
  ] as const) {
    const at = findNul(value);
    if (at === undefined) continue;
    const field = toFieldPath(at) || part;
    return sendError(reply, "validation_failed", `${field} must not contain a NUL character (\\u0000).`, field);
  }
}

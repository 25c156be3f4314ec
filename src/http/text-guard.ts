/**
 * One generic input guard, run before validation on every route: every path parameter, query parameter and body
 * string (keys included) must be text both databases store unchanged, else 400 `validation_failed` naming the field:
 * - no NUL character ("\u0000"): PostgreSQL cannot store NUL in text, and no field of this API has a use for it;
 * - well-formed Unicode: no lone surrogate ("a\ud800b" is valid JSON but no character; PostgreSQL would store it as
 *   U+FFFD, SQLite as given, so the same request would mean different data on the two dialects).
 * Both are refused the same way on both dialects instead of surfacing as a database error or a silent change.
 * Each string is scanned once (`includes`, `isWellFormed`): linear in the size of the request.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { sendError, toFieldPath } from "./errors.js";

const NUL = "\u0000";
const MAX_DEPTH = 64;

export type TextProblem = "nul" | "surrogate";

/** `isWellFormed` is Node 20's (ES2024); the project's TypeScript lib is ES2023. */
const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

function problemOf(s: string): TextProblem | undefined {
  if (s.includes(NUL)) return "nul";
  if (!isWellFormed(s)) return "surrogate";
  return undefined;
}

/** A key as shown in a field path: NUL and lone surrogates escaped, so the answer itself is well-formed JSON text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const showKey = (key: string): string =>
  key.replaceAll(NUL, "\\u0000").replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/** The JSON-pointer-like path of the first string (or key) that is not storable text, and why; or undefined. */
export function findBadText(value: unknown, path = "", depth = 0): { path: string; problem: TextProblem } | undefined {
  if (typeof value === "string") {
    const problem = problemOf(value);
    return problem === undefined ? undefined : { path, problem };
  }
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], `${path}/${i}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const problem = problemOf(key);
    if (problem !== undefined) return { path: `${path}/${showKey(key)}`, problem };
    const found = findBadText(item, `${path}/${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

const MESSAGES: Readonly<Record<TextProblem, string>> = {
  nul: "must not contain a NUL character (\\u0000).",
  surrogate: "must be valid Unicode text: it holds a lone surrogate (an unpaired \\ud800–\\udfff escape).",
};

export async function rejectBadText(request: FastifyRequest, reply: FastifyReply) {
  for (const [part, value] of [
    ["path", request.params],
    ["query", request.query],
    ["body", request.body],
  ] as const) {
    const found = findBadText(value);
    if (found === undefined) continue;
    const field = toFieldPath(found.path) || part;
    return sendError(reply, "validation_failed", `${field} ${MESSAGES[found.problem]}`, field);
  }
}

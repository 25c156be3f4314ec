/**
 * The field readers of the competition authoring body (competition-body.ts): each answers the value or the rejection
 * naming its field — `validation_failed` for a body of the wrong shape (what the route's schema refuses first),
 * `competition_invalid` for a broken rule.
 */
import { fail, ok, type Result } from "../errors.js";
import { type Pence, parseGbp } from "../units.js";

export type Obj = Record<string, unknown>;

export const invalid = (message: string, field: string) => fail("competition_invalid", message, field);
/**
 * A body of the wrong shape (not an object, an unknown property, a missing field, a value of the wrong JSON type):
 * `validation_failed`, what the published schema's validation answers on the route before this parser runs. The
 * property test competition-body.property.test.ts proves this parser never says it of a body the schema accepts.
 */
export const misshapen = (message: string, field: string) => fail("validation_failed", message, field);

/** Re-labels another parser's rejection as `competition_invalid` (same message and field). */
export function asInvalid<T>(r: Result<T>): Result<T> {
  return r.ok ? r : invalid(r.error.message, r.error.field ?? "");
}

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const at = (base: string, key: string): string => (base === "" ? key : `${base}.${key}`);

export function checkKeys(o: Obj, allowed: readonly string[], base: string): Result<true> {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) return misshapen(`unknown property "${key}"`, at(base, key));
  }
  return ok(true);
}

/** A field that must be present and a string (its content is the caller's rule). */
export function stringField(o: Obj, key: string, base: string): Result<string> {
  const v = o[key];
  const field = at(base, key);
  if (v === undefined) return misshapen(`${field} is required`, field);
  if (typeof v !== "string") return misshapen(`${field} must be a string`, field);
  return ok(v);
}

/** A present string that is not blank and at most `max` characters. */
export function text(o: Obj, key: string, base: string, max: number): Result<string> {
  const given = stringField(o, key, base);
  if (!given.ok) return given;
  const v = given.value;
  const field = at(base, key);
  if (v.trim() === "") return invalid(`${field} must be a non-blank string`, field);
  if (v.length > max) return invalid(`${field} must be at most ${max} characters`, field);
  return ok(v);
}

export function oneOf<T extends string>(o: Obj, key: string, base: string, values: readonly T[]): Result<T> {
  const v = o[key];
  const field = at(base, key);
  if (typeof v !== "string") return misshapen(`${field} must be a string`, field);
  if (!(values as readonly string[]).includes(v)) {
    return invalid(`${field} must be one of ${values.map((x) => `"${x}"`).join(", ")}`, field);
  }
  return ok(v as T);
}

export function optionalPounds(o: Obj, key: string): Result<Pence | null> {
  const v = o[key];
  if (v === undefined || v === null) return ok(null);
  if (typeof v !== "string") return misshapen(`${key} must be a string or null`, key);
  return asInvalid(parseGbp(v, key, key));
}

export function optionalId(o: Obj, base: string): Result<string | undefined> {
  const v = o.id;
  if (v === undefined) return ok(undefined);
  if (typeof v !== "string") return misshapen(`${at(base, "id")} must be a string`, at(base, "id"));
  if (v === "") return invalid(`${at(base, "id")} must be a non-empty string`, at(base, "id"));
  return ok(v);
}

export function stringList(o: Obj, key: string, base: string): Result<string[]> {
  const v = o[key];
  const field = at(base, key);
  if (!Array.isArray(v)) return misshapen(`${field} must be an array of strings`, field);
  for (const [i, item] of v.entries()) {
    if (typeof item !== "string") return misshapen(`${field}[${i}] must be a string`, `${field}[${i}]`);
    if (item.trim() === "") return invalid(`${field}[${i}] must be a non-blank string`, `${field}[${i}]`);
  }
  return ok(v as string[]);
}

/**
 * Mutated JSON bodies for the property tests that hold a route's schema and its domain parser together
 * (ballot-body.property.test.ts, competition-body.property.test.ts): a valid body, then up to three mutations, each
 * on one of the objects `targets` picks out — a field removed, replaced by any JSON value or added, or an array
 * field's first item repeated.
 */
import fc from "fast-check";

export type Json = Record<string, unknown>;
export const cloneJson = (v: Json): Json => JSON.parse(JSON.stringify(v)) as Json;
export const isJsonObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** The first item of an array when it is an object. */
export const firstObject = (v: unknown): Json | undefined =>
  Array.isArray(v) && isJsonObject(v[0]) ? v[0] : undefined;

/** Mutations for bodies with `targetCount` mutable objects. */
export function mutationsOf(targetCount: number) {
  return fc.array(
    fc.record({
      target: fc.integer({ min: 0, max: targetCount - 1 }),
      kind: fc.constantFrom("remove", "replace", "add", "repeat"),
      pick: fc.nat(),
      value: fc.jsonValue({ maxDepth: 2 }),
      name: fc.string({ maxLength: 12 }),
    }),
    { minLength: 1, maxLength: 3 },
  );
}
export type Mutations = ReturnType<typeof mutationsOf> extends fc.Arbitrary<infer T> ? T : never;

/** A copy of `valid` with the mutations applied, each to the object `targets(body)[m.target]` (skipped if absent). */
export function mutate(valid: Json, targets: (body: Json) => (Json | undefined)[], mutations: Mutations): Json {
  const body = cloneJson(valid);
  for (const m of mutations) {
    const target = targets(body)[m.target];
    if (target === undefined) continue;
    const keys = Object.keys(target);
    const key = m.kind === "add" ? m.name : keys[m.pick % keys.length];
    if (key === undefined) continue;
    const value = target[key];
    if (m.kind === "remove") delete target[key];
    else if (m.kind === "repeat") {
      if (Array.isArray(value) && value.length > 0) value.push(value[0]);
    } else target[key] = m.value;
  }
  return body;
}

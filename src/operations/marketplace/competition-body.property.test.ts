/**
 * The competition authoring body has two descriptions: the TypeBox schema the routes validate with and the OpenAPI
 * document publishes (`CompetitionBody`), and the domain's parser (`validateCompetitionBody`) that the routes run
 * on what the schema let through — and the browser's authoring form runs as the operator types. The schema judges
 * the shape, the parser the rules it cannot state (non-blank, date order, decimal places, periods before delivery),
 * so the two must agree on shape, both ways: every body the parser accepts, the schema accepts; and no body the
 * schema accepts does the parser refuse for its shape (`validation_failed`; its rules answer `competition_invalid`).
 * Bodies are the valid one and its mutations: fields removed, replaced by any JSON value or added, array items
 * repeated, at the top level, in the boundary and inside a period and a window.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateCompetitionBody } from "../../domain/marketplace/competition-body.js";
import { CompetitionBody } from "./so-create-competition.js";
import { competitionBody } from "./test-support.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: false, useDefaults: true, coerceTypes: false, strict: false }));
const schemaAccepts = ajv.compile(CompetitionBody);

type Json = Record<string, unknown>;
const clone = (v: Json): Json => JSON.parse(JSON.stringify(v)) as Json;

/** The objects of a body a mutation may touch: the body, its boundary, its first period, that period's first window. */
function targets(body: Json): (Json | undefined)[] {
  const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
  const first = (v: unknown): Json | undefined => (Array.isArray(v) && isObject(v[0]) ? v[0] : undefined);
  const period = first(body.service_periods);
  return [body, isObject(body.boundary) ? body.boundary : undefined, period, first(period?.service_windows)];
}

const mutation = fc.record({
  target: fc.integer({ min: 0, max: 3 }),
  kind: fc.constantFrom("remove", "replace", "add", "repeat"),
  pick: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }),
  name: fc.string({ maxLength: 12 }),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutated(mutations: Mutation[]): Json {
  const body = clone(competitionBody({ reference: "OXF_2026_W" }));
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

describe("competition authoring body: schema and parser", () => {
  it("the valid body passes both", () => {
    const body = competitionBody();
    expect(validateCompetitionBody(body).ok).toBe(true);
    expect(schemaAccepts(clone(body))).toBe(true);
  });

  it("every body the parser accepts, the schema accepts", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const body = mutated(mutations);
        if (validateCompetitionBody(clone(body)).ok) expect(schemaAccepts(clone(body))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("no body the schema accepts does the parser refuse for its shape", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const body = mutated(mutations);
        if (!schemaAccepts(clone(body))) return;
        const result = validateCompetitionBody(clone(body));
        expect(result.ok ? "accepted" : result.error.code, JSON.stringify(body)).not.toBe("validation_failed");
      }),
      { numRuns: 1000 },
    );
  });
});

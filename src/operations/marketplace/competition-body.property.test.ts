/**
 * The competition authoring body has two descriptions: the TypeBox schema the OpenAPI document publishes
 * (`CompetitionBody`) and the domain's parser that validates it (`validateCompetitionBody`). The schema is looser
 * (it cannot say "non-blank", date order or decimal places), so the property is one way: every body the parser
 * accepts, the published schema accepts too (a client validating against the document never refuses a body the
 * server would take). Bodies are the valid one and its mutations: fields removed, replaced by any JSON value, or
 * added, at the top level and inside a period and a window.
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

/** The objects of a body a mutation may touch: the body, its first period, that period's first window. */
function targets(body: Json): (Json | undefined)[] {
  const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
  const first = (v: unknown): Json | undefined => (Array.isArray(v) && isObject(v[0]) ? v[0] : undefined);
  const period = first(body.service_periods);
  return [body, period, first(period?.service_windows)];
}

const mutation = fc.record({
  target: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom("remove", "replace", "add"),
  pick: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }),
  name: fc.string({ maxLength: 12 }),
});

describe("competition authoring body: schema and parser", () => {
  it("the valid body passes both", () => {
    const body = competitionBody();
    expect(validateCompetitionBody(body).ok).toBe(true);
    expect(schemaAccepts(clone(body))).toBe(true);
  });

  it("every body the parser accepts, the published schema accepts", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const body = clone(competitionBody({ reference: "OXF_2026_W" }));
        for (const m of mutations) {
          const target = targets(body)[m.target];
          if (target === undefined) continue;
          const keys = Object.keys(target);
          const key = m.kind === "add" ? m.name : keys[m.pick % keys.length]!;
          if (m.kind === "remove") delete target[key];
          else target[key] = m.value;
        }
        if (validateCompetitionBody(clone(body)).ok) expect(schemaAccepts(clone(body))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

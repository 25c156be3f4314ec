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
import {
  cloneJson,
  firstObject,
  isJsonObject,
  type Json,
  type Mutations,
  mutate,
  mutationsOf,
} from "../../testing/body-mutations.js";
import { CompetitionBody } from "./so-create-competition.js";
import { competitionBody } from "./test-support.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: false, useDefaults: true, coerceTypes: false, strict: false }));
const schemaAccepts = ajv.compile(CompetitionBody);

/** The objects of a body a mutation may touch: the body, its boundary, its first period, that period's first window. */
function targets(body: Json): (Json | undefined)[] {
  const period = firstObject(body.service_periods);
  return [body, isJsonObject(body.boundary) ? body.boundary : undefined, period, firstObject(period?.service_windows)];
}
const mutations = mutationsOf(4);
const mutated = (m: Mutations) => mutate(competitionBody({ reference: "OXF_2026_W" }), targets, m);
const clone = cloneJson;

describe("competition authoring body: schema and parser", () => {
  it("the valid body passes both", () => {
    const body = competitionBody();
    expect(validateCompetitionBody(body).ok).toBe(true);
    expect(schemaAccepts(clone(body))).toBe(true);
  });

  it("every body the parser accepts, the schema accepts", () => {
    fc.assert(
      fc.property(mutations, (m) => {
        const body = mutated(m);
        if (validateCompetitionBody(clone(body)).ok) expect(schemaAccepts(clone(body))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("no body the schema accepts does the parser refuse for its shape", () => {
    fc.assert(
      fc.property(mutations, (m) => {
        const body = mutated(m);
        if (!schemaAccepts(clone(body))) return;
        const result = validateCompetitionBody(clone(body));
        expect(result.ok ? "accepted" : result.error.code, JSON.stringify(body)).not.toBe("validation_failed");
      }),
      { numRuns: 1000 },
    );
  });
});

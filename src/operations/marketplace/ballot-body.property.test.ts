/**
 * The ballot body has two descriptions: the TypeBox schema the OpenAPI document publishes (`BallotBody`) and the
 * domain's parser that validates it (`validateBallot`, ballot.ts). The schema cannot state the market's rules
 * (window ids of the competition, capacities, rate types), so the property is one way: every body the parser
 * accepts, the published schema accepts too, validated as the route's wire dialect validates (src/http/wire-dialect.ts:
 * the compatible routes drop unknown fields). Bodies are the valid one and its mutations.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateBallot } from "../../domain/marketplace/ballot.js";
import { ballotBody, makeContext } from "../../domain/marketplace/test-fixtures.js";
import { wireDialectOf } from "../../http/wire-dialect.js";
import { BallotBody } from "./submit-ballot.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const compatible = wireDialectOf("/bids/v1/competitions/c/ballots/") === "compatible";
const ajv = addFormats(
  new Ajv({ allErrors: false, removeAdditional: compatible, useDefaults: true, coerceTypes: false, strict: false }),
);
const schemaAccepts = ajv.compile(BallotBody);

type Json = Record<string, unknown>;
const clone = (v: Json): Json => JSON.parse(JSON.stringify(v)) as Json;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The objects of a body a mutation may touch: the body, its first bid, that bid's first rate. */
function targets(body: Json): (Json | undefined)[] {
  const first = (v: unknown): Json | undefined => (Array.isArray(v) && isObject(v[0]) ? v[0] : undefined);
  const bid = first(body.bids);
  return [body, bid, first(bid?.rates)];
}

const mutation = fc.record({
  target: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom("remove", "replace", "add"),
  pick: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }),
  name: fc.string({ maxLength: 12 }),
});

describe("ballot body: schema and parser", () => {
  it("the valid body passes both", () => {
    const body = ballotBody();
    expect(validateBallot(body, makeContext()).ok).toBe(true);
    expect(schemaAccepts(clone(body))).toBe(true);
  });

  it("every body the parser accepts, the published schema accepts", () => {
    const ctx = makeContext();
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const body = clone(ballotBody());
        for (const m of mutations) {
          const target = targets(body)[m.target];
          if (target === undefined) continue;
          const keys = Object.keys(target);
          const key = m.kind === "add" ? m.name : keys[m.pick % keys.length];
          if (key === undefined) continue;
          if (m.kind === "remove") delete target[key];
          else target[key] = m.value;
        }
        if (validateBallot(clone(body), ctx).ok) expect(schemaAccepts(clone(body))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

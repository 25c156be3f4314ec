/**
 * The ballot body has two descriptions: the TypeBox schema the route validates with and the OpenAPI document
 * publishes (`BallotBody`), and the domain's parser (`validateBallot`, ballot.ts) that the route runs on what the
 * schema let through — and the browser and the CLI run on bodies they have not sent yet. The schema judges the
 * shape, the parser the market's rules (window ids of the competition, capacities, rate types), so the two must
 * agree on shape, both ways: every body the parser accepts, the schema accepts; and no body the schema accepts does
 * the parser refuse for its shape (`validation_failed`). Validated as the route's wire dialect validates
 * (src/http/wire-dialect.ts: the compatible routes drop unknown fields). Bodies are the valid one and its mutations:
 * fields removed, replaced by any JSON value or added, array items repeated, in the body, a bid, a rate and the
 * asset lists.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateBallot } from "../../domain/marketplace/ballot.js";
import { ballotBody, makeContext } from "../../domain/marketplace/test-fixtures.js";
import { wireDialectOf } from "../../http/wire-dialect.js";
import {
  cloneJson,
  firstObject,
  isJsonObject,
  type Json,
  type Mutations,
  mutate,
  mutationsOf,
} from "../../testing/body-mutations.js";
import { BallotBody } from "./submit-ballot.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const compatible = wireDialectOf("/bids/v1/competitions/c/ballots/") === "compatible";
const ajv = addFormats(
  new Ajv({ allErrors: false, removeAdditional: compatible, useDefaults: true, coerceTypes: false, strict: false }),
);
const schemaAccepts = ajv.compile(BallotBody);

/** The objects of a body a mutation may touch: the body, its first bid, that bid's first rate, its asset lists. */
function targets(body: Json): (Json | undefined)[] {
  const bid = firstObject(body.bids);
  return [body, bid, firstObject(bid?.rates), isJsonObject(body.assets) ? body.assets : undefined];
}
const mutations = mutationsOf(4);
/** The valid body (with its assets named, so that the asset lists can be mutated too) after the mutations. */
const mutated = (m: Mutations) => mutate(ballotBody({ assets: { flex: ["a1"], planned: ["p1"] } }), targets, m);
const clone = cloneJson;

describe("ballot body: schema and parser", () => {
  it("the valid body passes both", () => {
    const body = ballotBody();
    expect(validateBallot(body, makeContext()).ok).toBe(true);
    expect(schemaAccepts(clone(body))).toBe(true);
  });

  it("every body the parser accepts, the schema accepts", () => {
    const ctx = makeContext();
    fc.assert(
      fc.property(mutations, (m) => {
        const body = mutated(m);
        if (validateBallot(clone(body), ctx).ok) expect(schemaAccepts(clone(body))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("no body the schema accepts does the parser refuse for its shape", () => {
    const ctx = makeContext();
    fc.assert(
      fc.property(mutations, (m) => {
        const passed = clone(mutated(m)); // what the route's handler gets: unknown fields dropped
        if (!schemaAccepts(passed)) return;
        const result = validateBallot(clone(passed), ctx);
        expect(result.ok ? "accepted" : result.error.code, JSON.stringify(passed)).not.toBe("validation_failed");
      }),
      { numRuns: 1000 },
    );
  });
});

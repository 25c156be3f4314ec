/** Planned assets, error path: field rules → 400 naming the field, taken reference → 409; nothing stored. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { type Actor, actor, call, ok, PLANNED, snapshot } from "./test-support.js";

describe.each(DIALECTS)("planned assets, error path (%s)", (dialect) => {
  let h: Harness;
  let provider: Actor;
  let plannedId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = await actor(h, "provider");
    plannedId = (await ok(h, "POST", "/planned-assets/v1/", provider, PLANNED)).id;
  });
  afterAll(() => h.close());

  async function refused(
    method: "POST" | "PATCH",
    url: string,
    body: unknown,
    status: number,
    code: string,
    field?: string,
  ) {
    const before = await snapshot(h);
    const res = await call(h, method, url, provider, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error).toBe(code);
    if (field !== undefined) expect(res.body.field).toBe(field);
    expect(await snapshot(h)).toEqual(before);
  }

  const cases: [string, Record<string, unknown>, string, string | undefined][] = [
    ["a negative capacity_value", { capacity_value: "-0.001" }, "decimal_invalid", "capacity_value"],
    ["4 decimal places", { capacity_value: "0.0001" }, "decimal_invalid", "capacity_value"],
    ["an unknown capacity_type", { capacity_type: "both" }, "validation_failed", undefined],
    ["a zero asset count", { estimated_asset_count: 0 }, "validation_failed", undefined],
    ["a bad duration", { maximum_runtime: "forever" }, "validation_failed", "maximum_runtime"],
    ["a bad postcode", { postcode: "NOT A POSTCODE" }, "validation_failed", "postcode"],
    ["a fractional asset count", { estimated_asset_count: 2.5 }, "validation_failed", "estimated_asset_count"],
    ["an asset count as a string", { estimated_asset_count: "3" }, "validation_failed", "estimated_asset_count"],
    [
      "a competition_reference too long",
      { competition_reference: "R".repeat(101) },
      "validation_failed",
      "competition_reference",
    ],
    ["an operator_name as a number", { operator_name: 7 }, "validation_failed", "operator_name"],
    ["latitude without longitude", { latitude: 51.7 }, "validation_failed", "longitude"],
    ["someone else's provider id", { provider: "someone-else" }, "validation_failed", "provider"],
  ];
  for (const [what, change, code, field] of cases) {
    it(`refuses a create with ${what}`, async () => {
      await refused("POST", "/planned-assets/v1/", { ...PLANNED, reference: `N-${what}`, ...change }, 400, code, field);
    });
    it(`refuses a PATCH with ${what}`, async () => {
      await refused("PATCH", `/planned-assets/v1/${plannedId}/`, change, 400, code, field);
    });
  }

  it("answers 409 ref_taken for a reference already used", async () => {
    await refused("POST", "/planned-assets/v1/", PLANNED, 409, "ref_taken", "reference");
  });

  it("answers 404 for an unknown id", async () => {
    expect((await call(h, "GET", "/planned-assets/v1/nope/", provider)).status).toBe(404);
    await refused("PATCH", "/planned-assets/v1/nope/", { name: "x" }, 404, "not_found");
  });
});

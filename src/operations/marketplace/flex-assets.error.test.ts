/** Flex assets, error path: each field rule answers 400 (409 for a taken ref) naming the field; nothing stored. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { type Actor, actor, BATTERY, call, ok, snapshot } from "./test-support.js";

describe.each(DIALECTS)("flex assets, error path (%s)", (dialect) => {
  let h: Harness;
  let provider: Actor;
  let batteryId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = await actor(h, "provider");
    batteryId = (await ok(h, "POST", "/assets/v1/", provider, BATTERY)).id;
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
    ["negative capacity", { active_export_capacity: "-1.000" }, "decimal_invalid", "active_export_capacity"],
    ["4 decimal places", { active_import_capacity: "1.0001" }, "decimal_invalid", "active_import_capacity"],
    ["NaN capacity", { active_export_capacity: "NaN" }, "decimal_invalid", "active_export_capacity"],
    ["a number, not a string", { active_export_capacity: 2 }, "validation_failed", undefined],
    ["voltage with 3 places", { voltage_level: "11.000" }, "decimal_invalid", "voltage_level"],
    ["not a UK postcode", { postcode: "12345" }, "validation_failed", "postcode"],
    ["no location", { postcode: null }, "validation_failed", "postcode"],
    ["latitude without longitude", { latitude: 51.7 }, "validation_failed", "longitude"],
    ["latitude out of range", { latitude: 91, longitude: 0 }, "validation_failed", "latitude"],
    ["longitude out of range", { latitude: 0, longitude: -180.5 }, "validation_failed", "longitude"],
    ["a non-numeric latitude string", { latitude: "north", longitude: 0 }, "validation_failed", "latitude"],
    ["a latitude as a boolean", { latitude: true, longitude: 0 }, "validation_failed", "latitude"],
    ["13 decimal places", { latitude: "51.1234567890123", longitude: 0 }, "validation_failed", "latitude"],
    ["a bad max_export_capacity", { max_export_capacity: "1.2345" }, "decimal_invalid", "max_export_capacity"],
    [
      "an operational_date that is no date",
      { operational_date: "2024-02-30" },
      "validation_failed",
      "operational_date",
    ],
    [
      "an operational_date with a time",
      { operational_date: "2024-02-01T00:00" },
      "validation_failed",
      "operational_date",
    ],
    ["an address too long", { address: "x".repeat(501) }, "validation_failed", "address"],
    ["a supplier as a number", { supplier: 5 }, "validation_failed", "supplier"],
    ["a bad duration", { max_runtime: "2 hours" }, "validation_failed", "max_runtime"],
    ["an unknown status", { status: "broken" }, "validation_failed", undefined],
    ["someone else's provider id", { provider: "someone-else" }, "validation_failed", "provider"],
  ];
  for (const [what, change, code, field] of cases) {
    it(`refuses a create with ${what}`, async () => {
      await refused("POST", "/assets/v1/", { ...BATTERY, ref: `NEW-${what}`, ...change }, 400, code, field);
    });
    it(`refuses a PATCH with ${what}`, async () => {
      await refused("PATCH", `/assets/v1/${batteryId}/`, change, 400, code, field);
    });
  }

  it("refuses a create missing a required field", async () => {
    const { name: _name, ...noName } = BATTERY;
    await refused("POST", "/assets/v1/", noName, 400, "validation_failed");
  });

  it("answers 409 ref_taken for a ref already used, on create and on PATCH", async () => {
    await refused("POST", "/assets/v1/", BATTERY, 409, "ref_taken", "ref");
    const second = await ok(h, "POST", "/assets/v1/", provider, { ...BATTERY, ref: "BAT-2" });
    await refused("PATCH", `/assets/v1/${second.id}/`, { ref: "BAT-1" }, 409, "ref_taken", "ref");
  });

  it("answers 404 for an unknown id and 400 for a bad ?limit", async () => {
    expect((await call(h, "GET", "/assets/v1/nope/", provider)).status).toBe(404);
    await refused("PATCH", "/assets/v1/nope/", { name: "x" }, 404, "not_found");
    expect((await call(h, "GET", "/assets/v1/?limit=0", provider)).status).toBe(400);
    expect((await call(h, "GET", "/assets/v1/?ref=", provider)).status).toBe(400);
  });
});

/** Qualifications, error path: bad statuses, a non-qualifying asset, a closed competition → 400; nothing stored. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { AFTER_CLOSE, call, type Market, ok, setupMarket, snapshot } from "./test-support.js";

describe.each(DIALECTS)("qualifications, error path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  let rowId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    rowId = (await ok(h, "GET", `/qualifications/v1/?asset_id=${m.battery}`, m.provider))[0].id;
  });
  afterAll(() => h.close());

  async function refused(body: unknown, status: number, code: string, field?: string, id = rowId) {
    const before = await snapshot(h);
    const res = await call(h, "PATCH", `/qualifications/v1/${id}/`, m.provider, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error).toBe(code);
    if (field !== undefined) expect(res.body.field).toBe(field);
    expect(await snapshot(h)).toEqual(before);
  }

  for (const status of ["Not applicable", "entered", "Accepted", "", 1, null]) {
    it(`refuses status ${JSON.stringify(status)}`, async () => {
      await refused({ status }, 400, "validation_failed");
    });
  }

  it("refuses an empty body or an unknown field", async () => {
    await refused({}, 400, "validation_failed");
    await refused({ status: "Entered", asset_id: "x" }, 400, "validation_failed");
  });

  it("answers 404 for an unknown qualification", async () => {
    await refused({ status: "Entered" }, 404, "not_found", undefined, "nope");
  });

  it("refuses to enter an asset that no longer qualifies", async () => {
    await ok(h, "PATCH", `/assets/v1/${m.battery}/`, m.provider, { postcode: "EH1 1AA" });
    try {
      await refused({ status: "Entered" }, 400, "asset_not_qualified", "status");
    } finally {
      await ok(h, "PATCH", `/assets/v1/${m.battery}/`, m.provider, { postcode: "OX4 2AB" });
    }
  });

  it("refuses changes once bidding has closed", async () => {
    h.clock.set(AFTER_CLOSE);
    await refused({ status: "Withdrawn" }, 400, "competition_not_open", "status");
  });

  it("refuses bad filters", async () => {
    for (const q of ["competition_id=", "limit=0", "status=Entered"]) {
      expect((await call(h, "GET", `/qualifications/v1/?${q}`, m.provider)).status).toBe(400);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { createFixture, expectRejected, type Fixture } from "./test-fixtures.js";

const W = "start=2026-06-05T10:00:00Z&end=2026-06-05T11:00:00Z";

describe.each(DIALECTS)("state and operational data, errors (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h);
  });
  afterAll(() => h.close());

  const get = (path: string) => ({ method: "GET" as const, url: `${f.base}${path}`, headers: f.org.auth });
  const windowed = ["/state-of-energy/projected", "/energy-capacity", "/operational?categories=stateOfCharge"];

  it.each(windowed)("%s: refuses a missing start or end (400)", async (path) => {
    const sep = path.includes("?") ? "&" : "?";
    await expectRejected(h, get(`${path}${sep}end=2026-06-05T11:00:00Z`), { error: "validation_failed" });
    await expectRejected(h, get(`${path}${sep}start=2026-06-05T11:00:00Z`), { error: "validation_failed" });
  });

  it.each([...windowed, "/state-of-charge"])("%s: refuses a bad instant and an inverted window (400)", async (path) => {
    const sep = path.includes("?") ? "&" : "?";
    await expectRejected(h, get(`${path}${sep}start=2026-06-05%2010:00&end=2026-06-05T11:00:00Z`), {
      error: "validation_failed",
      field: "start",
    });
    await expectRejected(h, get(`${path}${sep}start=2026-06-05T10:00:00Z&end=tomorrow`), {
      error: "validation_failed",
      field: "end",
    });
    await expectRejected(h, get(`${path}${sep}start=2026-06-05T12:00:00Z&end=2026-06-05T11:00:00Z`), {
      error: "interval_invalid",
      field: "start",
    });
  });

  it.each([
    ["/operational", `&${W}`],
    ["/operational/latest", ""],
  ])("%s: refuses an unknown category naming it, and a missing list (400)", async (path, rest) => {
    const body = await expectRejected(h, get(`${path}?categories=stateOfCharge,stateOfHealth${rest}`), {
      error: "validation_failed",
      field: "categories",
    });
    expect(body.message).toContain("stateOfHealth");
    // a block category is not a virtual-asset category
    const block = await expectRejected(h, get(`${path}?categories=boundaryPower${rest}`), {
      error: "validation_failed",
      field: "categories",
    });
    expect(block.message).toContain("boundaryPower");
    await expectRejected(h, get(`${path}${rest.replace("&", "?")}`), { error: "validation_failed" });
    await expectRejected(h, get(`${path}?categories=${rest}`), { error: "validation_failed", field: "categories" });
  });

  it.each([
    ["/operational", `&${W}`],
    ["/operational/latest", ""],
  ])("blocks%s: refuses a virtual-asset category naming it (400)", async (path, rest) => {
    const body = await expectRejected(h, get(`/blocks/${f.blockId}${path}?categories=stateOfCharge${rest}`), {
      error: "validation_failed",
      field: "categories",
    });
    expect(body.message).toContain("stateOfCharge");
  });

  it("refuses an inverted window on a block's operational data (400)", async () => {
    await expectRejected(
      h,
      get(
        `/blocks/${f.blockId}/operational?categories=boundaryPower&start=2026-06-05T12:00:00Z&end=2026-06-05T11:00:00Z`,
      ),
      { error: "interval_invalid", field: "start" },
    );
  });

  it("answers 404 to an unknown virtual asset or block", async () => {
    for (const url of [
      `/organisations/${f.org.id}/virtual-assets/00000000-0000-4000-8000-000000000000/state-of-energy/latest`,
      `${f.base}/blocks/00000000-0000-4000-8000-000000000000/operational/latest?categories=boundaryPower`,
    ]) {
      const res = await h.app.inject({ url, headers: f.org.auth });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe("not_found");
    }
  });
});

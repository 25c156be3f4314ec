/**
 * Qualifications (`/qualifications/v1/`): which of my assets qualify for which competition, with my entry status;
 * entering, withdrawing and leaving undecided; archived assets never qualify (Not applicable, no opportunity, no bid).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import { actor, BATTERY, ballotBody, call, competitionBody, type Market, ok, setupMarket } from "./test-support.js";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

describe.each(DIALECTS)("qualifications, happy path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
  });
  afterAll(() => h.close());

  const rowsOf = async (query = "") => ok(h, "GET", `/qualifications/v1/${query}`, m.provider);

  it("lists one row per qualified asset with the capacity it brings to the need direction", async () => {
    const res = await call(h, "GET", `/qualifications/v1/?competition_id=${m.competitionId}`, m.provider);
    expect(res.status).toBe(200);
    expect(res.headers["x-total-count"]).toBe("3");
    const byAsset = Object.fromEntries(res.body.map((r: { asset_id: string }) => [r.asset_id, r]));
    // Deficit: the battery exports 2.000; the demand asset turns down its 1.500 import; the planned one exports 1.000
    expect(byAsset[m.battery]).toEqual({
      id: expect.any(String),
      competition_id: m.competitionId,
      asset_kind: "flex",
      asset_id: m.battery,
      status: "Entered",
      qualified: true,
      reason: null,
      capacity: "2.000",
      created: iso(T0),
      modified: iso(T0),
    });
    expect(byAsset[m.demand]).toMatchObject({ asset_kind: "flex", capacity: "1.500", status: "Entered" });
    expect(byAsset[m.planned]).toMatchObject({ asset_kind: "planned", capacity: "1.000", status: "Entered" });
  });

  it("filters by asset_id and pages", async () => {
    const one = await rowsOf(`?asset_id=${m.planned}`);
    expect(one.map((r: { asset_id: string }) => r.asset_id)).toEqual([m.planned]);
    const page = await call(h, "GET", "/qualifications/v1/?limit=2&offset=2", m.provider);
    expect(page.body).toHaveLength(1);
    expect(page.headers["x-total-count"]).toBe("3");
  });

  it("changes the entry status: Withdrawn assets leave the opportunity, Undecided ones too, Entered ones return", async () => {
    const [row] = await rowsOf(`?asset_id=${m.demand}`);
    const capacityOf = async () =>
      (await ok(h, "GET", "/bidding-opportunities/v1/", m.provider)).find(
        (o: { competition_id: string }) => o.competition_id === m.competitionId,
      )?.total_capacity;
    expect(await capacityOf()).toBe("4.500");
    h.clock.advance(1000);
    const withdrawn = await ok(h, "PATCH", `/qualifications/v1/${row.id}/`, m.provider, { status: "Withdrawn" });
    expect(withdrawn).toMatchObject({ id: row.id, status: "Withdrawn", modified: iso(h.clock.now()) });
    expect(await capacityOf()).toBe("3.000");
    await ok(h, "PATCH", `/qualifications/v1/${row.id}/`, m.provider, { status: "Undecided" });
    expect((await rowsOf(`?asset_id=${m.demand}`))[0].status).toBe("Undecided");
    expect(await capacityOf()).toBe("3.000");
    await ok(h, "PATCH", `/qualifications/v1/${row.id}/`, m.provider, { status: "Entered" });
    expect(await capacityOf()).toBe("4.500");
  });

  it("never qualifies an archived asset: Not applicable, out of opportunities and ballots, not qualified again", async () => {
    await ok(h, "PATCH", `/assets/v1/${m.demand}/`, m.provider, { status: "archived" });
    const [row] = await rowsOf(`?asset_id=${m.demand}`);
    expect(row).toMatchObject({
      status: "Not applicable",
      qualified: false,
      reason: "archived assets never qualify",
      capacity: "0.000",
    });
    const [opportunity] = await ok(h, "GET", "/bidding-opportunities/v1/", m.provider);
    expect(opportunity.flex_asset_ids).toEqual([m.battery]);
    expect(opportunity.total_capacity).toBe("3.000");
    const named = await call(
      h,
      "POST",
      `/bids/v1/competitions/${m.competitionId}/ballots/`,
      m.provider,
      ballotBody(m, { assets: { flex: [m.demand] } }),
    );
    expect(named.status).toBe(400);
    expect(named.body).toMatchObject({ error: "asset_not_qualified", field: "assets.flex[0]" });

    // an archived asset created before a new competition's qualification run gets no row at all
    h.clock.set(T0);
    const archived = await ok(h, "POST", "/assets/v1/", m.provider, { ...BATTERY, ref: "OLD", status: "archived" });
    const next = await ok(h, "POST", "/so/v1/competitions/", m.so, competitionBody());
    await ok(h, "POST", `/so/v1/competitions/${next.id}/publish/`, m.so);
    const run = await ok(h, "POST", `/so/v1/competitions/${next.id}/qualify/`, m.so);
    expect(run.qualifications.map((q: { asset_id: string }) => q.asset_id)).not.toContain(archived.id);
    expect(run.qualifications.map((q: { asset_id: string }) => q.asset_id)).not.toContain(m.demand);
    expect(await rowsOf(`?asset_id=${archived.id}`)).toEqual([]);
  });

  it("shows a provider with no assets an empty list", async () => {
    const nobody = await actor(h, "provider");
    const res = await call(h, "GET", "/qualifications/v1/", nobody);
    expect(res.body).toEqual([]);
    expect(res.headers["x-total-count"]).toBe("0");
  });
});

describe.each(DIALECTS)("qualification of a planned asset by its competition_reference (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it("a planned asset without a location qualifies for the competition its competition_reference names, only there", async () => {
    h.clock.set(T0);
    const so = await actor(h, "system_operator");
    const provider = await actor(h, "provider");
    const target = await ok(h, "POST", "/so/v1/competitions/", so, competitionBody({ reference: "PLANNED_FOR_ME" }));
    const other = await ok(h, "POST", "/so/v1/competitions/", so, competitionBody({ reference: "SOMEWHERE_ELSE" }));
    for (const c of [target, other]) await ok(h, "POST", `/so/v1/competitions/${c.id}/publish/`, so);
    const named = await ok(h, "POST", "/planned-assets/v1/", provider, {
      reference: "NAMED",
      name: "Planned for one competition",
      asset_type: "battery",
      capacity_type: "export",
      capacity_value: "0.800",
      competition_reference: "PLANNED_FOR_ME",
    });
    const nowhere = await ok(h, "POST", "/planned-assets/v1/", provider, {
      reference: "NOWHERE",
      name: "No location, no competition",
      asset_type: "battery",
      capacity_type: "export",
      capacity_value: "0.800",
    });
    for (const c of [target, other]) await ok(h, "POST", `/so/v1/competitions/${c.id}/qualify/`, so);
    const rows = await ok(h, "GET", "/qualifications/v1/", provider);
    expect(rows.map((r: { competition_id: string; asset_id: string }) => [r.competition_id, r.asset_id])).toEqual([
      [target.id, named.id],
    ]);
    await ok(h, "PATCH", `/qualifications/v1/${rows[0].id}/`, provider, { status: "Entered" });
    h.clock.set(T0 + 2 * 86_400_000);
    const opportunities = await ok(h, "GET", "/bidding-opportunities/v1/", provider);
    expect(opportunities).toEqual([
      expect.objectContaining({ competition_id: target.id, planned_asset_ids: [named.id], total_capacity: "0.800" }),
    ]);
    expect(JSON.stringify(opportunities)).not.toContain(nowhere.id);
  });
});

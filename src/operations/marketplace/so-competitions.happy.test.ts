/**
 * The system operator's competitions (`/so/v1/competitions/`): create a draft, edit it, list and fetch its own,
 * publish, run qualification.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import { type Actor, actor, BATTERY, call, competitionBody, DEMAND, ok, PLANNED } from "./test-support.js";

describe.each(DIALECTS)("system operator competitions, happy path (%s)", (dialect) => {
  let h: Harness;
  let so: Actor;
  // biome-ignore lint/suspicious/noExplicitAny: the wire body
  let draft: any;
  beforeAll(async () => {
    h = await createHarness(dialect);
    h.clock.set(T0);
    so = await actor(h, "system_operator");
  });
  afterAll(() => h.close());

  it("creates a draft with ids on the competition, each period and each window, decimals normalised", async () => {
    const res = await call(
      h,
      "POST",
      "/so/v1/competitions/",
      so,
      competitionBody({ reference: "OXF_SUMMER", availability_guide_price: "15", utilisation_guide_price: "300.5" }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    draft = res.body;
    expect(draft).toMatchObject({
      id: expect.stringMatching(/^[0-9A-Za-z]{10}$/),
      reference: "OXF_SUMMER",
      status: "draft",
      system_operator_id: so.id,
      pricing_type: "auction",
      availability_guide_price: "15.00",
      utilisation_guide_price: "300.50",
      service_fee: null,
    });
    const [period] = draft.service_periods;
    expect(period.id).toEqual(expect.any(String));
    expect(period.service_windows.map((w: { capacity_required: string }) => w.capacity_required)).toEqual([
      "5.000",
      "2.500",
    ]);
    expect(await ok(h, "GET", `/so/v1/competitions/${draft.id}/`, so)).toEqual(draft);
  });

  it("edits a draft: given fields replace stored ones; windows sent with their id keep it", async () => {
    h.clock.advance(1000);
    const [period] = draft.service_periods;
    const [evening] = period.service_windows;
    const edited = await ok(h, "PATCH", `/so/v1/competitions/${draft.id}/`, so, {
      name: "Oxford summer evenings (revised)",
      service_periods: [
        {
          id: period.id,
          name: period.name,
          start: period.start,
          end: period.end,
          service_windows: [
            {
              id: evening.id,
              name: evening.name,
              start: "16:30",
              end: "19:30",
              service_days: evening.service_days,
              capacity_required: "4.25",
            },
          ],
        },
      ],
    });
    expect(edited.name).toBe("Oxford summer evenings (revised)");
    expect(edited.service_periods[0].id).toBe(period.id);
    expect(edited.service_periods[0].service_windows).toEqual([
      { ...evening, start: "16:30", capacity_required: "4.250" },
    ]);
    expect(edited.modified).not.toBe(draft.modified);
    expect(edited.reference).toBe("OXF_SUMMER");
    draft = edited;
  });

  it("lists its own competitions with status and type filters and paging", async () => {
    const other = await ok(
      h,
      "POST",
      "/so/v1/competitions/",
      so,
      competitionBody({
        type: "Service Fee",
        service_fee: "900.00",
        availability_guide_price: null,
        utilisation_guide_price: null,
      }),
    );
    const all = await call(h, "GET", "/so/v1/competitions/", so);
    expect(all.headers["x-total-count"]).toBe("2");
    expect(all.body.map((c: { id: string }) => c.id).sort()).toEqual([draft.id, other.id].sort());
    const fee = await ok(h, "GET", `/so/v1/competitions/?type=${encodeURIComponent("Service Fee")}`, so);
    expect(fee.map((c: { id: string }) => c.id)).toEqual([other.id]);
    expect(fee[0].service_fee).toBe("900.00");
    expect((await ok(h, "GET", "/so/v1/competitions/?status=draft", so)).length).toBe(2);
    expect(await ok(h, "GET", "/so/v1/competitions/?status=open", so)).toEqual([]);
    const page = await call(h, "GET", "/so/v1/competitions/?limit=1&offset=1", so);
    expect(page.body).toHaveLength(1);
    expect(page.headers["x-total-count"]).toBe("2");
  });

  it("publishes a draft: providers see it, in its qualification phase", async () => {
    const published = await ok(h, "POST", `/so/v1/competitions/${draft.id}/publish/`, so);
    expect(published.status).toBe("qualification");
    const provider = await actor(h, "provider");
    const seen = await ok(h, "GET", `/competitions/v1/${draft.id}/`, provider);
    expect(seen).toEqual(published);
  });

  it("runs qualification: in-boundary assets with a fitting direction get Undecided rows; re-running adds none", async () => {
    const provider = await actor(h, "provider");
    const battery = await ok(h, "POST", "/assets/v1/", provider, BATTERY);
    const demand = await ok(h, "POST", "/assets/v1/", provider, DEMAND);
    const planned = await ok(h, "POST", "/planned-assets/v1/", provider, PLANNED);
    const far = await ok(h, "POST", "/assets/v1/", provider, { ...BATTERY, ref: "FAR", postcode: "EH1 1AA" });
    const exportless = await ok(h, "POST", "/assets/v1/", provider, {
      ...BATTERY,
      ref: "IMPORT-ONLY",
      asset_category: "storage",
      active_export_capacity: "0",
    });
    const run = await ok(h, "POST", `/so/v1/competitions/${draft.id}/qualify/`, so);
    expect(run.competition_id).toBe(draft.id);
    expect(run.added).toBe(3);
    const byAsset = Object.fromEntries(run.qualifications.map((q: { asset_id: string }) => [q.asset_id, q]));
    expect(Object.keys(byAsset).sort()).toEqual([battery.id, demand.id, planned.id].sort());
    expect(byAsset[battery.id]).toEqual({
      id: expect.any(String),
      provider_id: provider.id,
      asset_kind: "flex",
      asset_id: battery.id,
      status: "Undecided",
      capacity: "2.000",
    });
    expect(byAsset[far.id]).toBeUndefined();
    expect(byAsset[exportless.id]).toBeUndefined();
    const again = await ok(h, "POST", `/so/v1/competitions/${draft.id}/qualify/`, so);
    expect(again.added).toBe(0);
    expect(again.qualifications).toHaveLength(3);
  });
});

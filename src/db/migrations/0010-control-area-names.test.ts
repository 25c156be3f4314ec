import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVirtualAsset } from "../../admin/virtual-assets.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { up } from "./0010-control-area-names.js";

/** Rows as the releases before the migration wrote them, then the migration's `up` on them. */
describe.each(DIALECTS)("migration 0010: control-area names (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it("renames EIC area codes to control-area names and completes the stored auction items", async () => {
    const org = await h.org("provider");
    const ids: string[] = [];
    for (const zone of ["10YDE-RWENET---I", "10YDE-EON------1", "50Hertz", "10YDE-ENBW-----N"]) {
      const created = await createVirtualAsset(
        { db: h.db, now: h.clock.now() },
        { organisationId: org.id, energyKwh: 100, powerKw: 50, start: "2026-06-10", end: "2026-06-11" },
      );
      ids.push(created.virtualAsset.spec.id);
      await h.db.kysely
        .updateTable("virtual_assets")
        .set({ delivery_zone: zone })
        .where("id", "=", created.virtualAsset.spec.id)
        .execute();
    }
    const oldItem = {
      energyCapacity: 4000,
      ratedChargePower: 2000,
      ratedDischargePower: 2000,
      start: "2026-06-10T22:00:00Z",
      end: "2026-07-10T22:00:00Z",
      deliveryZone: "10YDE-VE-------2",
      chargeEfficiency: 0.943,
      dischargeEfficiency: 0.943,
    };
    const row = (id: string, virtualAssetId: string | null) => ({
      id,
      start_at: "2026-06-01T09:00:00.000Z",
      end_at: "2026-06-01T10:00:00.000Z",
      item: JSON.stringify(oldItem),
      status: virtualAssetId ? ("DECIDED" as const) : ("NOT_STARTED" as const),
      winner_organisation_id: virtualAssetId ? org.id : null,
      winning_price_cents: virtualAssetId ? 100 : null,
      virtual_asset_id: virtualAssetId,
      decided_at: virtualAssetId ? "2026-06-01T10:00:00.000Z" : null,
      created_at: "2026-06-01T08:00:00.000Z",
    });
    await h.db.kysely
      .insertInto("internal_auctions")
      .values([row("a-open", null), row("a-won", ids[2]!)])
      .execute();

    await up(h.db.kysely);

    const zones = await h.db.kysely.selectFrom("virtual_assets").select(["id", "delivery_zone"]).execute();
    expect(ids.map((id) => zones.find((z) => z.id === id)?.delivery_zone)).toEqual([
      "Amprion",
      "TenneT",
      "50Hertz",
      "TransnetBW",
    ]);
    const items = await h.db.kysely.selectFrom("internal_auctions").select(["id", "item"]).orderBy("id").execute();
    const [open, won] = items.map((i) => JSON.parse(i.item));
    expect(won).toEqual({
      ...oldItem,
      id: ids[2],
      deliveryZone: "50Hertz",
      initialSoC: 0.5,
      lastSoCTarget: 0.5,
      finalSoCTolerance: 0.01,
      dailyCycleLimit: 2,
    });
    expect(open.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(open.deliveryZone).toBe("50Hertz");
    // running it again changes nothing
    await up(h.db.kysely);
    const again = await h.db.kysely.selectFrom("internal_auctions").select(["id", "item"]).orderBy("id").execute();
    expect(again).toEqual(items);
  });
});

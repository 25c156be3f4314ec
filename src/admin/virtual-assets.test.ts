import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { createVirtualAsset, updateVirtualAsset } from "./virtual-assets.js";

describe.each(DIALECTS)("admin virtual assets: delivery zone (%s)", (dialect) => {
  let h: Harness;
  let org: string;
  const base = { energyKwh: 100, powerKw: 50, start: "2026-06-10", end: "2026-06-11" };
  const zoneOf = async (id: string) =>
    (
      await h.db.kysely
        .selectFrom("virtual_assets")
        .select("delivery_zone")
        .where("id", "=", id)
        .executeTakeFirstOrThrow()
    ).delivery_zone;
  beforeAll(async () => {
    h = await createHarness(dialect);
    org = (await h.org("provider")).id;
  });
  afterAll(() => h.close());

  it("stores a control area's name, reading an EIC area code as its name, and 50Hertz by default", async () => {
    const ctx = { db: h.db, now: h.clock.now() };
    const named = await createVirtualAsset(ctx, { organisationId: org, ...base, deliveryZone: "TenneT" });
    const coded = await createVirtualAsset(ctx, { organisationId: org, ...base, deliveryZone: "10YDE-ENBW-----N" });
    const plain = await createVirtualAsset(ctx, { organisationId: org, ...base, eicCode: "11XTEST-0000001" });
    expect(await zoneOf(named.virtualAsset.spec.id)).toBe("TenneT");
    expect(await zoneOf(coded.virtualAsset.spec.id)).toBe("TransnetBW");
    expect(await zoneOf(plain.virtualAsset.spec.id)).toBe("50Hertz");
    await updateVirtualAsset(ctx, named.virtualAsset.spec.id, { deliveryZone: "10YDE-RWENET---I" });
    expect(await zoneOf(named.virtualAsset.spec.id)).toBe("Amprion");
  });

  it("refuses a delivery zone that is no control area, listing them, and stores nothing", async () => {
    const ctx = { db: h.db, now: h.clock.now() };
    const count = async () => (await h.db.kysely.selectFrom("virtual_assets").select("id").execute()).length;
    const before = await count();
    await expect(createVirtualAsset(ctx, { organisationId: org, ...base, deliveryZone: "Bavaria" })).rejects.toThrow(
      "50Hertz, Amprion, TenneT, TransnetBW",
    );
    expect(await count()).toBe(before);
    const existing = await createVirtualAsset(ctx, { organisationId: org, ...base });
    await expect(updateVirtualAsset(ctx, existing.virtualAsset.spec.id, { deliveryZone: "tennet" })).rejects.toThrow(
      "not a control area",
    );
    expect(await zoneOf(existing.virtualAsset.spec.id)).toBe("50Hertz");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { createFixture, type Fixture, utc } from "./test-fixtures.js";

const QH = 900_000;
const slots = (fromIso: string, n: number, power: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => ({
    power: power(i),
    time: new Date(utc(fromIso) + i * QH).toISOString().replace(".000Z", "Z"),
  }));

describe.each(DIALECTS)("blocks, happy path (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h);
  });
  afterAll(() => h.close());

  const get = (url: string, fx = f) => h.app.inject({ method: "GET", url, headers: fx.org.auth });
  const put = (schedule: unknown, fx = f, query = "") =>
    h.app.inject({
      method: "PUT",
      url: `${fx.base}/blocks/${fx.blockId}${query}`,
      headers: fx.org.auth,
      payload: { schedule },
    });

  it("lists the blocks with power capacity and a zero schedule over now − 24 h … now + 48 h", async () => {
    const res = await get(`${f.base}/blocks`);
    expect(res.statusCode).toBe(200);
    const [block] = res.json();
    expect(block).toMatchObject({
      id: f.blockId,
      start: "2026-05-24T22:00:00Z",
      end: "2026-06-30T22:00:00Z",
      ratedChargePower: 2000,
      ratedDischargePower: 2000,
      unitsPower: "kW",
    });
    expect(block.schedule).toHaveLength(289);
    expect(block.schedule[0]).toEqual({ time: "2026-05-31T08:00:00Z", power: 0 });
    expect(block.schedule[288]).toEqual({ time: "2026-06-03T08:00:00Z", power: 0 });
    expect(block.powerCapacity[0]).toEqual({
      time: "2026-05-31T08:00:00Z",
      chargePowerCapacity: 2000,
      dischargePowerCapacity: 2000,
      ratedChargePowerCapacity: 2000,
      ratedDischargePowerCapacity: 2000,
    });
  });

  it("selects the slots of [start, end] greedily, both bounds included, up to the block's lifetime", async () => {
    const one = await get(`${f.base}/blocks/${f.blockId}?start=2026-06-17T00:00:00Z&end=2026-06-17T00:30:00Z`);
    expect(one.json().schedule.map((p: { time: string }) => p.time)).toEqual([
      "2026-06-17T00:00:00Z",
      "2026-06-17T00:15:00Z",
      "2026-06-17T00:30:00Z",
    ]);
    const inside = await get(`${f.base}/blocks/${f.blockId}?start=2026-06-17T00:05:00Z&end=2026-06-17T00:20:00Z`);
    expect(inside.json().schedule.map((p: { time: string }) => p.time)).toEqual(["2026-06-17T00:15:00Z"]);
    const edge = await get(`${f.base}/blocks/${f.blockId}?start=2026-06-30T21:00:00Z&end=2026-07-05T00:00:00Z`);
    expect(edge.json().schedule.map((p: { time: string }) => p.time)).toEqual([
      "2026-06-30T21:00:00Z",
      "2026-06-30T21:15:00Z",
      "2026-06-30T21:30:00Z",
      "2026-06-30T21:45:00Z",
    ]);
    const before = await get(`${f.base}/blocks/${f.blockId}?start=2026-01-01T00:00:00Z&end=2026-01-02T00:00:00Z`);
    expect(before.json()).toMatchObject({ schedule: [], powerCapacity: [] });
  });

  it("updates a day (96 slots) in one go and answers the block showing the new schedule", async () => {
    const g = await createFixture(h);
    const day = slots("2026-06-10T22:00:00Z", 96, (i) => (i < 8 ? -1000 : i < 16 ? 1000 : 0));
    const res = await put(day, g);
    expect(res.statusCode, res.body).toBe(200);
    const block = res.json();
    expect(block.id).toBe(g.blockId);
    const byTime = new Map(block.schedule.map((p: { time: string; power: number }) => [p.time, p.power]));
    expect(byTime.get("2026-06-10T22:00:00Z")).toBe(-1000);
    expect(byTime.get("2026-06-11T00:00:00Z")).toBe(1000);
    expect(byTime.get("2026-06-11T22:00:00Z")).toBeUndefined();
    // The default window (now − 24 h … now + 48 h) is still shown.
    expect(block.schedule[0].time).toBe("2026-05-31T08:00:00Z");
    const again = await get(`${g.base}/blocks/${g.blockId}?start=2026-06-10T22:00:00Z&end=2026-06-11T21:45:00Z`, g);
    expect(again.json().schedule).toEqual(day);
    // Stored compactly: the day falls in one 96-slot chunk (the block starts at a Berlin midnight = 22:00Z).
    const chunks = await h.db.kysely
      .selectFrom("block_schedule_chunks")
      .selectAll()
      .where("block_id", "=", g.blockId)
      .execute();
    expect(chunks).toHaveLength(1);
  });

  it("keeps the slots an update does not name, and accepts re-sending a frozen slot's value", async () => {
    const g = await createFixture(h);
    expect(
      (
        await put(
          slots("2026-06-05T10:00:00Z", 2, () => -500),
          g,
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await put(
          slots("2026-06-05T10:15:00Z", 1, () => 300),
          g,
        )
      ).statusCode,
    ).toBe(200);
    const res = await get(`${g.base}/blocks/${g.blockId}?start=2026-06-05T10:00:00Z&end=2026-06-05T10:15:00Z`, g);
    expect(res.json().schedule).toEqual([
      { time: "2026-06-05T10:00:00Z", power: -500 },
      { time: "2026-06-05T10:15:00Z", power: 300 },
    ]);
    // 08:00 is being delivered: frozen, but sending its current value (0) is fine.
    const frozenSame = await put([{ time: "2026-06-01T08:00:00Z", power: 0 }], g);
    expect(frozenSame.statusCode, frozenSame.body).toBe(200);
    // The gate of 08:15 closes at 08:07 (480 s before): at 08:00 it is still open.
    const open = await put([{ time: "2026-06-01T08:15:00Z", power: 100 }], g);
    expect(open.statusCode, open.body).toBe(200);
  });

  it("lets an asset end balanced: charging then discharging the same energy", async () => {
    const g = await createFixture(h, { chargeEfficiency: 1, dischargeEfficiency: 1 });
    const res = await put(
      slots("2026-06-03T00:00:00Z", 8, (i) => (i < 4 ? -1000 : 1000)),
      g,
    );
    expect(res.statusCode).toBe(200);
    const asset = (await get(g.base, g)).json();
    expect(asset).toMatchObject({ endStateOfChargePercentage: 50, imbalanceCharge: 0, imbalanceDischarge: 0 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBlock } from "../../db/repositories/virtual-battery/blocks.js";
import { newUuid } from "../../ids.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { addAsset, createFixture, expectRejected, type Fixture, utc } from "./test-fixtures.js";

describe.each(DIALECTS)("blocks, errors (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h);
  });
  afterAll(() => h.close());

  const put = (schedule: unknown, blockId = f.blockId) => ({
    method: "PUT" as const,
    url: `${f.base}/blocks/${blockId}`,
    headers: f.org.auth,
    payload: { schedule },
  });
  const ok = (time: string, power = 100) => ({ time, power });

  it.each([
    ["a time that is not RFC 3339", [ok("2026-06-05 10:00")], "slot_invalid", "schedule[0].time"],
    ["a time off the quarter-hour", [ok("2026-06-05T10:07:00Z")], "slot_invalid", "schedule[0].time"],
    ["a slot outside the block", [ok("2026-07-01T10:00:00Z")], "slot_outside_block", "schedule[0].time"],
    ["a slot before the block", [ok("2026-05-24T21:45:00Z")], "slot_outside_block", "schedule[0].time"],
    ["a slot twice", [ok("2026-06-05T10:00:00Z"), ok("2026-06-05T10:00:00Z", 5)], "slot_duplicate", "schedule[1].time"],
    ["a fraction of a kW", [ok("2026-06-05T10:00:00Z", 1.5)], "power_invalid", "schedule[0].power"],
    ["more discharge than the capacity", [ok("2026-06-05T10:00:00Z", 2001)], "power_out_of_range", "schedule[0].power"],
    ["more charge than the capacity", [ok("2026-06-05T10:00:00Z", -2001)], "power_out_of_range", "schedule[0].power"],
    ["a slot within the gate closure", [ok("2026-06-01T08:00:00Z")], "slot_frozen", "schedule[0].power"],
    ["a slot being delivered", [ok("2026-06-01T07:45:00Z")], "slot_frozen", "schedule[0].power"],
  ])("rejects %s with its code and field, storing nothing", async (_name, schedule, error, field) => {
    await expectRejected(h, put(schedule), { error, field });
  });

  it("freezes a slot once its gate (dispatchGateClosureSeconds before it) has passed", async () => {
    h.clock.set(utc("2026-06-01T08:07:00.001Z")); // 1 ms after 08:15 − 480 s
    await expectRejected(h, put([ok("2026-06-01T08:15:00Z")]), { error: "slot_frozen", field: "schedule[0].power" });
    h.clock.set(utc("2026-06-01T08:07:00Z")); // updates for 08:15 may be posted until 08:07:00
    const res = await h.app.inject(put([ok("2026-06-01T08:15:00Z", 50)]));
    expect(res.statusCode).toBe(200);
    h.clock.set(utc("2026-06-01T08:00:00Z"));
  });

  it("rejects the WHOLE update naming the first bad slot when the state of energy would leave its limits", async () => {
    // 2000 kW of charge stores 471.5 kWh a slot: from 2000 kWh the fifth slot passes 4000 kWh.
    const schedule = Array.from({ length: 6 }, (_, i) =>
      ok(new Date(utc("2026-06-05T10:00:00Z") + i * 900_000).toISOString(), -2000),
    );
    const body = await expectRejected(h, put(schedule), {
      error: "state_of_energy_out_of_bounds",
      field: "schedule[4].power",
    });
    expect(body.message).toContain("upper");
  });

  it("refuses to schedule a block of an ancillary market", async () => {
    const id = newUuid();
    await insertBlock(h.db.kysely, {
      id,
      virtualAssetId: f.assetId,
      start: utc("2026-06-05T22:00:00Z"),
      end: utc("2026-06-06T22:00:00Z"),
      market: "FCR",
      ratedChargePowerKw: 1000,
      ratedDischargePowerKw: 1000,
      createdAt: h.clock.now(),
    });
    await expectRejected(h, put([ok("2026-06-06T10:00:00Z")], id), { error: "block_not_writable" });
    await h.db.kysely.deleteFrom("blocks").where("id", "=", id).execute();
  });

  it.each([
    ["no schedule", {}, "schedule"],
    ["a power as a string", { schedule: [{ time: "2026-06-05T10:00:00Z", power: "100" }] }, "schedule[0].power"],
    ["a missing time", { schedule: [{ power: 100 }] }, "schedule[0].time"],
    ["a schedule that is not an array", { schedule: { time: "x" } }, "schedule"],
  ])("rejects a body with %s as validation_failed", async (_name, payload, field) => {
    await expectRejected(
      h,
      { method: "PUT", url: `${f.base}/blocks/${f.blockId}`, headers: f.org.auth, payload },
      { error: "validation_failed", field },
    );
  });

  it("answers malformed JSON with 400 invalid_json", async () => {
    const res = await h.app.inject({
      method: "PUT",
      url: `${f.base}/blocks/${f.blockId}`,
      headers: { ...f.org.auth, "content-type": "application/json" },
      payload: '{"schedule": [',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("invalid_json");
  });

  it.each([
    ["start=yesterday", "validation_failed", "start"],
    ["end=2026-06-05", "validation_failed", "end"],
    ["start=2026-06-05T10:00:00Z&end=2026-06-05T09:00:00Z", "interval_invalid", "start"],
  ])("rejects the query %s", async (query, error, field) => {
    for (const url of [`${f.base}/blocks?${query}`, `${f.base}/blocks/${f.blockId}?${query}`]) {
      await expectRejected(h, { method: "GET", url, headers: f.org.auth }, { error, field });
    }
  });

  it("answers 404 for an unknown block and for a block of another of the organisation's assets", async () => {
    const other = await addAsset(h, f.org);
    for (const blockId of ["no-such-block", other.blockId]) {
      const get = await h.app.inject({ url: `${f.base}/blocks/${blockId}`, headers: f.org.auth });
      expect(get.statusCode).toBe(404);
      const res = await h.app.inject(put([ok("2026-06-05T10:00:00Z")], blockId));
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe("not_found");
    }
  });
});

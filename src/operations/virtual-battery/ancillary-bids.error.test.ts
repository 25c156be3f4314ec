import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAncillaryResults } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import {
  afrrCapacity,
  afrrEnergy,
  fcr,
  getBids,
  getResults,
  postBids,
  submitAll,
  summerDay,
} from "./ancillary-fixtures.js";
import { createFixture, expectRejected, type Fixture, utc } from "./test-fixtures.js";

const DAY = "2026-06-03";
const BIG = { powerKw: 5000, energyKwh: 10000 };

describe.each(DIALECTS)("ancillary bids, errors (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    // Tokens valid for 30 days of the test clock: the gate tests move it.
    h = await createHarness(dialect, { accessTokenTtlSeconds: 30 * 86_400 });
    f = await createFixture(h, BIG);
  });
  afterAll(() => h.close());

  const post = (body: unknown, fx = f) => ({
    method: "POST" as const,
    url: `${fx.base}/ancillary/bids`,
    headers: fx.org.auth,
    payload: body as object,
  });

  describe("POST: every rule answers 400 with its code and field and stores nothing", () => {
    it.each([
      ["an empty array", [], "validation_failed", "body"],
      ["an object instead of an array", { product: "NEGPOS_00_04" }, "validation_failed", "body"],
      [
        "a product without deliveryDay",
        [{ product: "NEGPOS_00_04", bids: [{ offeredCapacity: 1000, capacityPrice: 1 }] }],
        "validation_failed",
        "[0].deliveryDay",
      ],
      ["no bids", [{ product: "NEGPOS_00_04", deliveryDay: DAY, bids: [] }], "validation_failed", "[0].bids"],
      [
        "a capacity as a string",
        [fcr("NEGPOS_00_04", DAY, { offeredCapacity: "2000" })],
        "validation_failed",
        "[0].bids[0].offeredCapacity",
      ],
      ["an impossible date", [fcr("NEGPOS_00_04", "2026-02-30")], "delivery_day_invalid", "[0].deliveryDay"],
      ["a German date", [fcr("NEGPOS_00_04", "03.06.2026")], "delivery_day_invalid", "[0].deliveryDay"],
      ["an unknown product", [fcr("NEGPOS_01_05", DAY)], "product_unknown", "[0].product"],
      ["a lower-case product", [fcr("negpos_00_04", DAY)], "product_unknown", "[0].product"],
      ["quarter-hour 97 on a normal day", [afrrEnergy("POS_097", DAY)], "product_unknown", "[0].product"],
      [
        "FCR and aFRR together",
        [fcr("NEGPOS_00_04", DAY), afrrCapacity("POS_00_04", DAY)],
        "markets_mixed",
        "[1].product",
      ],
      ["a product twice", [fcr("NEGPOS_00_04", DAY), fcr("NEGPOS_00_04", DAY)], "duplicate_product", "[1].product"],
      [
        "two bids for one product",
        [{ ...fcr("NEGPOS_00_04", DAY), bids: [fcr("x", DAY).bids[0], fcr("x", DAY).bids[0]] }],
        "duplicate_product",
        "[0].bids[1]",
      ],
      [
        "an energy bid its capacity bid already covers",
        [afrrCapacity("POS_00_04", DAY), afrrEnergy("POS_003", DAY)],
        "duplicate_product",
        "[1].product",
      ],
      [
        "a day after the asset's lifetime",
        [afrrEnergy("POS_001", "2026-07-01")],
        "product_outside_lifetime",
        "[0].deliveryDay",
      ],
      [
        "a day before the asset's lifetime",
        [afrrEnergy("POS_001", "2026-05-24")],
        "product_outside_lifetime",
        "[0].deliveryDay",
      ],
      ["FCR more than 7 days ahead", [fcr("NEGPOS_00_04", "2026-06-09")], "delivery_day_too_far", "[0].deliveryDay"],
      ["FCR after its gate (D-1 07:30)", [fcr("NEGPOS_20_24", "2026-06-02")], "gate_closed", "[0].product"],
      [
        "aFRR capacity after its gate (D-1 08:30)",
        [afrrCapacity("NEG_20_24", "2026-06-02")],
        "gate_closed",
        "[0].product",
      ],
      [
        "aFRR energy 25 minutes before its quarter-hour",
        [afrrEnergy("POS_042", "2026-06-01")],
        "gate_closed",
        "[0].product",
      ],
      [
        "a negative capacity",
        [fcr("NEGPOS_00_04", DAY, { offeredCapacity: -1000 })],
        "capacity_invalid",
        "[0].bids[0].offeredCapacity",
      ],
      [
        "less than 1 MW",
        [fcr("NEGPOS_00_04", DAY, { offeredCapacity: 999.9 })],
        "capacity_below_minimum",
        "[0].bids[0].offeredCapacity",
      ],
      [
        "a fraction of a MW",
        [fcr("NEGPOS_00_04", DAY, { offeredCapacity: 1500 })],
        "capacity_not_whole_mw",
        "[0].bids[0].offeredCapacity",
      ],
      [
        "an FCR energyPrice",
        [fcr("NEGPOS_00_04", DAY, { energyPrice: 10 })],
        "price_field_invalid",
        "[0].bids[0].energyPrice",
      ],
      [
        "an FCR bid without capacityPrice",
        [fcr("NEGPOS_00_04", DAY, { capacityPrice: null })],
        "price_field_invalid",
        "[0].bids[0].capacityPrice",
      ],
      [
        "an aFRR capacity bid without energyPrice",
        [afrrCapacity("POS_00_04", DAY, { energyPrice: null })],
        "price_field_invalid",
        "[0].bids[0].energyPrice",
      ],
      [
        "an aFRR energy capacityPrice",
        [afrrEnergy("POS_001", DAY, { capacityPrice: 5 })],
        "price_field_invalid",
        "[0].bids[0].capacityPrice",
      ],
      [
        "a price with 3 decimals",
        [fcr("NEGPOS_00_04", DAY, { capacityPrice: 100.125 })],
        "price_field_invalid",
        "[0].bids[0].capacityPrice",
      ],
      [
        "a price above 15,000 EUR",
        [fcr("NEGPOS_00_04", DAY, { capacityPrice: 15000.01 })],
        "price_out_of_range",
        "[0].bids[0].capacityPrice",
      ],
      [
        "a price below −15,000 EUR",
        [afrrEnergy("NEG_001", DAY, { energyPrice: -15000.01 })],
        "price_out_of_range",
        "[0].bids[0].energyPrice",
      ],
      [
        "FCR above 80 % of the rated power",
        [fcr("NEGPOS_00_04", DAY, { offeredCapacity: 5000 })],
        "capacity_exceeds_asset",
        "[0].bids[0].offeredCapacity",
      ],
      [
        "more aFRR power than the asset has",
        [afrrEnergy("POS_001", DAY, { offeredCapacity: 6000 })],
        "capacity_exceeds_asset",
        "[0].bids[0].offeredCapacity",
      ],
    ])("rejects %s", async (_name, body, error, field) => {
      await expectRejected(h, post(body), { error, field });
    });

    it("accepts the gates up to the last millisecond, and closes them exactly on time", async () => {
      const g = await createFixture(h, BIG);
      // FCR for 2026-06-03 closes 2026-06-02 07:30 Berlin = 05:30Z.
      h.clock.set(utc("2026-06-02T05:30:00Z"));
      try {
        await expectRejected(h, post([fcr("NEGPOS_00_04", DAY)], g), { error: "gate_closed", field: "[0].product" });
        // aFRR energy POS_045 (11:00 Berlin) closes at 10:35 Berlin = 08:35Z.
        h.clock.set(utc("2026-06-03T08:35:00Z"));
        await expectRejected(h, post([afrrEnergy("POS_045", DAY)], g), { error: "gate_closed", field: "[0].product" });
        h.clock.set(utc("2026-06-03T08:34:59.999Z"));
        expect((await h.app.inject(post([afrrEnergy("POS_045", DAY)], g))).statusCode).toBe(201);
        h.clock.set(utc("2026-06-02T05:29:59.999Z"));
        expect((await h.app.inject(post([fcr("NEGPOS_00_04", DAY)], g))).statusCode).toBe(201);
      } finally {
        h.clock.set(T0);
      }
    });

    it("keeps FCR within the energy held in reserve both ways (15 minutes at full power)", async () => {
      // 5 MW / 1.4 MWh: 80 % allows 4 MW, but 3 MW × 15 min = 750 kWh > 700 kWh (half the capacity).
      const small = await createFixture(h, { powerKw: 5000, energyKwh: 1400 });
      await expectRejected(h, post([fcr("NEGPOS_00_04", DAY, { offeredCapacity: 3000 })], small), {
        error: "capacity_exceeds_asset",
        field: "[0].bids[0].offeredCapacity",
      });
      expect((await h.app.inject(post([fcr("NEGPOS_00_04", DAY, { offeredCapacity: 2000 })], small))).statusCode).toBe(
        201,
      );
    });

    it("counts the asset's other bids at every quarter-hour", async () => {
      const g = await createFixture(h, { powerKw: 2000, energyKwh: 4000 });
      expect((await h.app.inject(post([fcr("NEGPOS_08_12", DAY, { offeredCapacity: 1000 })], g))).statusCode).toBe(201);
      // FCR holds 1 MW both ways 08:00–12:00 Berlin: 2 MW of aFRR in quarter-hour 40 would make 3 MW.
      await expectRejected(h, post([afrrEnergy("NEG_040", DAY, { offeredCapacity: 2000 })], g), {
        error: "capacity_exceeds_asset",
        field: "[0].bids[0].offeredCapacity",
      });
      expect((await h.app.inject(post([afrrEnergy("NEG_040", DAY, { offeredCapacity: 1000 })], g))).statusCode).toBe(
        201,
      );
    });

    it("refuses to replace a pending bid, and its implicit energy bids", async () => {
      const g = await createFixture(h, BIG);
      expect((await h.app.inject(post([fcr("NEGPOS_04_08", DAY)], g))).statusCode).toBe(201);
      await expectRejected(h, post([fcr("NEGPOS_04_08", DAY, { capacityPrice: 1 })], g), {
        error: "bid_pending",
        field: "[0].product",
      });
      expect((await h.app.inject(post([afrrCapacity("POS_16_20", DAY)], g))).statusCode).toBe(201);
      await expectRejected(h, post([afrrEnergy("POS_070", DAY, { offeredCapacity: 2000 })], g), {
        error: "bid_pending",
        field: "[0].product",
      });
      await submitAll(h);
      expect((await h.app.inject(post([fcr("NEGPOS_04_08", DAY, { capacityPrice: 1 })], g))).statusCode).toBe(201);
    });

    it("never lowers the capacity of an implicit energy bid while its capacity bid stands", async () => {
      const g = await createFixture(h, BIG);
      const capacityId = (await postBids(h, g, [afrrCapacity("NEG_00_04", DAY)])).json()[0].bids[0].bidID;
      await submitAll(h);
      // No result yet: treated as accepted.
      await expectRejected(h, post([afrrEnergy("NEG_005", DAY, { offeredCapacity: 1000 })], g), {
        error: "implicit_capacity_reduced",
        field: "[0].bids[0].offeredCapacity",
      });
      await recordAncillaryResults(h.db.kysely, [{ bidId: capacityId, accepted: true, decidedAt: T0 }]);
      await expectRejected(h, post([afrrEnergy("NEG_005", DAY, { offeredCapacity: 1000 })], g), {
        error: "implicit_capacity_reduced",
        field: "[0].bids[0].offeredCapacity",
      });
    });

    it("answers 404 for an unknown virtual asset and 400 for malformed JSON, never a 500", async () => {
      const res = await h.app.inject(
        post([fcr("NEGPOS_00_04", DAY)], { ...f, base: `/organisations/${f.org.id}/virtual-assets/nope` }),
      );
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe("not_found");
      const bad = await h.app.inject({
        method: "POST",
        url: `${f.base}/ancillary/bids`,
        headers: { ...f.org.auth, "content-type": "application/json" },
        payload: "[{",
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toBe("invalid_json");
      const huge = await h.app.inject(post(Array.from({ length: 2001 }, () => afrrEnergy("POS_050", DAY))));
      expect(huge.statusCode).toBe(400);
      for (const weird of [null, 1, "x", [null], [[]], [{ product: 1, deliveryDay: 2, bids: [{}] }]]) {
        const r = await h.app.inject(post(weird));
        expect(r.statusCode, JSON.stringify(weird)).toBe(400);
      }
    });
  });

  describe("GET bids and results: the query contract", () => {
    const day = summerDay(DAY);
    it.each([
      ["no start", "end=2026-06-03T22:00:00Z", "validation_failed", "start"],
      ["no end", "start=2026-06-02T22:00:00Z", "validation_failed", "end"],
      ["a start that is not RFC 3339", "start=2026-06-02&end=2026-06-03T22:00:00Z", "validation_failed", "start"],
      ["an end that is not RFC 3339", "start=2026-06-02T22:00:00Z&end=tomorrow", "validation_failed", "end"],
      ["start after end", "start=2026-06-04T00:00:00Z&end=2026-06-03T00:00:00Z", "interval_invalid", "start"],
      ["start equal to end", "start=2026-06-04T00:00:00Z&end=2026-06-04T00:00:00Z", "interval_invalid", "start"],
      ["more than 366 delivery days", "start=2026-01-01T00:00:00Z&end=2027-02-01T00:00:00Z", "interval_invalid", "end"],
      ["a lower-case market", `${day}&markets=fcr`, "validation_failed", "markets"],
      ["an unknown market", `${day}&markets=FCR,aFRR`, "validation_failed", "markets"],
      ["an empty market list", `${day}&markets=`, "validation_failed", "markets"],
      ["a market given twice", `${day}&markets=FCR&markets=AFRREnergy`, "validation_failed", "markets"],
      ["a lower-case direction", `${day}&productDirections=pos`, "validation_failed", "productDirections"],
      ["a list with a space", `${day}&productDirections=POS,%20NEG`, "validation_failed", "productDirections"],
    ])("rejects %s", async (_name, query, error, field) => {
      for (const path of ["bids", "results"]) {
        const body = await expectRejected(
          h,
          { method: "GET", url: `${f.base}/ancillary/${path}?${query}`, headers: f.org.auth },
          { error, field },
        );
        if (error === "validation_failed") expect(body.message).toContain(field);
      }
    });

    it("accepts every documented option, alone and together", async () => {
      for (const q of [
        "markets=FCR,AFRREnergy,AFRRCapacity",
        "productDirections=NEGPOS,POS,NEG",
        "markets=AFRREnergy&productDirections=POS",
      ]) {
        expect((await getBids(h, f, `${day}&${q}`)).statusCode).toBe(200);
        expect((await getResults(h, f, `${day}&${q}`)).statusCode).toBe(200);
      }
    });
  });
});

/**
 * The eight ballot rules of docs/domain.md §1 through HTTP: each broken rule answers 400 with its code and the field it
 * names, and stores nothing (every marketplace table is compared before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ASSETS_PER_BALLOT, MAX_BIDS_PER_BALLOT, MAX_ID_LENGTH } from "../../domain/limits.js";
import { DAY_MS } from "../../domain/time.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import {
  AFTER_CLOSE,
  actor,
  BATTERY,
  ballotBody,
  call,
  competitionBody,
  type Market,
  ok,
  setupMarket,
  snapshot,
} from "./test-support.js";

async function tokenOf(h: Harness, m: Market) {
  const { token } = await h.token(m.provider.id, "provider");
  return { authorization: `Bearer ${token}` };
}

describe.each(DIALECTS)("ballots, error path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
  });
  afterAll(() => h.close());

  const url = () => `/bids/v1/competitions/${m.competitionId}/ballots/`;
  const bid = (overrides: Record<string, unknown> = {}) => ({ ...ballotBody(m).bids[0], ...overrides });

  /** Posts the body, expects 400 with the code and field, and that no table changed. */
  async function rejected(body: unknown, code: string, field: string | undefined, path = url()) {
    const before = await snapshot(h);
    const res = await call(h, "POST", path, m.provider, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toBe(code);
    expect(res.body.field).toBe(field);
    expect(res.body.message).toEqual(expect.any(String));
    expect(await snapshot(h)).toEqual(before);
  }

  describe("rule 1: the competition is open", () => {
    it("refuses a ballot before bidding opens", async () => {
      const saved = h.clock.now();
      h.clock.set(Date.parse(m.competition.open) - 1);
      try {
        await rejected(ballotBody(m), "competition_not_open", undefined);
      } finally {
        h.clock.set(saved);
      }
    });

    it("refuses a ballot at and after close", async () => {
      const saved = h.clock.now();
      try {
        h.clock.set(Date.parse(m.competition.closed));
        await rejected(ballotBody(m), "competition_not_open", undefined);
        h.clock.set(AFTER_CLOSE);
        await rejected(ballotBody(m), "competition_not_open", undefined);
      } finally {
        h.clock.set(saved);
      }
    });

    it("answers 404 for an unknown competition and 400 for a body naming another competition", async () => {
      const before = await snapshot(h);
      const res = await call(h, "POST", "/bids/v1/competitions/nope123/ballots/", m.provider, ballotBody(m));
      expect(res.status).toBe(404);
      expect(res.body.error).toBe("not_found");
      expect(await snapshot(h)).toEqual(before);
      await rejected(ballotBody(m, { competition_id: "other" }), "competition_id_mismatch", "competition_id");
    });

    it("answers 404 for a draft competition the provider cannot see", async () => {
      const draft = await ok(h, "POST", "/so/v1/competitions/", m.so, {
        ...competitionBody(),
        qualification_open: new Date(h.clock.now() + DAY_MS).toISOString(),
        qualification_closed: new Date(h.clock.now() + 2 * DAY_MS).toISOString(),
        open: new Date(h.clock.now() + 2 * DAY_MS).toISOString(),
        closed: new Date(h.clock.now() + 5 * DAY_MS).toISOString(),
      });
      const res = await call(h, "POST", `/bids/v1/competitions/${draft.id}/ballots/`, m.provider, {
        ...ballotBody(m),
        competition_id: draft.id,
      });
      expect(res.status).toBe(404);
    });
  });

  describe("rule 2: exactly the competition type's rate types", () => {
    it("refuses a missing rate type", async () => {
      await rejected(
        ballotBody(m, { bids: [bid({ rates: [{ type: "availability", value: "12.50" }] })] }),
        "rate_types_mismatch",
        "bids[0].rates",
      );
    });
    it("refuses a rate type the competition does not take", async () => {
      await rejected(
        ballotBody(m, {
          bids: [
            bid({
              rates: [
                { type: "availability", value: "12.50" },
                { type: "utilisation", value: "250.00" },
                { type: "service_fee", value: "10.00" },
              ],
            }),
          ],
        }),
        "rate_types_mismatch",
        "bids[0].rates[2].type",
      );
    });
    it("refuses a rate type given twice", async () => {
      await rejected(
        ballotBody(m, {
          bids: [
            bid({
              rates: [
                { type: "availability", value: "12.50" },
                { type: "availability", value: "13.50" },
                { type: "utilisation", value: "250.00" },
              ],
            }),
          ],
        }),
        "rate_types_mismatch",
        "bids[0].rates[1].type",
      );
    });
  });

  describe("rule 3: windows of this competition, one bid each", () => {
    it("refuses an unknown service window", async () => {
      await rejected(
        ballotBody(m, { bids: [bid({ service_window_id: "not-a-window" })] }),
        "service_window_unknown",
        "bids[0].service_window_id",
      );
    });
    it("refuses a service window of another competition", async () => {
      const other = await setupMarket(h);
      await rejected(
        ballotBody(m, { bids: [bid({ service_window_id: other.windowIds[0] })] }),
        "service_window_unknown",
        "bids[0].service_window_id",
      );
    });
    it("refuses two bids for the same window", async () => {
      await rejected(ballotBody(m, { bids: [bid(), bid()] }), "service_window_duplicate", "bids[1].service_window_id");
    });
  });

  describe("rule 4: capacity > 0, ≤ capacity_required, ≤ the assets", () => {
    it("refuses zero", async () => {
      await rejected(ballotBody(m, { bids: [bid({ capacity: "0.000" })] }), "capacity_invalid", "bids[0].capacity");
    });
    it("refuses more than the window's capacity_required", async () => {
      // window 1 requires 2.500 MW; the assets hold 4.500 MW
      await rejected(
        ballotBody(m, { bids: [bid({ service_window_id: m.windowIds[1], capacity: "2.501" })] }),
        "capacity_exceeds_required",
        "bids[0].capacity",
      );
    });
    it("refuses more than the ballot's assets hold", async () => {
      // window 0 requires 5.000 MW; battery 2.000 + demand turn-down 1.500 + planned 1.000 = 4.500 MW
      await rejected(
        ballotBody(m, { bids: [bid({ capacity: "4.501" })] }),
        "capacity_exceeds_assets",
        "bids[0].capacity",
      );
      // only the battery named: 2.000 MW
      await rejected(
        ballotBody(m, { bids: [bid({ capacity: "2.001" })], assets: { flex: [m.battery] } }),
        "capacity_exceeds_assets",
        "bids[0].capacity",
      );
    });
  });

  describe("rule 5: the caller's qualified assets", () => {
    it("refuses another provider's asset", async () => {
      const other = await actor(h, "provider");
      const saved = h.clock.now();
      const foreign = (await ok(h, "POST", "/assets/v1/", other, { ...BATTERY, ref: "FOREIGN" })).id;
      h.clock.set(saved);
      await rejected(ballotBody(m, { assets: { flex: [foreign] } }), "asset_not_qualified", "assets.flex[0]");
    });
    it("refuses an unknown asset and a flex id named as planned", async () => {
      await rejected(ballotBody(m, { assets: { flex: ["nope"] } }), "asset_not_qualified", "assets.flex[0]");
      await rejected(
        ballotBody(m, { assets: { flex: [m.battery], planned: [m.battery] } }),
        "asset_not_qualified",
        "assets.planned[0]",
      );
    });
    it("refuses a provider with no qualified, entered assets", async () => {
      const stranger = await actor(h, "provider");
      const before = await snapshot(h);
      const res = await call(h, "POST", url(), stranger, ballotBody(m));
      expect(res.body).toMatchObject({ error: "no_qualified_assets", field: "assets" });
      expect(res.status).toBe(400);
      expect(await snapshot(h)).toEqual(before);
    });
    it("refuses an own asset that was withdrawn from the competition", async () => {
      const rows = await ok(h, "GET", `/qualifications/v1/?competition_id=${m.competitionId}`, m.provider);
      const demandRow = rows.find((r: { asset_id: string }) => r.asset_id === m.demand);
      await ok(h, "PATCH", `/qualifications/v1/${demandRow.id}/`, m.provider, { status: "Withdrawn" });
      try {
        await rejected(
          ballotBody(m, { assets: { flex: [m.battery, m.demand] } }),
          "asset_not_qualified",
          "assets.flex[1]",
        );
      } finally {
        await ok(h, "PATCH", `/qualifications/v1/${demandRow.id}/`, m.provider, { status: "Entered" });
      }
    });
  });

  describe("rule 8: exact decimals and durations", () => {
    for (const capacity of ["-1.000", "NaN", "", "1.0001", "1e3", " 1.000"]) {
      it(`refuses capacity ${JSON.stringify(capacity)}`, async () => {
        await rejected(ballotBody(m, { bids: [bid({ capacity })] }), "decimal_invalid", "bids[0].capacity");
      });
    }
    it("refuses a JSON number where a decimal string or a duration belongs (the schema's judgement)", async () => {
      await rejected(ballotBody(m, { bids: [bid({ capacity: 1.5 })] }), "validation_failed", "bids[0].capacity");
      const rates = [
        { type: "availability", value: 12.5 },
        { type: "utilisation", value: "250.00" },
      ];
      await rejected(ballotBody(m, { bids: [bid({ rates })] }), "validation_failed", "bids[0].rates[0].value");
      await rejected(ballotBody(m, { bids: [bid({ max_runtime: 90 })] }), "validation_failed", "bids[0].max_runtime");
    });
    for (const value of ["12.505", "-1.00", "", "abc"]) {
      it(`refuses rate value ${JSON.stringify(value)}`, async () => {
        await rejected(
          ballotBody(m, {
            bids: [
              bid({
                rates: [
                  { type: "availability", value },
                  { type: "utilisation", value: "250.00" },
                ],
              }),
            ],
          }),
          "decimal_invalid",
          "bids[0].rates[0].value",
        );
      });
    }
    for (const maxRuntime of ["1:30", "01:60:00", "1 24:00:00", "00:00:00", "1X01:30:00", "", "-01:00:00"]) {
      it(`refuses max_runtime ${JSON.stringify(maxRuntime)}`, async () => {
        await rejected(
          ballotBody(m, { bids: [bid({ max_runtime: maxRuntime })] }),
          "max_runtime_invalid",
          "bids[0].max_runtime",
        );
      });
    }
  });

  describe("the body's shape", () => {
    it("refuses an empty bid list, a missing competition_id and a non-object", async () => {
      await rejected(ballotBody(m, { bids: [] }), "validation_failed", "bids");
      await rejected([], "validation_failed", "body");
      await rejected(ballotBody(m, { competition_id: undefined }), "validation_failed", "competition_id");
    });
    it("refuses malformed JSON with 400 and stores nothing", async () => {
      const before = await snapshot(h);
      const res = await h.app.inject({
        method: "POST",
        url: url(),
        headers: { ...(await tokenOf(h, m)), "content-type": "application/json" },
        payload: '{"competition_id": ',
      });
      expect(res.statusCode).toBe(400);
      expect(await snapshot(h)).toEqual(before);
    });
  });

  describe("size limits (docs/limits.md): one over a limit answers 400 naming the field", () => {
    it("refuses more asset ids, bids, rates or characters than the limits allow", async () => {
      const ids = (n: number) => Array.from({ length: n }, (_, i) => `asset-${i}`);
      await rejected(
        ballotBody(m, { assets: { flex: ids(MAX_ASSETS_PER_BALLOT + 1) } }),
        "validation_failed",
        "assets.flex",
      );
      await rejected(
        ballotBody(m, { assets: { flex: [m.battery], planned: ids(MAX_ASSETS_PER_BALLOT + 1) } }),
        "validation_failed",
        "assets.planned",
      );
      await rejected(
        ballotBody(m, { bids: Array.from({ length: MAX_BIDS_PER_BALLOT + 1 }, () => bid()) }),
        "validation_failed",
        "bids",
      );
      await rejected(
        ballotBody(m, { bids: [bid({ rates: [...(bid().rates ?? []), ...(bid().rates ?? [])] })] }),
        "validation_failed",
        "bids[0].rates",
      );
      await rejected(
        ballotBody(m, { assets: { flex: ["x".repeat(MAX_ID_LENGTH + 1)] } }),
        "validation_failed",
        "assets.flex[0]",
      );
      await rejected(
        ballotBody(m, { bids: [bid({ capacity: "1".repeat(33) })] }),
        "validation_failed",
        "bids[0].capacity",
      );
    });

    it("checks a ballot at the asset limit by the rules, not the limit", async () => {
      // At the limit the ids are judged one by one: the first is not the provider's (and is not listed twice).
      await rejected(
        ballotBody(m, { assets: { flex: Array.from({ length: MAX_ASSETS_PER_BALLOT }, (_, i) => `asset-${i}`) } }),
        "asset_not_qualified",
        "assets.flex[0]",
      );
    });
  });

  // Last: it leaves a ballot in place.
  describe("rule 6: the same asset set as the earlier ballot", () => {
    it("refuses a new ballot with another set of assets, and accepts the same set", async () => {
      const batteryOnly = ballotBody(m, { bids: [bid({ capacity: "2.000" })], assets: { flex: [m.battery] } });
      await ok(h, "POST", url(), m.provider, batteryOnly);
      await rejected(
        ballotBody(m, { bids: [bid({ capacity: "2.000" })], assets: { flex: [m.battery, m.demand] } }),
        "ballot_asset_set_changed",
        "assets",
      );
      // naming no assets means all qualified ones: also another set
      await rejected(ballotBody(m), "ballot_asset_set_changed", "assets");
      h.clock.advance(1000);
      const again = await call(h, "POST", url(), m.provider, batteryOnly);
      expect(again.status).toBe(201);
    });
  });
});

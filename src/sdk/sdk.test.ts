/**
 * The SDK against the real app over HTTP (demo data): both auth schemes, renewal before expiry and after a 401,
 * retries of idempotent calls on 429 / 503 honouring Retry-After, and typed errors naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../demo/seed.js";
import { DIALECTS } from "../testing/harness.js";
import {
  createFlexmarketClient,
  dataOf,
  FlexmarketError,
  IDEMPOTENT,
  jwtClaims,
  retryDelayMs,
  verifyWebhook,
} from "./index.js";
import { recordingFetch, startTestServer, type TestServer } from "./test-server.js";

const MARKETPLACE = { clientId: DEMO.provider.clientId, apiKey: DEMO.provider.apiKey };
const VIRTUAL_BATTERY = { username: DEMO.provider.username, password: DEMO.provider.password };

async function rejection(promise: Promise<unknown>): Promise<FlexmarketError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FlexmarketError) return error;
    throw error;
  }
  throw new Error("expected a FlexmarketError");
}

describe("retryDelayMs", () => {
  it("honours Retry-After in seconds and as an HTTP date, else backs off exponentially, always capped", () => {
    expect(retryDelayMs("2", 0, 0)).toBe(2000);
    expect(retryDelayMs(new Date(10_000).toUTCString(), 0, 4_000)).toBe(6000);
    expect(retryDelayMs(null, 0, 0, { baseDelayMs: 100 })).toBe(100);
    expect(retryDelayMs(null, 3, 0, { baseDelayMs: 100 })).toBe(800);
    expect(retryDelayMs("3600", 0, 0, { maxDelayMs: 5000 })).toBe(5000);
    expect(retryDelayMs(new Date(0).toUTCString(), 0, 60_000)).toBe(0);
  });
});

describe("the SDK re-exports webhook verification", () => {
  it("verifyWebhook is the webhooks module's function", () => {
    expect(typeof verifyWebhook).toBe("function");
  });
});

describe.each(DIALECTS)("SDK against the server (%s)", (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  it("authenticates with the API key once and reads typed marketplace data", async () => {
    const rec = recordingFetch();
    const fm = createFlexmarketClient({ baseUrl: s.baseUrl, marketplace: MARKETPLACE, fetch: rec.fetch });
    const opportunities = await dataOf(fm.api.GET("/bidding-opportunities/v1/"));
    expect(opportunities.map((o) => o.competition_type).sort()).toEqual([
      "Availability",
      "Availability & Utilisation",
      "Utilisation",
    ]);
    const competition = await dataOf(
      fm.api.GET("/competitions/v1/{id}/", { params: { path: { id: opportunities[0]!.competition_id } } }),
    );
    expect(competition.id).toBe(opportunities[0]!.competition_id);
    expect(rec.calls.filter((c) => c.path === "/authtoken/v1/")).toHaveLength(1);
    expect(rec.calls.filter((c) => c.path === "/competitions/v1/{id}/".replace("{id}", competition.id))).toEqual([
      expect.objectContaining({ authorization: expect.stringMatching(/^Bearer /) }),
    ]);
    expect(await fm.organisationId()).toBe(DEMO.provider.organisationId);
  });

  it("signs in with username and password for the virtual-battery paths", async () => {
    const rec = recordingFetch();
    const fm = createFlexmarketClient({ baseUrl: s.baseUrl, virtualBattery: VIRTUAL_BATTERY, fetch: rec.fetch });
    const org = await fm.organisationId();
    expect(org).toBe(DEMO.provider.organisationId);
    const assets = await dataOf(
      fm.api.GET("/organisations/{organisationID}/virtual-assets", { params: { path: { organisationID: org } } }),
    );
    expect(assets).toHaveLength(2);
    expect(rec.calls.map((c) => c.path)).toContain("/auth/public/authenticate");
  });

  it("uses the user token under /organisations/ and the API-key token elsewhere when both are configured", async () => {
    const rec = recordingFetch();
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: MARKETPLACE,
      virtualBattery: VIRTUAL_BATTERY,
      fetch: rec.fetch,
    });
    await dataOf(fm.api.GET("/bidding-opportunities/v1/"));
    await dataOf(
      fm.api.GET("/organisations/{organisationID}/virtual-assets", {
        params: { path: { organisationID: DEMO.provider.organisationId } },
      }),
    );
    const sub = (path: string) => {
      const header = rec.calls.find((c) => c.path === path)?.authorization ?? "";
      return jwtClaims(header.replace(/^Bearer /, "")).sub;
    };
    expect(sub("/bidding-opportunities/v1/")).toBe(DEMO.provider.clientId);
    expect(sub(`/organisations/${DEMO.provider.organisationId}/virtual-assets`)).not.toBe(DEMO.provider.clientId);
  });

  it("renews tokens a minute before they expire: the API key re-authenticates, the user refreshes", async () => {
    const rec = recordingFetch();
    let now = 1_000_000;
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: MARKETPLACE,
      virtualBattery: VIRTUAL_BATTERY,
      fetch: rec.fetch,
      now: () => now,
    });
    const ttlMs = s.h.config.accessTokenTtlSeconds * 1000;
    await fm.token("marketplace");
    await fm.token("virtualBattery");
    now += ttlMs - 61_000; // still more than a minute left: no renewal
    await fm.token("marketplace");
    await fm.token("virtualBattery");
    expect(rec.calls.map((c) => c.path)).toEqual(["/authtoken/v1/", "/auth/public/authenticate"]);
    now += 2_000; // inside the last minute: renew
    await fm.token("marketplace");
    await fm.token("virtualBattery");
    expect(rec.calls.map((c) => c.path)).toEqual([
      "/authtoken/v1/",
      "/auth/public/authenticate",
      "/authtoken/v1/",
      "/auth/public/refresh",
    ]);
  });

  it("authenticates once more after a 401 (a token expired on the server's real-time clock) and resends", async () => {
    const rec = recordingFetch();
    const fm = createFlexmarketClient({ baseUrl: s.baseUrl, marketplace: MARKETPLACE, fetch: rec.fetch });
    await dataOf(fm.api.GET("/bidding-opportunities/v1/"));
    const start = s.h.wallClock.now();
    s.h.wallClock.advance(s.h.config.accessTokenTtlSeconds * 1000 + 1000);
    try {
      const again = await dataOf(fm.api.GET("/competitions/v1/"));
      expect(Array.isArray(again)).toBe(true);
    } finally {
      s.h.wallClock.set(start);
    }
    expect(rec.calls.map((c) => c.path)).toEqual([
      "/authtoken/v1/",
      "/bidding-opportunities/v1/",
      "/competitions/v1/",
      "/authtoken/v1/",
      "/competitions/v1/",
    ]);
  });

  it("turns a 400 into a FlexmarketError naming the field, and stores nothing", async () => {
    const fm = createFlexmarketClient({ baseUrl: s.baseUrl, marketplace: MARKETPLACE });
    const [opportunity] = await dataOf(fm.api.GET("/bidding-opportunities/v1/"));
    const competition = await dataOf(
      fm.api.GET("/competitions/v1/{id}/", { params: { path: { id: opportunity!.competition_id } } }),
    );
    const window = competition.service_periods[0]!.service_windows[0]!;
    const error = await rejection(
      fm.api.POST("/bids/v1/competitions/{id}/ballots/", {
        params: { path: { id: competition.id } },
        body: {
          competition_id: competition.id,
          bids: [{ service_window_id: window.id, capacity: "999.000", max_runtime: "01:00:00", rates: [] }],
        },
      }),
    );
    expect(error).toMatchObject({ status: 400, code: "capacity_exceeds_required", field: "bids[0].capacity" });
    expect(error.message).toContain("capacity_required");
    const ballots = await dataOf(
      fm.api.GET("/bids/v1/competitions/{id}/ballots/", { params: { path: { id: competition.id } } }),
    );
    expect(ballots).toEqual([]);
  });

  it("retries an idempotent call on 503 after Retry-After, and does not retry a plain POST", async () => {
    const sleeps: number[] = [];
    let failuresLeft = 0;
    const flaky = async (request: Request) => {
      if (new URL(request.url).pathname.startsWith("/authtoken/")) return globalThis.fetch(request);
      if (failuresLeft > 0) {
        failuresLeft--;
        return new Response(JSON.stringify({ error: "unavailable", message: "try later" }), {
          status: 503,
          headers: { "retry-after": "2", "content-type": "application/json" },
        });
      }
      return globalThis.fetch(request);
    };
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: MARKETPLACE,
      fetch: flaky,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    failuresLeft = 2;
    const opportunities = await dataOf(fm.api.GET("/bidding-opportunities/v1/"));
    expect(opportunities).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);

    sleeps.length = 0;
    failuresLeft = 1;
    const id = opportunities[0]!.competition_id;
    const body = { competition_id: id, bids: [] };
    const plain = await rejection(
      fm.api.POST("/bids/v1/competitions/{id}/ballots/", { params: { path: { id } }, body }),
    );
    expect(plain.status).toBe(503);
    expect(sleeps).toEqual([]);

    failuresLeft = 1;
    const marked = await rejection(
      fm.api.POST("/bids/v1/competitions/{id}/ballots/", { ...IDEMPOTENT, params: { path: { id } }, body }),
    );
    expect(sleeps).toEqual([2000]);
    expect(marked).toMatchObject({ status: 400, field: "bids" }); // the retry reached the server
  });
});

describe.each(DIALECTS)("SDK rate limits and credentials (%s)", (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect, { config: { rateLimitPerMinute: 1 } });
  });
  afterAll(() => s.close());

  it("gives up after the bounded retries on 429, having waited what Retry-After said (capped)", async () => {
    const sleeps: number[] = [];
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: MARKETPLACE,
      retry: { maxRetries: 2, maxDelayMs: 5_000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await dataOf(fm.api.GET("/bidding-opportunities/v1/"));
    const error = await rejection(fm.api.GET("/bidding-opportunities/v1/"));
    expect(error).toMatchObject({ status: 429, code: "rate_limited" });
    expect(sleeps).toHaveLength(2);
    for (const ms of sleeps) expect(ms).toBeGreaterThan(0);
    for (const ms of sleeps) expect(ms).toBeLessThanOrEqual(5_000);
  });
});

describe.each(DIALECTS)("SDK security (%s)", (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  it("reports wrong credentials as a FlexmarketError (401 invalid_credentials)", async () => {
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: { clientId: DEMO.provider.clientId, apiKey: "wrong" },
    });
    const error = await rejection(fm.api.GET("/bidding-opportunities/v1/"));
    expect(error).toMatchObject({ status: 401, code: "invalid_credentials" });
  });

  it("without credentials a protected path answers 401 as a FlexmarketError", async () => {
    const fm = createFlexmarketClient({ baseUrl: s.baseUrl });
    const error = await rejection(fm.api.GET("/bidding-opportunities/v1/"));
    expect(error).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("another organisation's virtual assets answer 404", async () => {
    const other = await s.h.org("provider");
    const fm = createFlexmarketClient({ baseUrl: s.baseUrl, virtualBattery: VIRTUAL_BATTERY });
    const error = await rejection(
      fm.api.GET("/organisations/{organisationID}/virtual-assets", { params: { path: { organisationID: other.id } } }),
    );
    expect(error).toMatchObject({ status: 404, code: "not_found" });
  });

  it("a system operator's API key cannot bid: 403 forbidden", async () => {
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: { clientId: DEMO.systemOperator.clientId, apiKey: DEMO.systemOperator.apiKey },
    });
    const error = await rejection(fm.api.GET("/bidding-opportunities/v1/"));
    expect(error).toMatchObject({ status: 403, code: "forbidden" });
  });
});

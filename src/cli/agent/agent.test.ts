/**
 * The bidding agent against the real server with the demo data and an injected clock: one cycle submits valid
 * ballots; the next does not resubmit; polling never runs more often than configured; a restart continues from the
 * state file; a crash between sending and remembering does not double-submit; a changed plan re-submits; a bad
 * strategy is rejected locally with the server's own message and field; virtual-battery bids are placed before the
 * gate, once, and followed.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { markPendingBidsSubmittedReturning } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { DEMO } from "../../demo/seed.js";
import { BERLIN, localDate, startOfDay } from "../../domain/time.js";
import { createFlexmarketClient, dataOf, type FlexmarketError } from "../../sdk/index.js";
import { recordingFetch, startTestServer, type TestServer } from "../../sdk/test-server.js";
import { DIALECTS, T0 } from "../../testing/harness.js";
import { testCli } from "../test-cli.js";
import { type AgentDeps, runCycle } from "./agent.js";
import { optimizerPlanner, parsePrices, pricesPlanner } from "./ancillary.js";
import { type AgentConfigError, parseAgentConfig } from "./config.js";
import { AgentState } from "./state.js";

const HOUR = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), "flexmarket-agent-"));
let files = 0;
const tempPath = (name: string) => join(dir, `${files++}-${name}`);

const STRATEGY = {
  capacityShare: "0.5",
  maxRuntime: "02:00:00",
  rates: {
    availability: { relativeToGuide: "0.9" },
    utilisation: { relativeToGuide: "0.9" },
    service_fee: { absolute: "100.00" },
  },
};

function marketplaceConfig(strategy: Record<string, unknown> = STRATEGY) {
  return parseAgentConfig({ marketplace: { pollOpportunitiesMinutes: 60, pollResultsMinutes: 1440, strategy } }, dir);
}

describe("agent config", () => {
  it("names the field of a broken setting", () => {
    const bad = (raw: unknown) => {
      try {
        parseAgentConfig(raw, dir);
      } catch (error) {
        return (error as AgentConfigError).field;
      }
      return undefined;
    };
    expect(bad({ marketplace: { strategy: { ...STRATEGY, capacityShare: "1.5" } } })).toBe(
      "marketplace.strategy.capacityShare",
    );
    expect(bad({ marketplace: { pollOpportunitiesMinutes: 0, strategy: STRATEGY } })).toBe(
      "marketplace.pollOpportunitiesMinutes",
    );
    expect(bad({ marketplace: { strategy: { ...STRATEGY, rates: { availability: {} } } } })).toBe(
      "marketplace.strategy.rates.availability",
    );
    expect(bad({ virtualBatteries: { prices: "p.csv", offeredCapacityKw: 1500 } })).toBe(
      "virtualBatteries.offeredCapacityKw",
    );
    expect(bad({})).toBe("marketplace");
    expect(bad({ marketplace: { strategy: STRATEGY }, extra: 1 })).toBe("extra");
  });

  it("defaults to hourly opportunities and daily results", () => {
    const config = parseAgentConfig({ marketplace: { strategy: STRATEGY } }, dir);
    expect(config.marketplace?.pollOpportunitiesMs).toBe(HOUR);
    expect(config.marketplace?.pollResultsMs).toBe(24 * HOUR);
  });
});

describe("prices sources", () => {
  it("reads the prices planner's rows from a file or an http(s) URL, for the day and market asked", async () => {
    const csv = [
      "deliveryDay,product,capacityPrice,energyPrice",
      "2026-06-02,NEGPOS_00_04,12.5,",
      "2026-06-02,POS_00_04,6.2,145.5",
      "2026-06-03,NEGPOS_00_04,9,",
    ].join("\n");
    const file = tempPath("p.csv");
    writeFileSync(file, csv);
    const server = createServer((_req, res) => res.end(csv));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prices.csv`;
    try {
      const plan = pricesPlanner(2000);
      const input = { fm: undefined as never, organisationId: "o", virtualAssetId: "v", deliveryDay: "2026-06-02" };
      const fromFile = await plan({ ...input, market: "FCR", pricesFile: file });
      const fromUrl = await plan({ ...input, market: "FCR", pricesFile: url });
      expect(fromFile).toEqual([
        {
          product: "NEGPOS_00_04",
          deliveryDay: "2026-06-02",
          bids: [{ offeredCapacity: 2000, capacityPrice: 12.5, energyPrice: null }],
        },
      ]);
      expect(fromUrl).toEqual(fromFile);
      const afrr = await plan({ ...input, market: "AFRRCapacity", pricesFile: url });
      expect(afrr.map((p) => [p.product, p.bids[0]!.energyPrice])).toEqual([["POS_00_04", 145.5]]);
      expect(parseAgentConfig({ virtualBatteries: { prices: url } }, dir).virtualBatteries?.pricesFile).toBe(url);
    } finally {
      server.close();
    }
  });

  it("rejects a prices row that names no product", () => {
    expect(() => parsePrices("deliveryDay,product,capacityPrice\n2026-06-02,FOO_1,3")).toThrow(
      /row 1: product "FOO_1"/,
    );
  });
});

describe.each(DIALECTS)("the bidding agent (%s)", (dialect) => {
  let s: TestServer;
  const open: AgentState[] = [];
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());
  afterEach(() => {
    for (const st of open.splice(0)) st.close();
    s.h.clock.set(T0);
  });

  function agent(config: ReturnType<typeof parseAgentConfig>, statePath: string, extra: Partial<AgentDeps> = {}) {
    const rec = recordingFetch();
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: { clientId: DEMO.provider.clientId, apiKey: DEMO.provider.apiKey },
      virtualBattery: { username: DEMO.provider.username, password: DEMO.provider.password },
      fetch: rec.fetch,
      now: () => s.h.clock.now(),
    });
    const state = new AgentState(statePath);
    open.push(state);
    const deps: AgentDeps = {
      fm,
      config,
      state,
      now: () => s.h.clock.now(),
      logger: pino({ level: "silent" }),
      ...extra,
    };
    const posts = () => rec.calls.filter((c) => c.method === "POST" && c.path.includes("/ballots/")).length;
    const polls = () => rec.calls.filter((c) => c.path === "/bidding-opportunities/v1/").length;
    return { deps, state, posts, polls, cycle: () => runCycle(deps) };
  }

  const sdk = () =>
    createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: { clientId: DEMO.provider.clientId, apiKey: DEMO.provider.apiKey },
    });
  const activeBallots = async () => {
    const fm = sdk();
    const opportunities = await dataOf(fm.api.GET("/bidding-opportunities/v1/"));
    const out = [];
    for (const o of opportunities) {
      const list = await dataOf(
        fm.api.GET("/bids/v1/competitions/{id}/ballots/", { params: { path: { id: o.competition_id } } }),
      );
      out.push(...list);
    }
    return out;
  };

  it("submits valid ballots once, polls no more often than configured, and continues after a restart", async () => {
    const statePath = tempPath("state.sqlite");
    const config = marketplaceConfig();
    const a = agent(config, statePath);

    const first = await a.cycle();
    expect(first.problems).toEqual([]);
    expect(first.marketplace?.polled).toBe(true);
    expect(first.marketplace?.submitted).toHaveLength(3);
    expect(a.posts()).toBe(3);
    const ballots = await activeBallots();
    expect(ballots).toHaveLength(3);
    for (const b of ballots) {
      expect(b.status).toBe("active");
      for (const bid of b.bids) expect(bid.max_runtime).toBe("02:00:00");
    }
    // Rates relative to the guide price: 90 % of it.
    const competition = await dataOf(
      sdk().api.GET("/competitions/v1/{id}/", { params: { path: { id: ballots[0]!.competition_id } } }),
    );
    const availability = ballots[0]!.bids[0]!.rates.find((r) => r.type === "availability");
    if (availability && competition.availability_guide_price) {
      expect(Number(availability.value)).toBeCloseTo(Number(competition.availability_guide_price) * 0.9, 2);
    }

    // Not due: the same instant, then 59 minutes later.
    expect((await a.cycle()).marketplace?.polled).toBe(false);
    s.h.clock.advance(59 * 60_000);
    expect((await a.cycle()).marketplace?.polled).toBe(false);
    expect(a.polls()).toBe(1);

    // Due after an hour: polled, the unchanged plans are not re-sent.
    s.h.clock.advance(60_000);
    const second = await a.cycle();
    expect(second.marketplace?.polled).toBe(true);
    expect(second.marketplace?.unchanged).toHaveLength(3);
    expect(second.marketplace?.submitted).toEqual([]);
    expect(a.posts()).toBe(3);

    // Restart: a new process (client and state handle) on the same state file continues: not due yet, then unchanged.
    a.state.close();
    open.splice(open.indexOf(a.state), 1);
    const b = agent(config, statePath);
    expect((await b.cycle()).marketplace?.polled).toBe(false);
    s.h.clock.advance(HOUR);
    const third = await b.cycle();
    expect(third.marketplace?.unchanged).toHaveLength(3);
    expect(b.posts()).toBe(0);
    expect(await activeBallots()).toHaveLength(3);
  });

  it("does not double-submit after a crash between sending and remembering; a changed plan re-submits", async () => {
    // A fresh state file: the agent remembers nothing, but the server holds the ballots of the previous test.
    const before = await activeBallots();
    expect(before.length).toBeGreaterThan(0);
    const a = agent(marketplaceConfig(), tempPath("crash.sqlite"));
    const report = await a.cycle();
    expect(report.marketplace?.unchanged).toHaveLength(3);
    expect(a.posts()).toBe(0);

    // A changed strategy is a changed plan: re-submitted, with the same asset set.
    const changed = agent(marketplaceConfig({ ...STRATEGY, capacityShare: "0.25" }), tempPath("changed.sqlite"));
    const resubmitted = await changed.cycle();
    expect(resubmitted.problems).toEqual([]);
    expect(resubmitted.marketplace?.submitted).toHaveLength(3);
    const after = await activeBallots();
    const active = after.filter((b) => b.status === "active");
    expect(active).toHaveLength(3);
    for (const b of active) {
      const old = before.find((o) => o.competition_id === b.competition_id && o.status === "active")!;
      expect(b.id).not.toBe(old.id);
      expect(b.assets).toEqual(old.assets);
    }
  });

  it("polls results no more often than configured until decided", async () => {
    const a = agent(
      parseAgentConfig({ marketplace: { pollResultsMinutes: 720, strategy: STRATEGY } }, dir),
      tempPath("results.sqlite"),
    );
    await a.cycle();
    expect(a.state.ballots().length).toBe(3);
    s.h.clock.advance(11 * HOUR);
    expect((await a.cycle()).marketplace?.resultsPolled).toEqual([]);
    s.h.clock.advance(HOUR);
    const due = await a.cycle();
    expect(due.marketplace?.resultsPolled).toHaveLength(3);
    expect(due.marketplace?.decided).toEqual([]); // still open: nothing decided
    expect(a.state.ballots()[0]!.resultsSummary).toMatch(/pending/);
  });

  it("rejects a bad strategy locally with the server's message and field, and sends nothing", async () => {
    const a = agent(
      parseAgentConfig(
        {
          marketplace: {
            strategy: {
              ...STRATEGY,
              competitionTypes: ["Availability"],
              rates: { ...STRATEGY.rates, availability: { absolute: "12.345" } },
            },
          },
        },
        dir,
      ),
      tempPath("bad.sqlite"),
    );
    const report = await a.cycle();
    expect(a.posts()).toBe(0);
    const problem = report.problems.find((p) => p.code === "decimal_invalid");
    expect(problem?.field).toBe("bids[0].rates[0].value");
    expect(report.marketplace?.skipped).toHaveLength(2); // the other two types are not in competitionTypes

    // The server says exactly the same about the same body.
    const id = report.problems[0]!.what.split(" ")[1]!;
    const competition = await dataOf(sdk().api.GET("/competitions/v1/{id}/", { params: { path: { id } } }));
    const window = competition.service_periods[0]!.service_windows[0]!;
    let server: FlexmarketError | undefined;
    try {
      await sdk().api.POST("/bids/v1/competitions/{id}/ballots/", {
        params: { path: { id } },
        body: {
          competition_id: id,
          bids: [
            {
              service_window_id: window.id,
              capacity: "0.100",
              max_runtime: "02:00:00",
              rates: [{ type: "availability", value: "12.345" }],
            },
          ],
        },
      });
    } catch (error) {
      server = error as FlexmarketError;
    }
    expect(server?.field).toBe(problem?.field);
    expect(server?.message.startsWith(problem!.message)).toBe(true);
  });

  it("reports a server 4xx with its code instead of failing (another organisation's token → 404 on results)", async () => {
    const a = agent(marketplaceConfig(), tempPath("4xx.sqlite"));
    const other = await s.h.org("provider");
    await a.cycle();
    // Swap in a client whose token is another organisation's: bid results of our ballots are 404 for it.
    const foreign = createFlexmarketClient({
      baseUrl: s.baseUrl,
      fetch: (request) => {
        const headers = new Headers(request.headers);
        headers.set("authorization", `Bearer ${other.token}`);
        return globalThis.fetch(new Request(request, { headers }));
      },
      marketplace: { clientId: "x", apiKey: "y" },
    });
    const swapped: AgentDeps = { ...a.deps, fm: { ...foreign, token: async () => other.token } };
    s.h.clock.advance(25 * HOUR);
    const report = await runCycle(swapped);
    expect(report.problems.length).toBeGreaterThan(0);
    for (const p of report.problems) expect(p.code).toMatch(/not_found|invalid_credentials/);
  });
});

describe.each(DIALECTS)("the bidding agent: virtual batteries (%s)", (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  it("places FCR bids before the gate, once, from the prices file, follows them, and moves on after the gate", async () => {
    // 06:00 Berlin: before the FCR platform gate (07:30 D-1) of tomorrow.
    s.h.clock.set(T0 - 4 * HOUR);
    const tomorrow = localDate(s.h.clock.now(), BERLIN).add({ days: 1 }).toString();
    const dayAfterTomorrow = localDate(s.h.clock.now(), BERLIN).add({ days: 2 }).toString();
    const prices = tempPath("prices.csv");
    writeFileSync(
      prices,
      [
        "deliveryDay,product,capacityPrice,energyPrice",
        ...[tomorrow, dayAfterTomorrow].flatMap((day) =>
          ["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"].map((b) => `${day},NEGPOS_${b},12.5,`),
        ),
      ].join("\n"),
    );
    const config = parseAgentConfig(
      { virtualBatteries: { prices, markets: ["FCR"], planner: "prices", offeredCapacityKw: 1000 } },
      dir,
    );
    const state = new AgentState(tempPath("vb.sqlite"));
    const rec = recordingFetch();
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      virtualBattery: { username: DEMO.provider.username, password: DEMO.provider.password },
      fetch: rec.fetch,
      now: () => s.h.clock.now(),
    });
    const deps: AgentDeps = {
      fm,
      config,
      state,
      now: () => s.h.clock.now(),
      logger: pino({ level: "silent" }),
      planner: pricesPlanner(1000),
    };
    try {
      const first = await runCycle(deps);
      expect(first.problems).toEqual([]);
      expect(first.virtualBatteries?.placed).toHaveLength(2);
      const postsOf = () => rec.calls.filter((c) => c.method === "POST" && c.path.endsWith("/ancillary/bids")).length;
      expect(postsOf()).toBe(2);
      const org = await fm.organisationId();
      const vas = await dataOf(
        fm.api.GET("/organisations/{organisationID}/virtual-assets", { params: { path: { organisationID: org } } }),
      );
      const bids = await dataOf(
        fm.api.GET("/organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids", {
          params: {
            path: { organisationID: org, virtualAssetID: vas[1]!.id },
            query: {
              start: new Date(T0).toISOString(),
              end: new Date(T0 + 2 * 24 * HOUR).toISOString(),
              markets: "FCR",
            },
          },
        }),
      );
      const tomorrowBids = bids.filter((p) => p.deliveryDay === tomorrow);
      expect(tomorrowBids).toHaveLength(6);
      expect(tomorrowBids[0]!.bids[0]).toMatchObject({ offeredCapacity: 1000, capacityPrice: 12.5 });

      const second = await runCycle(deps);
      expect(second.virtualBatteries?.placed).toEqual([]);
      expect(second.virtualBatteries?.followed).toHaveLength(2);
      expect(postsOf()).toBe(2);

      // After tomorrow's gate, a new agent (no memory) bids for the day after instead. The demo's first virtual
      // asset still has pending bids that day, which cannot be replaced: a 4xx reported with its field.
      s.h.clock.set(T0);
      const late = new AgentState(tempPath("late.sqlite"));
      try {
        const report = await runCycle({ ...deps, state: late });
        // The demo's 4 MWh battery holds the pending bids; the 10 MWh one is free.
        const small = vas.find((va) => va.energyCapacity === 4000)!;
        const large = vas.find((va) => va.energyCapacity === 10000)!;
        expect(report.virtualBatteries?.placed).toEqual([`${large.id} ${dayAfterTomorrow} FCR`]);
        expect(report.problems).toEqual([
          expect.objectContaining({
            what: `${small.id} ${dayAfterTomorrow} FCR`,
            code: "bid_pending",
            field: "[4].product",
          }),
        ]);
      } finally {
        late.close();
      }
    } finally {
      state.close();
      s.h.clock.set(T0);
    }
  });

  it("agent run --once from the command line: a status line per cycle", async () => {
    const configPath = tempPath("agent.json");
    writeFileSync(configPath, JSON.stringify({ state: tempPath("cli.sqlite"), marketplace: { strategy: STRATEGY } }));
    const cli = testCli(s);
    const out = await cli.run("agent", "run", "--config", configPath, "--once");
    expect(out.trim().split("\n")).toHaveLength(1);
    expect(out).toMatch(/marketplace: 3 opportunities, 3 submitted, 0 unchanged/);
    const again = await cli.run("agent", "run", "--config", configPath, "--once");
    expect(again).toMatch(/marketplace: not due/);
  });
});

describe.each(DIALECTS)("the bidding agent: the optimizer planner (%s)", (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  it("asks the platform's optimizer for the day's bids and places what it plans", async () => {
    s.h.clock.set(T0 - 4 * HOUR);
    const tomorrow = localDate(s.h.clock.now(), BERLIN).add({ days: 1 });
    const start = startOfDay(tomorrow, BERLIN);
    const rows = ["time,wholesale,fcr"];
    for (let i = 0; i < 96; i++) {
      const wholesale = 60 + Math.round(40 * Math.sin((i / 96) * 2 * Math.PI));
      rows.push(`${new Date(start + i * 15 * 60_000).toISOString()},${wholesale},${i % 16 === 0 ? 40 : ""}`);
    }
    const prices = tempPath("optimize-prices.csv");
    writeFileSync(prices, rows.join("\n"));
    const config = parseAgentConfig(
      { virtualBatteries: { prices, markets: ["FCR"], planner: "optimizer", virtualAssets: [] } },
      dir,
    );
    const rec = recordingFetch();
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      virtualBattery: { username: DEMO.provider.username, password: DEMO.provider.password },
      fetch: rec.fetch,
      now: () => s.h.clock.now(),
    });
    const org = await fm.organisationId();
    const vas = await dataOf(
      fm.api.GET("/organisations/{organisationID}/virtual-assets", { params: { path: { organisationID: org } } }),
    );
    const state = new AgentState(tempPath("optimizer.sqlite"));
    try {
      const report = await runCycle({
        fm,
        config: { ...config, virtualBatteries: { ...config.virtualBatteries!, virtualAssets: [vas[1]!.id] } },
        state,
        now: () => s.h.clock.now(),
        logger: pino({ level: "silent" }),
        planner: optimizerPlanner({ timeLimitSeconds: 1 }),
      });
      expect(report.problems).toEqual([]);
      expect(rec.calls.filter((c) => c.path.endsWith("/optimize"))).toHaveLength(1);
      const posts = rec.calls.filter((c) => c.method === "POST" && c.path.endsWith("/ancillary/bids")).length;
      expect(posts).toBe(report.virtualBatteries!.placed.length);
      expect(posts + report.virtualBatteries!.waiting).toBe(1);
    } finally {
      state.close();
      s.h.clock.set(T0);
    }
  });
});

describe.each(DIALECTS)("the bidding agent: the optimizer planner and the bids the asset holds (%s)", (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  it("bids aFRR beside a submitted FCR bid it does not re-bid: the plan leaves FCR as it is", async () => {
    s.h.clock.set(T0 - 4 * HOUR);
    const tomorrow = localDate(s.h.clock.now(), BERLIN).add({ days: 1 });
    const start = startOfDay(tomorrow, BERLIN);
    // FCR worth nothing, aFRR POS worth a lot: a plan free to change FCR would cut it and fill the power with aFRR
    const rows = ["time,wholesale,fcr,afrr_capacity_pos,afrr_capacity_neg,afrr_energy_pos,afrr_energy_neg"];
    for (let i = 0; i < 96; i++) {
      const first = i % 16 === 0;
      rows.push(`${new Date(start + i * 15 * 60_000).toISOString()},60,${first ? "0,80,0,150,0" : ",,,,"}`);
    }
    const prices = tempPath("afrr-prices.csv");
    writeFileSync(prices, rows.join("\n"));
    const config = parseAgentConfig(
      { virtualBatteries: { prices, markets: ["AFRRCapacity"], planner: "optimizer", virtualAssets: [] } },
      dir,
    );
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      virtualBattery: { username: DEMO.provider.username, password: DEMO.provider.password },
      now: () => s.h.clock.now(),
    });
    const org = await fm.organisationId();
    const vas = await dataOf(
      fm.api.GET("/organisations/{organisationID}/virtual-assets", { params: { path: { organisationID: org } } }),
    );
    const big = vas.find((v) => v.ratedDischargePower === 5000)!;
    await dataOf(
      fm.api.POST("/organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids", {
        params: { path: { organisationID: org, virtualAssetID: big.id } },
        body: [
          {
            product: "NEGPOS_08_12",
            deliveryDay: tomorrow.toString(),
            bids: [{ offeredCapacity: 4000, capacityPrice: 1 }],
          },
        ],
      }),
    );
    await markPendingBidsSubmittedReturning(s.h.db.kysely, s.h.clock.now(), s.h.clock.now());
    const state = new AgentState(tempPath("afrr.sqlite"));
    try {
      const report = await runCycle({
        fm,
        config: { ...config, virtualBatteries: { ...config.virtualBatteries!, virtualAssets: [big.id] } },
        state,
        now: () => s.h.clock.now(),
        logger: pino({ level: "silent" }),
        planner: optimizerPlanner({ timeLimitSeconds: 1 }),
      });
      expect(report.problems).toEqual([]);
      expect(report.virtualBatteries!.placed).toHaveLength(1);
    } finally {
      state.close();
      s.h.clock.set(T0);
    }
  });
});

describe.each(DIALECTS)("the bidding agent end to end (%s)", (dialect) => {
  let s: TestServer;
  const open: AgentState[] = [];
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());
  afterEach(() => {
    for (const st of open.splice(0)) st.close();
    s.h.clock.set(T0);
  });

  function agent(config: ReturnType<typeof parseAgentConfig>, statePath: string, extra: Partial<AgentDeps> = {}) {
    const rec = recordingFetch();
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: { clientId: DEMO.provider.clientId, apiKey: DEMO.provider.apiKey },
      virtualBattery: { username: DEMO.provider.username, password: DEMO.provider.password },
      fetch: rec.fetch,
      now: () => s.h.clock.now(),
    });
    const state = new AgentState(statePath);
    open.push(state);
    const deps: AgentDeps = {
      fm,
      config,
      state,
      now: () => s.h.clock.now(),
      logger: pino({ level: "silent" }),
      ...extra,
    };
    const posts = () => rec.calls.filter((c) => c.method === "POST" && c.path.includes("/ballots/")).length;
    const polls = () => rec.calls.filter((c) => c.path === "/bidding-opportunities/v1/").length;
    return { deps, state, posts, polls, cycle: () => runCycle(deps) };
  }

  const sdk = () =>
    createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: { clientId: DEMO.provider.clientId, apiKey: DEMO.provider.apiKey },
    });

  it("end to end: submits, the system operator decides and publishes, the agent reads the result and obligations", async () => {
    const a = agent(
      parseAgentConfig(
        { marketplace: { pollResultsMinutes: 1440, strategy: { ...STRATEGY, competitionTypes: ["Availability"] } } },
        dir,
      ),
      tempPath("e2e.sqlite"),
    );
    const first = await a.cycle();
    expect(first.problems).toEqual([]);
    expect(first.marketplace?.submitted).toHaveLength(1);
    const competitionId = first.marketplace!.submitted[0]!;
    const ballotId = a.state.ballot(competitionId)!.ballotId;
    const [ballot] = (
      await dataOf(sdk().api.GET("/bids/v1/competitions/{id}/ballots/", { params: { path: { id: competitionId } } }))
    ).filter((b) => b.id === ballotId);

    // After bidding closes, the system operator accepts the first bid and publishes.
    const competition = await dataOf(
      sdk().api.GET("/competitions/v1/{id}/", { params: { path: { id: competitionId } } }),
    );
    s.h.clock.set(Date.parse(competition.closed) + 60_000);
    const so = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: { clientId: DEMO.systemOperator.clientId, apiKey: DEMO.systemOperator.apiKey },
      now: () => s.h.clock.now(),
    });
    await dataOf(
      so.api.POST("/so/v1/bids/{bid_id}/decision/", {
        params: { path: { bid_id: ballot!.bids[0]!.id } },
        body: { decision: "accepted" },
      }),
    );
    await so.api.POST("/so/v1/competitions/{id}/results/", { params: { path: { id: competitionId } } });

    const later = await a.cycle();
    expect(later.problems).toEqual([]);
    expect(later.marketplace?.decided).toEqual([competitionId]);
    const rejected = ballot!.bids.length - 1;
    expect(later.marketplace?.results[competitionId]).toMatch(
      new RegExp(`^1 accepted, ${rejected} rejected, 0 pending; [1-9]\\d* obligation\\(s\\)$`),
    );
    expect(a.state.ballot(competitionId)?.resultStatus).toBe("decided");
    // Decided: never polled again.
    s.h.clock.advance(3 * 24 * HOUR);
    expect((await a.cycle()).marketplace?.resultsPolled).toEqual([]);
  });
});

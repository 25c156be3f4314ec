/**
 * The one-shot commands against the real server with the demo data: tables and --json, local validation of a
 * ballot with the server's rules (--dry-run sends nothing), credentials from flags or the environment.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../demo/seed.js";
import { createFlexmarketClient, dataOf, FlexmarketError } from "../sdk/index.js";
import { startTestServer, type TestServer } from "../sdk/test-server.js";
import { DIALECTS } from "../testing/harness.js";
import { testCli } from "./test-cli.js";

const dir = mkdtempSync(join(tmpdir(), "flexmarket-cli-"));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

describe.each(DIALECTS)("one-shot commands (%s)", (dialect) => {
  let s: TestServer;
  let competitionId: string;
  let windowId: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    const opportunities = JSON.parse(await testCli(s).run("opportunities", "--json"));
    const availability = opportunities.find((o: { competition_type: string }) => o.competition_type === "Availability");
    competitionId = availability.competition_id;
    const competition = JSON.parse(await testCli(s).run("competition", competitionId, "--json"));
    windowId = competition.service_periods[0].service_windows[0].id;
  });
  afterAll(() => s.close());

  const sdk = () =>
    createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: { clientId: DEMO.provider.clientId, apiKey: DEMO.provider.apiKey },
    });
  const ballots = async () =>
    dataOf(sdk().api.GET("/bids/v1/competitions/{id}/ballots/", { params: { path: { id: competitionId } } }));

  it("opportunities: a table with one row per opportunity, or the API's JSON", async () => {
    const cli = testCli(s);
    const json = JSON.parse(await cli.run("opportunities", "--json"));
    expect(json).toHaveLength(3);
    const table = await cli.run("opportunities");
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^competition\s+name\s+type/);
    expect(lines).toHaveLength(2 + 3);
    for (const o of json) expect(table).toContain(o.competition_id);
  });

  it("competition <id>: its guide prices and a table of service windows", async () => {
    const table = await testCli(s).run("competition", competitionId);
    expect(table).toContain("type Availability;");
    expect(table).toContain(windowId);
    expect(table).toContain("MW required");
  });

  it("ballot submit --dry-run validates locally and sends nothing", async () => {
    const body = {
      competition_id: competitionId,
      bids: [
        {
          service_window_id: windowId,
          capacity: "1.000",
          max_runtime: "1T01:30:00",
          rates: [{ type: "availability", value: "10.00" }],
        },
      ],
    };
    const out = await testCli(s).run("ballot", "submit", file("ok.json", body), "--dry-run");
    expect(out).toContain("valid: 1 bid(s)");
    expect(await ballots()).toEqual([]);
  });

  it("ballot submit rejects a bad ballot locally with the message and field the server gives", async () => {
    const body = {
      competition_id: competitionId,
      bids: [
        {
          service_window_id: windowId,
          capacity: "999.000",
          max_runtime: "01:00:00",
          rates: [{ type: "availability", value: "10.00" }],
        },
      ],
    };
    const local = await testCli(s)
      .run("ballot", "submit", file("bad.json", body), "--dry-run")
      .then(
        () => undefined,
        (e: Error) => e.message,
      );
    let server: FlexmarketError | undefined;
    try {
      await sdk().api.POST("/bids/v1/competitions/{id}/ballots/", { params: { path: { id: competitionId } }, body });
    } catch (error) {
      server = error as FlexmarketError;
    }
    expect(server).toBeInstanceOf(FlexmarketError);
    expect(server!.field).toBe("bids[0].capacity");
    const serverMessage = server!.message.replace(/ \(capacity_exceeds_required, field .*\)$/, "");
    expect(local).toBe(`the ballot is not valid: ${serverMessage} (capacity_exceeds_required, field bids[0].capacity)`);
    expect(await ballots()).toEqual([]);
  });

  it("ballot submit --no-local-check lets the server reject it, with the field", async () => {
    const body = {
      competition_id: competitionId,
      bids: [
        {
          service_window_id: windowId,
          capacity: "999.000",
          max_runtime: "01:00:00",
          rates: [{ type: "availability", value: "10.00" }],
        },
      ],
    };
    await expect(
      testCli(s).run("ballot", "submit", file("unchecked.json", body), "--no-local-check"),
    ).rejects.toMatchObject({ status: 400, code: "capacity_exceeds_required", field: "bids[0].capacity" });
    expect(await ballots()).toEqual([]);
  });

  it("ballot submit sends a valid ballot and prints its bids", async () => {
    const body = {
      competition_id: competitionId,
      bids: [
        {
          service_window_id: windowId,
          capacity: "2.500",
          max_runtime: "01:30:00",
          rates: [{ type: "availability", value: "11.00" }],
        },
      ],
    };
    const out = await testCli(s).run("ballot", "submit", file("send.json", body));
    const stored = await ballots();
    expect(stored).toHaveLength(1);
    expect(out).toContain(`ballot ${stored[0]!.id} submitted`);
    expect(out).toContain("2.500");
  });

  it("results <competition>: the demo's decided bids", async () => {
    const closed = await dataOf(
      sdk().api.GET("/competitions/v1/", { params: { query: { status: "results_published" } } }),
    );
    expect(closed.length).toBeGreaterThan(0);
    const cli = testCli(s);
    const json = JSON.parse(await cli.run("results", closed[0]!.id, "--json"));
    expect(json.map((r: { status: string }) => r.status).sort()).toEqual(["accepted", "rejected"]);
    const table = await cli.run("results", closed[0]!.id);
    expect(table).toMatch(/accepted/);
    expect(table).toMatch(/rejected/);
  });

  it("bids list --from --to: the virtual batteries' ancillary bids", async () => {
    const cli = testCli(s);
    const now = new Date(s.h.clock.now());
    const day = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString().slice(0, 10);
    const json = JSON.parse(await cli.run("bids", "list", "--from", day(0), "--to", day(4), "--json"));
    expect(json.length).toBeGreaterThan(0);
    expect(new Set(json.map((p: { market: string }) => p.market))).toContain("FCR");
    const table = await cli.run("bids", "list", "--from", day(0), "--to", day(4));
    expect(table).toContain("NEGPOS_");
    const none = JSON.parse(await cli.run("bids", "list", "--from", day(20), "--to", day(21), "--json"));
    expect(none).toEqual([]);
  });

  it("flags win over the environment; a bad --from is an error naming the flag", async () => {
    const cli = testCli(s, { FLEXMARKET_URL: "http://127.0.0.1:9" });
    const json = JSON.parse(await cli.run("opportunities", "--json", "--base-url", s.baseUrl));
    expect(json).toHaveLength(3);
    await expect(
      cli.run("bids", "list", "--from", "yesterday", "--to", "2026-06-02", "--base-url", s.baseUrl),
    ).rejects.toThrow(/--from/);
  });
});

describe.each(DIALECTS)("one-shot commands: credentials (%s)", (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  it("without credentials the command says which flags or variables to set", async () => {
    const cli = testCli(s, {
      FLEXMARKET_CLIENT_ID: undefined,
      FLEXMARKET_API_KEY: undefined,
      FLEXMARKET_USERNAME: undefined,
      FLEXMARKET_PASSWORD: undefined,
    });
    await expect(cli.run("opportunities")).rejects.toThrow(/FLEXMARKET_CLIENT_ID/);
  });

  it("a wrong API key is a 401 invalid_credentials error", async () => {
    const cli = testCli(s, { FLEXMARKET_API_KEY: "wrong", FLEXMARKET_USERNAME: undefined });
    await expect(cli.run("opportunities")).rejects.toMatchObject({ status: 401, code: "invalid_credentials" });
  });

  it("another provider sees none of the demo provider's opportunities, and its results answer 404", async () => {
    const other = await s.h.org("provider");
    const fm = createFlexmarketClient({
      baseUrl: s.baseUrl,
      marketplace: { clientId: DEMO.provider.clientId, apiKey: DEMO.provider.apiKey },
    });
    const closed = await dataOf(
      fm.api.GET("/competitions/v1/", { params: { query: { status: "results_published" } } }),
    );
    // A token of another organisation, through a fetch that swaps the authorization header.
    const swap = testCli(s, {}, (request) => {
      const headers = new Headers(request.headers);
      if (headers.has("authorization")) headers.set("authorization", `Bearer ${other.token}`);
      return globalThis.fetch(new Request(request, { headers }));
    });
    expect(JSON.parse(await swap.run("opportunities", "--json"))).toEqual([]);
    await expect(swap.run("results", closed[0]!.id, "--json")).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    });
    // The demo provider itself does see them.
    expect(JSON.parse(await testCli(s).run("results", closed[0]!.id, "--json")).length).toBeGreaterThan(0);
  });
});

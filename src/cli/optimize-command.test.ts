/**
 * `flexmarket optimize` against the real server with the demo data: a prices CSV in, the plan out (summary table
 * or --json); the CSV parser's rules; a server rejection reported with its code and field.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../demo/seed.js";
import { buildHorizon } from "../domain/optimizer/horizon.js";
import { toIso } from "../domain/time.js";
import { startTestServer, type TestServer } from "../sdk/test-server.js";
import type { CliIo } from "./connection.js";
import { optimizeCommand, parsePricesCsv } from "./optimize-command.js";

const dir = mkdtempSync(join(tmpdir(), "flexmarket-optimize-"));

/** A CSV for `days` delivery days from `day`: block prices on every row. */
function pricesCsv(day: string, days = 1, columns = true): string {
  const h = buildHorizon(day, days);
  const rows = ["time,wholesale,fcr,afrr_capacity_pos,afrr_capacity_neg,afrr_energy_pos,afrr_energy_neg"];
  for (let t = 0; t < h.steps; t++) {
    const hour = (t % 96) / 4;
    const wholesale = hour < 6 ? 40 : hour < 16 ? 30.5 : hour < 21 ? 130 : 70;
    const b = h.blockOfStep[t]! % 6;
    rows.push(
      [
        toIso(h.start + t * 900_000),
        wholesale,
        ...(columns ? [30 + b * 5, 6 + b, 4, 140, -5] : ["", "", "", "", ""]),
      ].join(","),
    );
  }
  return `${rows.join("\n")}\n`;
}

describe("parsePricesCsv", () => {
  it("reads a day: wholesale per quarter-hour, block prices from each block's first row", () => {
    const parsed = parsePricesCsv(pricesCsv("2026-06-03"));
    expect(parsed.horizon).toEqual({ firstDeliveryDay: "2026-06-03", days: 1 });
    expect(parsed.prices.wholesale).toHaveLength(96);
    expect(parsed.prices.wholesale![0]).toBe(40);
    expect(parsed.prices.fcr).toEqual([30, 35, 40, 45, 50, 55]);
    expect(parsed.prices.afrrEnergyNeg).toEqual([-5, -5, -5, -5, -5, -5]);
  });

  it("counts days (DST: 92 quarter-hours on 2026-03-29) and leaves out empty block columns", () => {
    const parsed = parsePricesCsv(pricesCsv("2026-03-28", 2, false));
    expect(parsed.horizon).toEqual({ firstDeliveryDay: "2026-03-28", days: 2 });
    expect(parsed.prices.wholesale).toHaveLength(96 + 92);
    expect(Object.keys(parsed.prices)).toEqual(["wholesale"]);
  });

  it("rejects rows that are not whole days, a first row off midnight, and a non-number", () => {
    const csv = pricesCsv("2026-06-03").trim().split("\n");
    expect(() => parsePricesCsv(csv.slice(0, -1).join("\n"))).toThrow(/whole delivery days/);
    expect(() => parsePricesCsv([csv[0], ...csv.slice(2), csv[1]].join("\n"))).toThrow(/first row must be/);
    expect(() =>
      parsePricesCsv(csv.map((l, i) => (i === 5 ? l.replace(/,30\.5,|,40,/, ",x,") : l)).join("\n")),
    ).toThrow(/row 6, wholesale is not a number/);
  });
});

describe("flexmarket optimize (sqlite)", () => {
  let s: TestServer;
  let assetId: string;
  let day: string;
  const output: string[] = [];
  beforeAll(async () => {
    s = await startTestServer("sqlite");
    const demo = await s.h.db.kysely
      .selectFrom("virtual_assets")
      .select(["id", "start_at"])
      .where("organisation_id", "=", DEMO.provider.organisationId)
      .orderBy("start_at")
      .orderBy("id")
      .execute();
    const first = demo[0]!;
    assetId = first.id;
    // a delivery day two days into the asset's life (it starts at a Berlin midnight)
    day = new Date(Date.parse(first.start_at) + 2 * 86_400_000 + 12 * 3_600_000).toISOString().slice(0, 10);
  });
  afterAll(() => s.close());

  const run = async (...args: string[]) => {
    const io: CliIo = {
      env: {
        FLEXMARKET_URL: s.baseUrl,
        FLEXMARKET_USERNAME: DEMO.provider.username,
        FLEXMARKET_PASSWORD: DEMO.provider.password,
      },
      out: (text) => output.push(text),
      err: () => {},
      now: () => s.h.clock.now(),
      sleep: async () => {},
      logger: pino({ level: "silent" }),
      progress: false,
    };
    const program = new Command("flexmarket").exitOverride();
    program.addCommand(optimizeCommand(io).exitOverride());
    const before = output.length;
    await program.parseAsync(args, { from: "user" });
    return output.slice(before).join("");
  };

  it("prints the plan's bids and revenue from a prices CSV", async () => {
    const path = join(dir, "prices.csv");
    writeFileSync(path, pricesCsv(day));
    const text = await run("optimize", "--asset", assetId, "--prices", path, "--time-limit", "1");
    expect(text).toMatch(/^highs (optimal|time_limit)/);
    expect(text).toContain("expected revenue EUR: wholesale");
    expect(text).toMatch(/new +\d{4}-\d{2}-\d{2} +(NEGPOS_|POS_|NEG_)/);
    const json = JSON.parse(await run("optimize", "--asset", assetId, "--prices", path, "--json", "--soc", "50"));
    expect(json.schedule).toHaveLength(buildHorizon(day, 1).steps);
    expect(json.startStateOfCharge).toBe(50);
  });

  it("reports a server rejection with its code and field", async () => {
    const path = join(dir, "other.csv");
    writeFileSync(path, pricesCsv(day));
    await expect(run("optimize", "--asset", "00000000-0000-4000-8000-000000000000", "--prices", path)).rejects.toThrow(
      /404 not_found/,
    );
  });
});

/**
 * `flexmarket optimize --asset <id> --prices prices.csv [--day YYYY-MM-DD] [--soc %] [--time-limit s] [--json]`:
 * reads price forecasts from a CSV, calls `POST /organisations/{org}/virtual-assets/{id}/optimize` and prints the
 * plan (bids per product, revenue by market, solver status), or the whole answer with `--json`.
 *
 * prices.csv: a header row, then one row per quarter-hour of the horizon (RFC 3339 `time`, left-aligned):
 *   time,wholesale,fcr,afrr_capacity_pos,afrr_capacity_neg,afrr_energy_pos,afrr_energy_neg
 * `wholesale` (EUR/MWh) is required in every row. The block columns (FCR EUR/MW, aFRR capacity EUR/MW/h, expected
 * aFRR energy EUR/MWh) are read from the first row of each 4-hour product block (other rows may repeat or be empty);
 * a column that is absent or empty means that product is not offered. The horizon is the delivery days
 * (Europe/Berlin) from the first row's day, or `--day`.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { Temporal } from "temporal-polyfill";
import { buildHorizon } from "../domain/optimizer/horizon.js";
import { BERLIN, toIso } from "../domain/time.js";
import { jwtClaims, type OptimizePlan } from "../sdk/index.js";
import { type CliIo, type ConnectionFlags, clientFor, resolveConnection, withConnection } from "./connection.js";
import { printJson, renderTable } from "./table.js";

const BLOCK_COLUMNS = {
  fcr: "fcr",
  afrr_capacity_pos: "afrrCapacityPos",
  afrr_capacity_neg: "afrrCapacityNeg",
  afrr_energy_pos: "afrrEnergyPos",
  afrr_energy_neg: "afrrEnergyNeg",
} as const;

export interface PricesFromCsv {
  readonly horizon: { firstDeliveryDay: string; days: number };
  readonly prices: Record<string, number[]>;
}

/** Parses prices.csv (see the header of this file) into the optimize request's `horizon` and `prices`. */
export function parsePricesCsv(text: string, day?: string): PricesFromCsv {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("#"));
  if (lines.length < 2) throw new Error("prices.csv: a header and at least one row are needed");
  const header = lines[0]!.split(",").map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col("time") < 0 || col("wholesale") < 0)
    throw new Error("prices.csv: the columns time and wholesale are required");
  const rows = lines.slice(1).map((l) => l.split(",").map((c) => c.trim()));
  const number = (cell: string | undefined, where: string) => {
    const value = Number(cell);
    if (cell === undefined || cell === "" || !Number.isFinite(value))
      throw new Error(`prices.csv: ${where} is not a number`);
    return value;
  };
  const firstTime = Date.parse(rows[0]![col("time")] ?? "");
  if (!Number.isFinite(firstTime)) throw new Error("prices.csv: row 2 has no valid RFC 3339 time");
  const firstDay =
    day ?? Temporal.Instant.fromEpochMilliseconds(firstTime).toZonedDateTimeISO(BERLIN).toPlainDate().toString();
  let days = 1;
  let horizon = buildHorizon(firstDay, days);
  while (horizon.steps < rows.length && days < 31) horizon = buildHorizon(firstDay, ++days);
  if (horizon.steps !== rows.length) {
    throw new Error(
      `prices.csv: ${rows.length} rows do not make whole delivery days from ${firstDay} (${days} day(s) = ${horizon.steps} quarter-hours)`,
    );
  }
  if (horizon.start !== firstTime) {
    throw new Error(`prices.csv: the first row must be ${toIso(horizon.start)} (00:00 of ${firstDay} in Berlin)`);
  }
  const prices: Record<string, number[]> = {
    wholesale: rows.map((r, i) => number(r[col("wholesale")], `row ${i + 2}, wholesale`)),
  };
  for (const [name, key] of Object.entries(BLOCK_COLUMNS)) {
    const c = col(name);
    if (c < 0) continue;
    const firstRows = horizon.blocks.map((b) => rows[b.firstStep]![c]);
    if (firstRows.every((cell) => cell === undefined || cell === "")) continue;
    prices[key] = horizon.blocks.map((b) => number(rows[b.firstStep]![c], `row ${b.firstStep + 2}, ${name}`));
  }
  return { horizon: { firstDeliveryDay: firstDay, days }, prices };
}

type Flags = ConnectionFlags & {
  asset: string;
  prices: string;
  day?: string;
  soc?: string;
  timeLimit?: string;
  token?: string;
  json?: boolean;
};

export function optimizeCommand(io: CliIo): Command {
  return withConnection(new Command("optimize"))
    .description("Optimize FCR, aFRR and wholesale for a virtual asset from a prices CSV (POST …/optimize)")
    .requiredOption("--asset <id>", "virtual asset id")
    .requiredOption("--prices <file>", "prices.csv: time,wholesale[,fcr,afrr_capacity_pos,…] per quarter-hour")
    .option("--day <YYYY-MM-DD>", "first delivery day (default: the first row's day in Berlin)")
    .option("--soc <percent>", "state of charge at the horizon start (default: projected)")
    .option("--time-limit <seconds>", "solver time limit (default 2)")
    .option("--token <jwt>", "a virtual-battery access token (instead of --username/--password)")
    .option("--json", "print the whole plan as JSON")
    .action(async (flags: Flags) => {
      const csv = parsePricesCsv(readFileSync(flags.prices, "utf8"), flags.day);
      const connection = resolveConnection(flags, io);
      let token: string;
      let org: string;
      if (flags.token) {
        token = flags.token;
        const claim = jwtClaims(token).org;
        if (typeof claim !== "string") throw new Error("--token names no organisation");
        org = claim;
      } else {
        const client = clientFor(connection, io);
        token = await client.token("virtualBattery");
        org = await client.organisationId();
      }
      const body = {
        ...csv,
        ...(flags.soc !== undefined ? { startStateOfCharge: Number(flags.soc) } : {}),
        ...(flags.timeLimit !== undefined ? { options: { timeLimitSeconds: Number(flags.timeLimit) } } : {}),
      };
      const url = `${connection.baseUrl.replace(/\/$/, "")}/organisations/${encodeURIComponent(org)}/virtual-assets/${encodeURIComponent(flags.asset)}/optimize`;
      const request = new Request(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const response = await (io.fetch ?? ((r: Request) => globalThis.fetch(r)))(request);
      const answer = (await response.json()) as Record<string, unknown>;
      if (!response.ok) {
        const e = answer as { error?: string; message?: string; field?: string };
        throw new Error(`${response.status} ${e.error}${e.field ? ` (field ${e.field})` : ""}: ${e.message}`);
      }
      if (flags.json) return io.out(printJson(answer));
      io.out(summary(answer as unknown as OptimizePlan));
    });
}

function summary(plan: OptimizePlan): string {
  const gap = plan.mipGap === null ? "" : `, gap ${(plan.mipGap * 100).toFixed(2)} %`;
  const lines = [
    `${plan.solver} ${plan.status}${gap} in ${plan.solveTimeMs} ms${plan.fallbackReason ? ` — ${plan.fallbackReason}` : ""}`,
    "",
  ];
  // per product what happens to what the asset holds, in request order (FCR, then aFRR); only replace / new are sent
  lines.push(
    plan.actions.length === 0
      ? "no ancillary bids"
      : renderTable(plan.actions, [
          { header: "action", value: (a) => a.action + (a.fixed ? ` (${a.fixed})` : "") },
          { header: "day", value: (a) => a.deliveryDay },
          { header: "product", value: (a) => a.product },
          { header: "kW", value: (a) => String(a.offeredCapacity), right: true },
          { header: "was kW", value: (a) => (a.existing ? String(a.existing.offeredCapacity) : "–"), right: true },
          { header: "capacity EUR", value: (a) => String(a.capacityPrice ?? "–"), right: true },
          { header: "energy EUR/MWh", value: (a) => String(a.energyPrice ?? "–"), right: true },
        ]),
  );
  const r = plan.expectedRevenue;
  lines.push(
    `expected revenue EUR: wholesale ${r.wholesale}, FCR ${r.fcr}, aFRR capacity ${r.afrrCapacity}, ` +
      `aFRR energy ${r.afrrEnergy}, degradation ${r.degradation}, total ${r.total}`,
  );
  lines.push(
    plan.scheduleAction === "replace"
      ? `schedule: PUT …/blocks/${plan.wholesaleBlockID} (use --json for the slots)`
      : `schedule: kept (${plan.scheduleRefused?.message ?? "the planned one would be refused"})`,
  );
  lines.push("send: POST bids.fcr, then POST bids.afrr, then PUT the schedule (--json)");
  if (plan.slacks.length > 0) lines.push(`limits missed: ${plan.slacks.length} (${plan.slacks[0]!.kind} …)`);
  return `${lines.join("\n")}\n`;
}

/**
 * One-shot commands for people: `opportunities`, `competition <id>`, `ballot submit <file> [--dry-run]`,
 * `results <competition>` and `bids list --from --to`. Each prints a readable table, or the API's objects with
 * `--json`. A ballot is validated locally with the server's own rules (`validateBallot`) before it is sent.
 */
import { readFileSync } from "node:fs";
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import { BERLIN, parsePlainDate, parseRfc3339, startOfDay, toIso } from "../domain/time.js";
import { fetchBallotContext, validateBallotLocally } from "../sdk/ballot.js";
import { dataOf, type FlexmarketClient } from "../sdk/index.js";
import { type CliIo, type ConnectionFlags, clientFor, resolveConnection, withConnection } from "./connection.js";
import { printJson, renderTable } from "./table.js";

type Flags = ConnectionFlags & { json?: boolean };

const connect = (flags: Flags, io: CliIo): FlexmarketClient => clientFor(resolveConnection(flags, io), io);

export function opportunitiesCommand(io: CliIo): Command {
  return withConnection(new Command("opportunities"))
    .description("Open competitions you have qualified, entered assets in (GET /bidding-opportunities/v1/)")
    .option("--json", "print JSON")
    .action(async (flags: Flags) => {
      const list = await dataOf(connect(flags, io).api.GET("/bidding-opportunities/v1/"));
      if (flags.json) return io.out(printJson(list));
      io.out(
        renderTable(list, [
          { header: "competition", value: (o) => o.competition_id },
          { header: "name", value: (o) => o.competition_name },
          { header: "type", value: (o) => o.competition_type },
          { header: "closes (UTC)", value: (o) => o.closed },
          { header: "MW", value: (o) => o.total_capacity, right: true },
          { header: "flex assets", value: (o) => o.flex_asset_ids.join(",") },
          { header: "planned assets", value: (o) => o.planned_asset_ids.join(",") },
        ]),
      );
    });
}

export function competitionCommand(io: CliIo): Command {
  return withConnection(new Command("competition"))
    .description("A competition with its service windows (GET /competitions/v1/{id}/)")
    .argument("<id>", "competition id")
    .option("--json", "print JSON")
    .action(async (id: string, flags: Flags) => {
      const c = await dataOf(connect(flags, io).api.GET("/competitions/v1/{id}/", { params: { path: { id } } }));
      if (flags.json) return io.out(printJson(c));
      io.out(
        [
          `${c.name} (${c.id}, ${c.reference}) by ${c.system_operator}`,
          `status ${c.status}; type ${c.type}; need ${c.need_type}, ${c.need_direction}; product ${c.product_type}`,
          `bidding ${c.open} … ${c.closed}`,
          `guide prices: availability £${c.availability_guide_price ?? "–"}/MW/h, utilisation £${c.utilisation_guide_price ?? "–"}/MWh` +
            (c.service_fee ? `, service fee £${c.service_fee}` : ""),
          "",
        ].join("\n"),
      );
      const windows = c.service_periods.flatMap((p) => p.service_windows.map((w) => ({ p, w })));
      io.out(
        renderTable(windows, [
          { header: "period", value: ({ p }) => `${p.name} ${p.start}…${p.end}` },
          { header: "service window", value: ({ w }) => w.id },
          { header: "name", value: ({ w }) => w.name },
          { header: "time", value: ({ w }) => `${w.start}–${w.end}` },
          { header: "days", value: ({ w }) => w.service_days.map((d) => d.slice(0, 3)).join(",") },
          { header: "MW required", value: ({ w }) => w.capacity_required, right: true },
        ]),
      );
    });
}

export function ballotCommand(io: CliIo): Command {
  const ballot = new Command("ballot").description("Ballots (one bid per service window) for a competition");
  ballot.addCommand(
    withConnection(new Command("submit"))
      .description("Validate a ballot file locally with the server's rules, then submit it")
      .argument("<file>", 'JSON body {competition_id, bids: [...], assets?}, as for POST …/ballots/ ("-" = stdin)')
      .option("--dry-run", "only validate locally; send nothing")
      .option("--no-local-check", "send without validating locally first (the server validates anyway)")
      .option("--json", "print JSON")
      .action(async (file: string, flags: Flags & { dryRun?: boolean; localCheck: boolean }) => {
        const text = readFileSync(file === "-" ? 0 : file, "utf8");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new Error(`${file} is not valid JSON`);
        }
        const competitionId = (body as { competition_id?: unknown } | null)?.competition_id;
        if (typeof competitionId !== "string") throw new Error(`${file}: competition_id (a string) is required`);
        const fm = connect(flags, io);
        if (flags.dryRun || flags.localCheck) {
          const context = await fetchBallotContext(fm, competitionId);
          const checked = validateBallotLocally(body, context, io.now());
          if (!checked.ok) {
            const { code, message, field } = checked.error;
            throw new Error(`the ballot is not valid: ${message} (${code}${field ? `, field ${field}` : ""})`);
          }
          if (flags.dryRun) {
            const summary = {
              valid: true,
              competition_id: competitionId,
              bids: checked.value.bids.length,
              assets: checked.value.assets,
            };
            return io.out(
              flags.json
                ? printJson(summary)
                : `valid: ${summary.bids} bid(s) for competition ${competitionId}; nothing was sent (--dry-run)\n`,
            );
          }
        }
        const stored = await dataOf(
          fm.api.POST("/bids/v1/competitions/{id}/ballots/", {
            params: { path: { id: competitionId } },
            body: body as never,
          }),
        );
        if (flags.json) return io.out(printJson(stored));
        io.out(`ballot ${stored.id} submitted for competition ${stored.competition_id} (${stored.status})\n`);
        io.out(
          renderTable(stored.bids, [
            { header: "bid", value: (b) => b.id },
            { header: "service window", value: (b) => b.service_window_id },
            { header: "MW", value: (b) => b.capacity, right: true },
            { header: "max runtime", value: (b) => b.max_runtime },
            { header: "rates £", value: (b) => b.rates.map((r) => `${r.type} ${r.value}`).join(", ") },
          ]),
        );
      }),
  );
  return ballot;
}

export function resultsCommand(io: CliIo): Command {
  return withConnection(new Command("results"))
    .description("Results of your bids in a competition (GET /bid-results/v1/{competition_id}/)")
    .argument("<competition>", "competition id")
    .option("--json", "print JSON")
    .action(async (competitionId: string, flags: Flags) => {
      const results = await dataOf(
        connect(flags, io).api.GET("/bid-results/v1/{competition_id}/", {
          params: { path: { competition_id: competitionId } },
        }),
      );
      if (flags.json) return io.out(printJson(results));
      io.out(
        renderTable(results, [
          { header: "bid", value: (r) => r.bid_id },
          { header: "service window", value: (r) => r.service_window_id },
          { header: "MW", value: (r) => r.capacity, right: true },
          { header: "status", value: (r) => r.status },
          { header: "accepted MW", value: (r) => r.accepted_capacity, right: true },
          { header: "reason", value: (r) => r.reason },
        ]),
      );
    });
}

/** `2026-06-01` → 00:00 that day in Europe/Berlin (delivery days are German days); RFC 3339 as given. */
export function parseInstantFlag(text: string, flag: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = parsePlainDate(text, flag);
    if (day.ok) return startOfDay(day.value, BERLIN);
  }
  const at = parseRfc3339(text, flag);
  if (!at.ok) throw new Error(`${flag} must be a date (YYYY-MM-DD) or an RFC 3339 instant, got "${text}"`);
  return at.value;
}

export function bidsCommand(io: CliIo): Command {
  const bids = new Command("bids").description("Ancillary (FCR / aFRR) bids of your virtual batteries");
  bids.addCommand(
    withConnection(new Command("list"))
      .description("Your ancillary bids delivering in [from, to), over all your virtual assets (or one)")
      .requiredOption("--from <date>", "start: YYYY-MM-DD (00:00 Europe/Berlin) or RFC 3339")
      .requiredOption("--to <date>", "end (exclusive): YYYY-MM-DD or RFC 3339")
      .option("--virtual-asset <id>", "only this virtual asset")
      .option("--json", "print JSON")
      .action(async (flags: Flags & { from: string; to: string; virtualAsset?: string }) => {
        const start = toIso(parseInstantFlag(flags.from, "--from"));
        const end = toIso(parseInstantFlag(flags.to, "--to"));
        const fm = connect(flags, io);
        const org = await fm.organisationId();
        const ids =
          flags.virtualAsset !== undefined
            ? [flags.virtualAsset]
            : (
                await dataOf(
                  fm.api.GET("/organisations/{organisationID}/virtual-assets", {
                    params: { path: { organisationID: org } },
                  }),
                )
              ).map((va) => va.id);
        const bar =
          io.progress && ids.length > 1 ? new SingleBar({ stream: process.stderr, clearOnComplete: true }) : undefined;
        bar?.start(ids.length, 0);
        const rows = [];
        for (const id of ids) {
          const products = await dataOf(
            fm.api.GET("/organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids", {
              params: { path: { organisationID: org, virtualAssetID: id }, query: { start, end } },
            }),
          );
          for (const p of products) rows.push({ virtualAssetId: id, ...p });
          bar?.increment();
        }
        bar?.stop();
        if (flags.json) return io.out(printJson(rows));
        const flat = rows.flatMap((p) => p.bids.map((b) => ({ p, b })));
        io.out(
          renderTable(flat, [
            { header: "virtual asset", value: ({ p }) => p.virtualAssetId },
            { header: "market", value: ({ p }) => p.market },
            { header: "product", value: ({ p }) => `${p.deliveryDay} ${p.product}` },
            { header: "bid", value: ({ b }) => b.bidID },
            { header: "kW", value: ({ b }) => b.offeredCapacity, right: true },
            { header: "capacity €", value: ({ b }) => b.capacityPrice, right: true },
            { header: "energy €/MWh", value: ({ b }) => b.energyPrice, right: true },
            { header: "status", value: ({ b }) => b.status },
          ]),
        );
      }),
  );
  return bids;
}

/** Every one-shot command, for `buildCli` to add. */
export function marketCommands(io: CliIo): Command[] {
  return [opportunitiesCommand(io), competitionCommand(io), ballotCommand(io), resultsCommand(io), bidsCommand(io)];
}

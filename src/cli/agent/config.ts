/**
 * `agent.json`: what the bidding agent does (see agent.example.json and docs/agent.md). Parsed once, every rule
 * broken is reported with the field it is about; nothing is defaulted silently except the documented defaults.
 *
 * | field | meaning | default |
 * |---|---|---|
 * | baseUrl | API base URL (flags and FLEXMARKET_URL win) | http://localhost:8080 |
 * | state | the agent's SQLite state file, relative to the config file | agent-state.sqlite |
 * | marketplace.pollOpportunitiesMinutes | poll bidding opportunities at most this often (≥ 1) | 60 |
 * | marketplace.pollResultsMinutes | poll bid results of submitted ballots at most this often (≥ 1) | 1440 |
 * | marketplace.strategy.competitionTypes | only these competition types | all |
 * | marketplace.strategy.assets | "all" (the server picks every qualified, entered asset) or {flex, planned} ids | "all" |
 * | marketplace.strategy.capacityShare | share (0 < s ≤ 1, decimal string) of min(window capacity_required, assets' capacity) | "1" |
 * | marketplace.strategy.maxRuntime | each bid's max_runtime | "01:00:00" |
 * | marketplace.strategy.rates.<type> | {"relativeToGuide": "0.95"} (× the guide price) or {"absolute": "12.50"} (£) | — |
 * | virtualBatteries.prices | the prices file or an http(s) URL serving it: for "prices", CSV / JSON rows `deliveryDay, product, capacityPrice, energyPrice`; for "optimizer", the prices.csv of `flexmarket optimize` (`time,wholesale,fcr,…`) | — |
 * | virtualBatteries.virtualAssets | "all" or a list of ids | "all" |
 * | virtualBatteries.markets | of FCR, AFRRCapacity | ["FCR"] |
 * | virtualBatteries.daysAhead | bid for the next N delivery days (Europe/Berlin) | 1 |
 * | virtualBatteries.planner | "optimizer" (POST …/optimize) or "prices" (offer offeredCapacityKw at the file's prices) | "prices" |
 * | virtualBatteries.offeredCapacityKw | kW per product for the "prices" planner (whole MW) | 1000 |
 */
import { dirname, resolve } from "node:path";
import { Decimal } from "decimal.js";
import { COMPETITION_TYPES, RATE_TYPES, type RateType } from "../../domain/marketplace/types.js";
import { DAY_AHEAD_MARKETS, type DayAheadMarket } from "../../domain/markets/catalogue.js";

export type RateRule = { readonly relativeToGuide: string } | { readonly absolute: string };

export interface MarketplaceConfig {
  readonly pollOpportunitiesMs: number;
  readonly pollResultsMs: number;
  readonly strategy: {
    readonly competitionTypes: readonly string[] | null;
    readonly assets: "all" | { readonly flex: readonly string[]; readonly planned: readonly string[] };
    readonly capacityShare: string;
    readonly maxRuntime: string;
    readonly rates: Partial<Record<RateType, RateRule>>;
  };
}

export interface VirtualBatteryConfig {
  readonly pricesFile: string;
  readonly virtualAssets: "all" | readonly string[];
  readonly markets: readonly DayAheadMarket[];
  readonly daysAhead: number;
  readonly planner: "optimizer" | "prices";
  readonly offeredCapacityKw: number;
}

export interface AgentConfig {
  readonly baseUrl?: string;
  readonly statePath: string;
  readonly marketplace: MarketplaceConfig | null;
  readonly virtualBatteries: VirtualBatteryConfig | null;
}

export class AgentConfigError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`agent config: ${field} ${message}`);
    this.name = "AgentConfigError";
    this.field = field;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function only(o: Obj, allowed: readonly string[], base: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new AgentConfigError(base ? `${base}.${key}` : key, `is not a known setting (${allowed.join(", ")})`);
    }
  }
}

function minutes(v: unknown, field: string, fallback: number): number {
  if (v === undefined) return fallback * 60_000;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 1) throw new AgentConfigError(field, "must be a number ≥ 1");
  return Math.round(v * 60_000);
}

function decimalString(v: unknown, field: string, check: (d: Decimal) => boolean, rule: string): string {
  if (typeof v !== "string" || !/^\d+(\.\d+)?$/.test(v)) {
    throw new AgentConfigError(field, `must be a decimal string, e.g. "0.95"`);
  }
  if (!check(new Decimal(v))) throw new AgentConfigError(field, rule);
  return v;
}

function idList(v: unknown, field: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || x === "")) {
    throw new AgentConfigError(field, "must be a list of ids");
  }
  return v as string[];
}

function parseMarketplace(raw: unknown): MarketplaceConfig | null {
  if (raw === undefined || raw === null) return null;
  if (!isObj(raw)) throw new AgentConfigError("marketplace", "must be an object");
  only(raw, ["pollOpportunitiesMinutes", "pollResultsMinutes", "strategy"], "marketplace");
  const s = raw.strategy;
  if (!isObj(s)) throw new AgentConfigError("marketplace.strategy", "is required (an object)");
  only(s, ["competitionTypes", "assets", "capacityShare", "maxRuntime", "rates"], "marketplace.strategy");
  let competitionTypes: string[] | null = null;
  if (s.competitionTypes !== undefined) {
    competitionTypes = idList(s.competitionTypes, "marketplace.strategy.competitionTypes");
    for (const [i, t] of competitionTypes.entries()) {
      if (!(COMPETITION_TYPES as readonly string[]).includes(t)) {
        throw new AgentConfigError(
          `marketplace.strategy.competitionTypes[${i}]`,
          `must be one of ${COMPETITION_TYPES.join(", ")}`,
        );
      }
    }
  }
  let assets: MarketplaceConfig["strategy"]["assets"] = "all";
  if (s.assets !== undefined && s.assets !== "all") {
    if (!isObj(s.assets)) throw new AgentConfigError("marketplace.strategy.assets", 'must be "all" or {flex, planned}');
    only(s.assets, ["flex", "planned"], "marketplace.strategy.assets");
    assets = {
      flex: idList(s.assets.flex, "marketplace.strategy.assets.flex"),
      planned: idList(s.assets.planned, "marketplace.strategy.assets.planned"),
    };
  }
  const capacityShare =
    s.capacityShare === undefined
      ? "1"
      : decimalString(
          s.capacityShare,
          "marketplace.strategy.capacityShare",
          (d) => d.gt(0) && d.lte(1),
          "must be more than 0 and at most 1",
        );
  if (s.maxRuntime !== undefined && typeof s.maxRuntime !== "string") {
    throw new AgentConfigError("marketplace.strategy.maxRuntime", 'must be a duration string, e.g. "01:30:00"');
  }
  const rates: Partial<Record<RateType, RateRule>> = {};
  if (!isObj(s.rates)) throw new AgentConfigError("marketplace.strategy.rates", "is required (an object)");
  only(s.rates, RATE_TYPES, "marketplace.strategy.rates");
  for (const type of RATE_TYPES) {
    const rule = s.rates[type];
    const field = `marketplace.strategy.rates.${type}`;
    if (rule === undefined) continue;
    if (!isObj(rule)) throw new AgentConfigError(field, 'must be {"relativeToGuide": "0.95"} or {"absolute": "12.50"}');
    only(rule, ["relativeToGuide", "absolute"], field);
    if ((rule.relativeToGuide === undefined) === (rule.absolute === undefined)) {
      throw new AgentConfigError(field, "takes exactly one of relativeToGuide and absolute");
    }
    rates[type] =
      rule.relativeToGuide !== undefined
        ? { relativeToGuide: decimalString(rule.relativeToGuide, `${field}.relativeToGuide`, () => true, "") }
        : { absolute: decimalString(rule.absolute, `${field}.absolute`, () => true, "") };
  }
  return {
    pollOpportunitiesMs: minutes(raw.pollOpportunitiesMinutes, "marketplace.pollOpportunitiesMinutes", 60),
    pollResultsMs: minutes(raw.pollResultsMinutes, "marketplace.pollResultsMinutes", 1440),
    strategy: {
      competitionTypes,
      assets,
      capacityShare,
      maxRuntime: (s.maxRuntime as string | undefined) ?? "01:00:00",
      rates,
    },
  };
}

function parseVirtualBatteries(raw: unknown, baseDir: string): VirtualBatteryConfig | null {
  if (raw === undefined || raw === null) return null;
  const base = "virtualBatteries";
  if (!isObj(raw)) throw new AgentConfigError(base, "must be an object");
  only(raw, ["prices", "virtualAssets", "markets", "daysAhead", "planner", "offeredCapacityKw"], base);
  if (typeof raw.prices !== "string" || raw.prices === "") {
    throw new AgentConfigError(`${base}.prices`, "is required: a CSV or JSON file (or http(s) URL) of prices");
  }
  const markets = raw.markets === undefined ? ["FCR"] : idList(raw.markets, `${base}.markets`);
  for (const [i, m] of markets.entries()) {
    if (!(DAY_AHEAD_MARKETS as readonly string[]).includes(m)) {
      throw new AgentConfigError(`${base}.markets[${i}]`, `must be ${DAY_AHEAD_MARKETS.join(" or ")}`);
    }
  }
  const daysAhead = raw.daysAhead ?? 1;
  if (typeof daysAhead !== "number" || !Number.isInteger(daysAhead) || daysAhead < 1 || daysAhead > 7) {
    throw new AgentConfigError(`${base}.daysAhead`, "must be a whole number from 1 to 7");
  }
  const planner = raw.planner ?? "prices";
  if (planner !== "optimizer" && planner !== "prices") {
    throw new AgentConfigError(`${base}.planner`, 'must be "optimizer" or "prices"');
  }
  const kw = raw.offeredCapacityKw ?? 1000;
  if (typeof kw !== "number" || !Number.isInteger(kw) || kw < 1000 || kw % 1000 !== 0) {
    throw new AgentConfigError(`${base}.offeredCapacityKw`, "must be whole MW in kW (1000, 2000, …)");
  }
  const virtualAssets =
    raw.virtualAssets === undefined || raw.virtualAssets === "all"
      ? "all"
      : idList(raw.virtualAssets, `${base}.virtualAssets`);
  return {
    pricesFile: /^https?:\/\//i.test(raw.prices) ? raw.prices : resolve(baseDir, raw.prices),
    virtualAssets,
    markets: markets as DayAheadMarket[],
    daysAhead,
    planner,
    offeredCapacityKw: kw,
  };
}

/** Parses a config object; relative paths are resolved against `baseDir` (the config file's folder). */
export function parseAgentConfig(raw: unknown, baseDir: string): AgentConfig {
  if (!isObj(raw)) throw new AgentConfigError("(root)", "must be a JSON object");
  only(raw, ["$schema", "baseUrl", "state", "marketplace", "virtualBatteries"], "");
  if (raw.baseUrl !== undefined && typeof raw.baseUrl !== "string") {
    throw new AgentConfigError("baseUrl", "must be a URL string");
  }
  if (raw.state !== undefined && (typeof raw.state !== "string" || raw.state === "")) {
    throw new AgentConfigError("state", "must be a file path");
  }
  const marketplace = parseMarketplace(raw.marketplace);
  const virtualBatteries = parseVirtualBatteries(raw.virtualBatteries, baseDir);
  if (!marketplace && !virtualBatteries) {
    throw new AgentConfigError("marketplace", "or virtualBatteries must be configured: the agent has nothing to do");
  }
  return {
    ...(raw.baseUrl !== undefined ? { baseUrl: raw.baseUrl as string } : {}),
    statePath: raw.state === ":memory:" ? ":memory:" : resolve(baseDir, (raw.state as string) ?? "agent-state.sqlite"),
    marketplace,
    virtualBatteries,
  };
}

export const configDir = (file: string): string => dirname(resolve(file));

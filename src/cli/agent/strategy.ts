/**
 * The agent's strategy → a ballot body for one competition. Pure: the competition as the API returns it, the
 * provider's qualified assets (with the capacity each brings) and the strategy in; the body out, or the reason no
 * ballot is made. The body is then checked with the server's own `validateBallot` before it is sent.
 *
 * | part | rule |
 * |---|---|
 * | assets | "all": the body names none (the server takes every qualified, entered asset); a list: those of it that are qualified (none → no ballot) |
 * | capacity | per window: floor(share × min(capacity_required, the assets' capacity)) to the kW (0.001 MW); a window where that is 0 gets no bid |
 * | max_runtime | the strategy's, for every bid |
 * | rates | every rate type of the competition's type: relativeToGuide × the guide price (availability, utilisation) or × the service fee, rounded half-up to the penny; or absolute |
 */
import { Decimal } from "decimal.js";
import { requiredRateTypes } from "../../domain/marketplace/rates.js";
import type { CompetitionType, QualifiedAsset, RateType } from "../../domain/marketplace/types.js";
import { formatGbp, formatMw, parseGbp, parseMw } from "../../domain/units.js";
import type { BallotBody, CompetitionWire } from "../../sdk/index.js";
import type { MarketplaceConfig } from "./config.js";

export type StrategyOutcome =
  | { readonly ok: true; readonly body: BallotBody }
  | { readonly ok: false; readonly reason: string; readonly field?: string };

const GUIDE: Record<RateType, keyof CompetitionWire> = {
  availability: "availability_guide_price",
  utilisation: "utilisation_guide_price",
  service_fee: "service_fee",
};

export function buildBallot(
  competition: CompetitionWire,
  qualifiedAssets: readonly QualifiedAsset[],
  strategy: MarketplaceConfig["strategy"],
): StrategyOutcome {
  if (strategy.competitionTypes !== null && !strategy.competitionTypes.includes(competition.type)) {
    return { ok: false, reason: `competition type ${competition.type} is not in the strategy's competitionTypes` };
  }
  let assets: QualifiedAsset[] = [...qualifiedAssets];
  let named: BallotBody["assets"];
  if (strategy.assets !== "all") {
    const wanted = strategy.assets;
    assets = qualifiedAssets.filter((a) => (a.kind === "flex" ? wanted.flex : wanted.planned).includes(a.id));
    if (assets.length === 0) {
      return { ok: false, reason: "none of the strategy's assets is qualified for and entered into the competition" };
    }
    named = {
      flex: assets.filter((a) => a.kind === "flex").map((a) => a.id),
      planned: assets.filter((a) => a.kind === "planned").map((a) => a.id),
    };
  }
  const assetCapacity = assets.reduce((sum, a) => sum + a.capacityMilliMw, 0);

  const rates: { type: string; value: string }[] = [];
  for (const type of requiredRateTypes(competition.type as CompetitionType)) {
    const rule = strategy.rates[type];
    const field = `marketplace.strategy.rates.${type}`;
    if (rule === undefined) {
      return { ok: false, reason: `a ${competition.type} competition needs a ${type} rate`, field };
    }
    if ("absolute" in rule) {
      rates.push({ type, value: rule.absolute });
      continue;
    }
    const guide = competition[GUIDE[type]] as string | null;
    if (guide === null) {
      return { ok: false, reason: `competition ${competition.id} gives no ${GUIDE[type]} to be relative to`, field };
    }
    const pence = parseGbp(guide, GUIDE[type]);
    if (!pence.ok) return { ok: false, reason: pence.error.message, field };
    const value = new Decimal(pence.value).times(rule.relativeToGuide).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    rates.push({ type, value: formatGbp(value.toNumber()) });
  }

  const bids: BallotBody["bids"] = [];
  for (const period of competition.service_periods) {
    for (const window of period.service_windows) {
      const required = parseMw(window.capacity_required, "capacity_required");
      if (!required.ok) continue;
      const ceiling = Math.min(required.value, assetCapacity);
      const milliMw = new Decimal(ceiling).times(strategy.capacityShare).floor().toNumber();
      if (milliMw <= 0) continue;
      bids.push({
        service_window_id: window.id,
        capacity: formatMw(milliMw),
        max_runtime: strategy.maxRuntime,
        rates: rates.map((r) => ({ ...r })),
      });
    }
  }
  if (bids.length === 0) return { ok: false, reason: "no service window gets a positive capacity" };
  return {
    ok: true,
    body: { competition_id: competition.id, bids, ...(named !== undefined ? { assets: named } : {}) },
  };
}

/**
 * `POST /organisations/{organisationID}/virtual-assets/{virtualAssetID}/optimize` — co-optimizes FCR, aFRR capacity
 * and wholesale for one virtual battery over whole delivery days (Europe/Berlin) from price forecasts in the body,
 * around what the asset already holds, and answers a plan ready to act on (nothing is stored, nothing is placed):
 * - `actions`: per reserve product the asset holds or the plan offers, `keep | replace | new` (with the bid kept or
 *   replaced, and why a kept bid cannot change);
 * - `bids.fcr` / `bids.afrr`: the bodies for `POST …/ancillary/bids` — replace and new only; send FCR, then aFRR;
 * - `wholesaleBlockID` + `schedule`: then the body `{schedule}` for `PUT …/blocks/{wholesaleBlockID}`
 *   (`scheduleAction: keep` with `scheduleRefused` when the platform would refuse the planned one: the current one);
 * - `stateOfCharge`: the trajectory as the platform simulates it; `expectedRevenue` per market (EUR);
 * - `solver`, `status`, `fallbackReason`, `mipGap`, `solveTimeMs`, `slacks` (limits the plan misses, kWh).
 *
 * Reads (the domain reads nothing): the asset, its blocks' schedules, and its bids on the horizon's days. From them,
 * at this instant: the commitments (`readCommitments`: which bids cannot change, gates, held power — the
 * platform's own bid rules), the frozen first slots (dispatch gate closure) and the end energy the schedules after
 * the horizon need. Applied in the answer's order, the requests are accepted as they are (docs/optimizer.md,
 * "Commitments").
 *
 * Units at the edge: EUR numbers → euro-cents (more than 2 decimals → 400), percents / ratios → ppm (exact),
 * kW stays whole kW. The SoC at the horizon start is projected from the asset's current schedules unless
 * `startStateOfCharge` is given. The plan's power limits are the WHOLESALE block's capacity over the horizon.
 * The solve runs in the optimizer worker pool (`deps.optimizer`) with a time limit (`options.timeLimitSeconds`,
 * default 2 s) counted from admission, queueing included; organisations are served in turn and each may have
 * FLEXMARKET_OPTIMIZER_QUEUE requests in the pool at once, beyond which the answer is 429 with `Retry-After`
 * (docs/optimizer.md, "Fair sharing").
 */
import { Decimal } from "decimal.js";
import { type Static, Type } from "typebox";
import { listExistingBidsOnDays } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { loadBlockSchedules } from "../../db/repositories/virtual-battery/blocks.js";
import { PPM, type VirtualAssetSpec } from "../../domain/ancillary/virtual-asset.js";
import { AppError, fail, ok, type Result, unwrap } from "../../domain/errors.js";
import { MAX_DATE_LENGTH } from "../../domain/limits.js";
import {
  endEnergyRange,
  frozenSchedule,
  type PlanActions,
  planActions,
  readCommitments,
  type ScheduleToSend,
  scheduleToSend,
} from "../../domain/optimizer/commitments.js";
import { buildHorizon } from "../../domain/optimizer/horizon.js";
import { DEFAULT_CONFIG, MAX_HORIZON_DAYS } from "../../domain/optimizer/model.js";
import type {
  BiddingRule,
  OptimizerConfig,
  OptimizerPlan,
  PriceForecast,
  PriceRule,
} from "../../domain/optimizer/types.js";
import { QUARTER_HOUR_MS } from "../../domain/time.js";
import { eurToCents } from "../../domain/units.js";
import { planForVirtualAsset } from "../../engine/optimizer-pool.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams, ownedAsset } from "./wire.js";

const MAX_STEPS = MAX_HORIZON_DAYS * 100;
/** Beyond the time limit, for the worker to answer and the plan to be read (the pool's default grace). */
const SOLVE_GRACE_MS = 1_000;
const MAX_BLOCKS = MAX_HORIZON_DAYS * 6;

const Eur = (description: string) => Type.Number({ description });
const PerStep = (description: string) => Type.Array(Eur(description), { maxItems: MAX_STEPS });
const PerBlock = (description: string) => Type.Array(Eur(description), { maxItems: MAX_BLOCKS });

const Rule = Type.Object(
  {
    markup: Type.Number({ minimum: 0, maximum: 100, description: "Factor on the forecast, e.g. 0.95" }),
    offset: Type.Number({ minimum: -15000, maximum: 15000, description: "EUR added after the markup" }),
  },
  { additionalProperties: false },
);

const Body = Type.Object(
  {
    horizon: Type.Object(
      {
        firstDeliveryDay: Type.String({
          maxLength: MAX_DATE_LENGTH,
          description: "YYYY-MM-DD, Europe/Berlin",
          examples: ["2026-06-03"],
        }),
        days: Type.Integer({ minimum: 1, maximum: MAX_HORIZON_DAYS }),
      },
      { additionalProperties: false },
    ),
    prices: Type.Object(
      {
        wholesale: PerStep("EUR/MWh per quarter-hour of the horizon (96 a day; 92 / 100 on DST days)"),
        fcr: Type.Optional(PerBlock("FCR capacity, EUR/MW per 4-h block (6 a day); absent = no FCR")),
        afrrCapacityPos: Type.Optional(PerBlock("aFRR POS capacity, EUR/MW/h per block; absent = no aFRR POS")),
        afrrCapacityNeg: Type.Optional(PerBlock("aFRR NEG capacity, EUR/MW/h per block; absent = no aFRR NEG")),
        afrrEnergyPos: Type.Optional(PerBlock("Expected aFRR POS energy price, EUR/MWh per block")),
        afrrEnergyNeg: Type.Optional(
          PerBlock("Expected aFRR NEG energy price, EUR/MWh per block (+ = paid by the TSO)"),
        ),
      },
      { additionalProperties: false },
    ),
    startStateOfCharge: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: "% at the horizon start; default: projected" }),
    ),
    stateOfChargeLimits: Type.Optional(
      Type.Object(
        { lower: Type.Number({ minimum: 0, maximum: 100 }), upper: Type.Number({ minimum: 0, maximum: 100 }) },
        { additionalProperties: false, description: "Operating limits, % (default 0 … 100)" },
      ),
    ),
    targetStateOfCharge: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: "% at the end (50)" })),
    afrrActivationShare: Type.Optional(
      Type.Object(
        { pos: Type.Number({ minimum: 0, maximum: 1 }), neg: Type.Number({ minimum: 0, maximum: 1 }) },
        { additionalProperties: false, description: "Expected activated share of the offered aFRR (default 0)" },
      ),
    ),
    degradationCost: Type.Optional(Type.Number({ minimum: 0, description: "EUR per MWh of throughput" })),
    options: Type.Optional(
      Type.Object(
        {
          timeLimitSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 30 })),
          mipRelGap: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5 })),
          afrrActivationSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 4 * 3600 })),
          targetPenalty: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "EUR/MWh off the target" })),
          bidding: Type.Optional(
            Type.Object(
              { fcrCapacity: Type.Optional(Rule), afrrCapacity: Type.Optional(Rule), afrrEnergy: Type.Optional(Rule) },
              { additionalProperties: false, description: "Bid price = forecast × markup + offset" },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, title: "OptimizeRequest" },
);
type BodyT = Static<typeof Body>;

const ProductBidsBody = Type.Object({
  product: Type.String(),
  deliveryDay: Type.String({ format: "date" }),
  bids: Type.Array(
    Type.Object({
      offeredCapacity: Type.Number({ description: "kW, whole MW" }),
      capacityPrice: Type.Number(),
      energyPrice: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});

const Action = Type.Object({
  action: Type.Union([Type.Literal("keep"), Type.Literal("replace"), Type.Literal("new")]),
  market: Type.Union([Type.Literal("FCR"), Type.Literal("AFRRCapacity")]),
  product: Type.String(),
  deliveryDay: Type.String({ format: "date" }),
  offeredCapacity: Type.Number({ description: "kW after the plan (the kept bid's, or the one sent)" }),
  capacityPrice: Type.Union([Type.Number(), Type.Null()], { description: "sent (replace / new); null for keep" }),
  energyPrice: Type.Union([Type.Number(), Type.Null()]),
  existing: Type.Union([
    Type.Object({
      bidID: Type.String({ format: "uuid" }),
      offeredCapacity: Type.Number(),
      status: Type.Union([Type.Literal("pending"), Type.Literal("submitted")]),
    }),
    Type.Null(),
  ]),
  fixed: Type.Union([Type.String(), Type.Null()], {
    description: "why a kept bid cannot change: bid_pending, gate_closed, delivery_day_too_far, energy_bid_pending",
  }),
});

const Response = Type.Object(
  {
    solver: Type.Union([Type.Literal("highs"), Type.Literal("greedy")]),
    status: Type.Union([Type.Literal("optimal"), Type.Literal("time_limit"), Type.Literal("heuristic")]),
    fallbackReason: Type.Union([Type.String(), Type.Null()]),
    mipGap: Type.Union([Type.Number(), Type.Null()]),
    solveTimeMs: Type.Number(),
    startStateOfCharge: Type.Number({ description: "% at the horizon start" }),
    actions: Type.Array(Action, {
      description:
        "Per reserve product the asset holds or the plan offers: keep | replace | new (FCR first, then aFRR)",
    }),
    bids: Type.Object(
      { fcr: Type.Array(ProductBidsBody), afrr: Type.Array(ProductBidsBody) },
      {
        description: "The request bodies (replace and new only): POST bids.fcr, then bids.afrr, then PUT the schedule",
      },
    ),
    wholesaleBlockID: Type.String({ format: "uuid" }),
    scheduleAction: Type.Union([Type.Literal("replace"), Type.Literal("keep")], {
      description:
        "keep: the platform would refuse the planned schedule (scheduleRefused); schedule is the current one",
    }),
    scheduleRefused: Type.Union([Type.Object({ error: Type.String(), message: Type.String() }), Type.Null()]),
    schedule: Type.Array(Type.Object({ time: Type.String({ format: "date-time" }), power: Type.Number() })),
    stateOfCharge: Type.Array(
      Type.Object({ time: Type.String({ format: "date-time" }), soc: Type.Number(), energy: Type.Number() }),
    ),
    expectedRevenue: Type.Object({
      wholesale: Type.Number(),
      fcr: Type.Number(),
      afrrCapacity: Type.Number(),
      afrrEnergy: Type.Number(),
      degradation: Type.Number(),
      total: Type.Number(),
    }),
    slacks: Type.Array(
      Type.Object({ kind: Type.String(), time: Type.String({ format: "date-time" }), amount: Type.Number() }),
    ),
  },
  { title: "OptimizedPlan" },
);

// --- edge conversions (exact) ---

function centsArray(values: readonly number[] | undefined, field: string): Result<number[] | undefined> {
  if (values === undefined) return ok(undefined);
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const cents = eurToCents(values[i], `${field}[${i}]`);
    if (!cents.ok) return cents;
    out.push(cents.value);
  }
  return ok(out);
}

/** A number scaled to whole ppm (`scale` ppm per unit), exactly; finer than 1 ppm → 400. */
function toPpm(value: number, scale: number, field: string): Result<number> {
  const ppm = new Decimal(String(value)).times(scale);
  if (!ppm.isInteger()) return fail("validation_failed", `${field} is finer than 1 ppm`, field);
  return ok(ppm.toNumber() + 0);
}

function rule(input: { markup: number; offset: number } | undefined, field: string): Result<PriceRule | undefined> {
  if (!input) return ok(undefined);
  const markupPpm = toPpm(input.markup, PPM, `${field}.markup`);
  if (!markupPpm.ok) return markupPpm;
  const offsetCents = eurToCents(input.offset, `${field}.offset`);
  if (!offsetCents.ok) return offsetCents;
  return ok({ markupPpm: markupPpm.value, offsetCents: offsetCents.value });
}

interface Converted {
  prices: PriceForecast;
  startPpm?: number;
  socLimits?: { lowerPpm: number; upperPpm: number };
  targetSocPpm?: number;
  afrrActivationShare?: { posPpm: number; negPpm: number };
  degradationCentsPerMwh?: number;
  config: Partial<OptimizerConfig>;
}

function convert(body: BodyT): Result<Converted> {
  const p = body.prices;
  const arrays = {
    wholesaleCentsPerMwh: centsArray(p.wholesale, "prices.wholesale"),
    fcrCentsPerMw: centsArray(p.fcr, "prices.fcr"),
    afrrPosCapacityCentsPerMwH: centsArray(p.afrrCapacityPos, "prices.afrrCapacityPos"),
    afrrNegCapacityCentsPerMwH: centsArray(p.afrrCapacityNeg, "prices.afrrCapacityNeg"),
    afrrPosEnergyCentsPerMwh: centsArray(p.afrrEnergyPos, "prices.afrrEnergyPos"),
    afrrNegEnergyCentsPerMwh: centsArray(p.afrrEnergyNeg, "prices.afrrEnergyNeg"),
  };
  const prices: Record<string, number[]> = {};
  for (const [key, result] of Object.entries(arrays)) {
    if (!result.ok) return result;
    if (result.value !== undefined) prices[key] = result.value;
  }
  const out: Converted = { prices: prices as unknown as PriceForecast, config: {} };
  if (body.startStateOfCharge !== undefined) {
    const v = toPpm(body.startStateOfCharge, 10_000, "startStateOfCharge");
    if (!v.ok) return v;
    out.startPpm = v.value;
  }
  if (body.stateOfChargeLimits) {
    const lower = toPpm(body.stateOfChargeLimits.lower, 10_000, "stateOfChargeLimits.lower");
    if (!lower.ok) return lower;
    const upper = toPpm(body.stateOfChargeLimits.upper, 10_000, "stateOfChargeLimits.upper");
    if (!upper.ok) return upper;
    out.socLimits = { lowerPpm: lower.value, upperPpm: upper.value };
  }
  if (body.targetStateOfCharge !== undefined) {
    const v = toPpm(body.targetStateOfCharge, 10_000, "targetStateOfCharge");
    if (!v.ok) return v;
    out.targetSocPpm = v.value;
  }
  if (body.afrrActivationShare) {
    const pos = toPpm(body.afrrActivationShare.pos, PPM, "afrrActivationShare.pos");
    if (!pos.ok) return pos;
    const neg = toPpm(body.afrrActivationShare.neg, PPM, "afrrActivationShare.neg");
    if (!neg.ok) return neg;
    out.afrrActivationShare = { posPpm: pos.value, negPpm: neg.value };
  }
  if (body.degradationCost !== undefined) {
    const v = eurToCents(body.degradationCost, "degradationCost");
    if (!v.ok) return v;
    out.degradationCentsPerMwh = v.value;
  }
  const o = body.options ?? {};
  const config: { -readonly [K in keyof OptimizerConfig]?: OptimizerConfig[K] } = {};
  if (o.timeLimitSeconds !== undefined) config.timeLimitSeconds = o.timeLimitSeconds;
  if (o.mipRelGap !== undefined) config.mipRelGap = o.mipRelGap;
  if (o.afrrActivationSeconds !== undefined) config.afrrActivationSeconds = o.afrrActivationSeconds;
  if (o.targetPenalty !== undefined) {
    const v = eurToCents(o.targetPenalty, "options.targetPenalty");
    if (!v.ok) return v;
    config.targetPenaltyCentsPerMwh = v.value;
  }
  if (o.bidding) {
    const neutral: PriceRule = { markupPpm: PPM, offsetCents: 0 };
    const rules: Record<string, PriceRule> = {};
    for (const key of ["fcrCapacity", "afrrCapacity", "afrrEnergy"] as const) {
      const r = rule(o.bidding[key], `options.bidding.${key}`);
      if (!r.ok) return r;
      rules[key] = r.value ?? neutral;
    }
    config.bidding = rules as unknown as BiddingRule;
  }
  out.config = config;
  return ok(out);
}

const kwh = (milliWh: number) => new Decimal(milliWh).dividedBy(1_000_000).toDecimalPlaces(3).toNumber() + 0;

function planToWire(
  plan: OptimizerPlan,
  wholesaleBlockID: string,
  asset: VirtualAssetSpec,
  actions: PlanActions,
  sent: ScheduleToSend,
) {
  const available = asset.availableEnergyCapacityWh;
  const socOf = (milliWh: number) =>
    new Decimal(milliWh)
      .dividedBy(available * 10)
      .toDecimalPlaces(4)
      .toNumber() + 0;
  return {
    solver: plan.solver,
    status: plan.status,
    fallbackReason: plan.fallbackReason,
    // HiGHS reports an infinite gap for a MIP whose best objective is 0 (nothing worth doing): no gap to tell
    mipGap: plan.mipGap !== null && Number.isFinite(plan.mipGap) ? plan.mipGap : null,
    solveTimeMs: Math.round(plan.solveMs * 10) / 10,
    startStateOfCharge: socOf(plan.soc[0]!.energyMilliWh),
    actions: actions.actions.map(({ existing, ...a }) => ({
      ...a,
      existing: existing && { bidID: existing.bidId, offeredCapacity: existing.offeredKw, status: existing.status },
    })),
    bids: {
      fcr: actions.bids.fcr.map((p) => ({ ...p, bids: p.bids.map((b) => ({ ...b })) })),
      afrr: actions.bids.afrr.map((p) => ({ ...p, bids: p.bids.map((b) => ({ ...b })) })),
    },
    wholesaleBlockID,
    scheduleAction: sent.refused === null ? ("replace" as const) : ("keep" as const),
    scheduleRefused: sent.refused,
    schedule: sent.schedule.map((s) => ({ time: s.time, power: s.power })),
    stateOfCharge: plan.soc.map((p) => ({ time: p.time, soc: socOf(p.energyMilliWh), energy: kwh(p.energyMilliWh) })),
    expectedRevenue: plan.expectedRevenue,
    slacks: plan.slacks.map((s) => ({ kind: s.kind, time: s.time, amount: kwh(s.amountMilliWh) })),
  };
}

export const optimizeVirtualAsset: Operation = (app, deps) => {
  app.post(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/optimize",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Optimize FCR, aFRR and wholesale for a virtual asset",
        description:
          "Co-optimizes whole-MW FCR and aFRR capacity bids and the wholesale schedule over whole delivery days " +
          "(Europe/Berlin) from the price forecasts in the body, around the bids the asset already holds. Answers " +
          "per product keep | replace | new (actions), the bids to POST to …/ancillary/bids (FCR first, then aFRR), " +
          "the schedule to PUT on the WHOLESALE block (each accepted as it is, in that order), the state-of-charge trajectory, expected revenue per " +
          "market, the solver status, MIP gap and time, and any limits the plan cannot meet (slacks). Never " +
          "infeasible; bounded by options.timeLimitSeconds (default 2 s); a greedy plan answers if the solver fails. " +
          "Stores nothing. Percentages are of the available energy capacity.",
        params: AssetParams,
        body: Body,
        response: { 200: Response, ...errorResponses(400, 401, 404, 429) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const db = deps.db.kysely;
      const asset = await ownedAsset(db, organisationId, request.params.virtualAssetID);
      const body = request.body as BodyT;
      const converted = unwrap(convert(body));
      const blocks = await loadBlockSchedules(db, asset.spec.id);

      const day = body.horizon.firstDeliveryDay;
      const horizon = /^\d{4}-\d{2}-\d{2}$/.test(day) ? safeHorizon(day, body.horizon.days) : null;
      if (!horizon)
        throw new AppError(
          "validation_failed",
          "horizon.firstDeliveryDay must be a valid YYYY-MM-DD",
          "horizon.firstDeliveryDay",
        );
      const wholesale = blocks.find(
        (b) => b.block.market === "WHOLESALE" && b.block.start <= horizon.start && b.block.end >= horizon.end,
      );
      if (!wholesale) {
        throw new AppError(
          "interval_invalid",
          "No WHOLESALE block of this virtual asset covers the horizon.",
          "horizon",
        );
      }
      // the plan's power limits: the wholesale block's capacity over the horizon (whole kW)
      let chargeKw = asset.spec.ratedChargePowerKw;
      let dischargeKw = asset.spec.ratedDischargePowerKw;
      for (let t = horizon.start; t < horizon.end; t += QUARTER_HOUR_MS) {
        const cap = wholesale.block.powerCapacity[(t - wholesale.block.start) / QUARTER_HOUR_MS];
        chargeKw = Math.min(chargeKw, cap?.chargePowerCapacityKw ?? 0);
        dischargeKw = Math.min(dischargeKw, cap?.dischargePowerCapacityKw ?? 0);
      }
      const spec: VirtualAssetSpec = {
        ...asset.spec,
        ratedChargePowerKw: chargeKw,
        ratedDischargePowerKw: dischargeKw,
      };

      // what the asset already holds: its bids on the horizon's days, judged by the platform's rules at this instant
      const now = deps.clock.now();
      const existing = await listExistingBidsOnDays(
        db,
        asset.spec.id,
        horizon.days.map((d) => d.deliveryDay),
      );
      const held = readCommitments(asset.spec, horizon, existing, now);

      const budgetMs = (converted.config.timeLimitSeconds ?? DEFAULT_CONFIG.timeLimitSeconds) * 1000 + SOLVE_GRACE_MS;
      const admission = deps.optimizer.admit(organisationId, budgetMs);
      if (!admission.ok) {
        reply.header("retry-after", String(admission.retryAfterSeconds));
        throw new AppError(
          "rate_limited",
          `This organisation already has ${deps.config.optimizerQueue} optimizations running or waiting; retry in ${admission.retryAfterSeconds} s.`,
        );
      }
      const solveStarted = performance.now();
      const result = await planForVirtualAsset(
        {
          asset: spec,
          blocks,
          commitments: held.commitments,
          frozenScheduleKw: frozenSchedule(asset.spec, wholesale, horizon, now),
          endEnergyRange: endEnergyRange(asset.spec, blocks, horizon),
          horizon: { firstDeliveryDay: day, days: body.horizon.days },
          prices: converted.prices,
          ...(converted.startPpm !== undefined
            ? { startEnergyMilliWh: Math.round((spec.availableEnergyCapacityWh * converted.startPpm) / 1000) }
            : {}),
          ...(converted.socLimits ? { socLimits: converted.socLimits } : {}),
          ...(converted.targetSocPpm !== undefined ? { targetSocPpm: converted.targetSocPpm } : {}),
          ...(converted.afrrActivationShare ? { afrrActivationShare: converted.afrrActivationShare } : {}),
          ...(converted.degradationCentsPerMwh !== undefined
            ? { degradationCentsPerMwh: converted.degradationCentsPerMwh }
            : {}),
          config: converted.config,
        },
        admission.solver,
      ).finally(admission.release);
      deps.metrics.optimizerSolveDuration.observe(
        { outcome: result.ok ? "ok" : "invalid" },
        (performance.now() - solveStarted) / 1000,
      );
      if (!result.ok) throw AppError.from(inWireTerms(result.error));
      const plan = result.value;
      const sent = scheduleToSend(plan, asset.spec, wholesale, blocks, horizon, now);
      return planToWire(plan, wholesale.block.id, spec, planActions(plan, held.holdings), sent);
    },
  );
};

/** The optimizer's internal field names → the request's. */
const WIRE_FIELDS: Record<string, string> = {
  "prices.wholesaleCentsPerMwh": "prices.wholesale",
  "prices.fcrCentsPerMw": "prices.fcr",
  "prices.afrrPosCapacityCentsPerMwH": "prices.afrrCapacityPos",
  "prices.afrrNegCapacityCentsPerMwH": "prices.afrrCapacityNeg",
  "prices.afrrPosEnergyCentsPerMwh": "prices.afrrEnergyPos",
  "prices.afrrNegEnergyCentsPerMwh": "prices.afrrEnergyNeg",
  socLimits: "stateOfChargeLimits",
  "socLimits.lowerPpm": "stateOfChargeLimits.lower",
  "socLimits.upperPpm": "stateOfChargeLimits.upper",
  targetSocPpm: "targetStateOfCharge",
  degradationCentsPerMwh: "degradationCost",
  startEnergyMilliWh: "startStateOfCharge",
};

/** A domain error in the request's own terms: its field and the field named in its message as the body names them. */
function inWireTerms<E extends { message: string; field?: string | undefined }>(error: E): E {
  const { field } = wireField(error.field);
  if (field === undefined || error.field === undefined) return error;
  const internal = error.field.split("[")[0]!;
  const wire = field.split("[")[0]!;
  return { ...error, field, message: error.message.split(internal).join(wire) };
}

function wireField(field: string | undefined): { field?: string } {
  if (field === undefined) return {};
  const [head, index] = field.split("[");
  const mapped = WIRE_FIELDS[head!] ?? (head!.startsWith("config.") ? head!.replace("config.", "options.") : head!);
  return { field: index === undefined ? mapped : `${mapped}[${index}` };
}

function safeHorizon(day: string, days: number) {
  try {
    return buildHorizon(day, days);
  } catch {
    return null;
  }
}

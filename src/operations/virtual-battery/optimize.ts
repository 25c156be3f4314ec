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
import { listExistingBidsOnDays } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { loadBlockSchedules } from "../../db/repositories/virtual-battery/blocks.js";
import type { Deps } from "../../deps.js";
import type { VirtualAssetSpec } from "../../domain/ancillary/virtual-asset.js";
import { AppError, unwrap } from "../../domain/errors.js";
import {
  endEnergyRange,
  frozenSchedule,
  type PlanActions,
  planActions,
  readCommitments,
  type ScheduleToSend,
  scheduleToSend,
} from "../../domain/optimizer/commitments.js";
import { DEFAULT_CONFIG } from "../../domain/optimizer/model.js";
import type { OptimizerPlan } from "../../domain/optimizer/types.js";
import { QUARTER_HOUR_MS } from "../../domain/time.js";
import { planForVirtualAsset } from "../../engine/virtual-asset-plan.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { Body, type BodyT, convert, inWireTerms, safeHorizon } from "./optimize-request.js";
import { planToWire, Response } from "./optimize-response.js";
import { ownedAsset } from "./owned.js";

/** Beyond the time limit, for the worker to answer and the plan to be read (the pool's default grace). */
const SOLVE_GRACE_MS = 1_000;

/** The organisation already has its share of the optimizer pool; the route answers `Retry-After` with it. */
export class OptimizerBusy extends AppError {
  readonly retryAfterSeconds: number;
  constructor(queue: number, retryAfterSeconds: number) {
    super(
      "rate_limited",
      `This organisation already has ${queue} optimizations running or waiting; retry in ${retryAfterSeconds} s.`,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Plans one virtual asset over the body's horizon around what it already holds (reads only; nothing is stored). The
 * solve runs in `input.optimizer` (the worker pool, admitted per organisation: `OptimizerBusy` when its share is
 * taken) and is timed into `input.metrics`. Returns the plan with what its answer is built from: the WHOLESALE
 * block, the spec limited to its capacity, the plan's actions and the schedule to send.
 */
export async function optimizeVirtualAsset(
  ctx: UseCaseContext,
  input: {
    organisationId: string;
    virtualAssetId: string;
    body: BodyT;
    optimizer: Deps["optimizer"];
    optimizerQueue: number;
    metrics: Pick<Deps["metrics"], "optimizerSolveDuration">;
  },
): Promise<{
  plan: OptimizerPlan;
  wholesaleBlockId: string;
  spec: VirtualAssetSpec;
  actions: PlanActions;
  sent: ScheduleToSend;
}> {
  const { organisationId, body } = input;
  const db = ctx.db.kysely;
  const asset = await ownedAsset(db, organisationId, input.virtualAssetId);
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
    throw new AppError("interval_invalid", "No WHOLESALE block of this virtual asset covers the horizon.", "horizon");
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
  const now = ctx.now;
  const existing = await listExistingBidsOnDays(
    db,
    asset.spec.id,
    horizon.days.map((d) => d.deliveryDay),
  );
  const held = readCommitments(asset.spec, horizon, existing, now);

  const budgetMs = (converted.config.timeLimitSeconds ?? DEFAULT_CONFIG.timeLimitSeconds) * 1000 + SOLVE_GRACE_MS;
  const admission = input.optimizer.admit(organisationId, budgetMs);
  if (!admission.ok) throw new OptimizerBusy(input.optimizerQueue, admission.retryAfterSeconds);
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
  input.metrics.optimizerSolveDuration.observe(
    { outcome: result.ok ? "ok" : "invalid" },
    (performance.now() - solveStarted) / 1000,
  );
  if (!result.ok) throw AppError.from(inWireTerms(result.error));
  const plan = result.value;
  const sent = scheduleToSend(plan, asset.spec, wholesale, blocks, horizon, now);
  return { plan, wholesaleBlockId: wholesale.block.id, spec, actions: planActions(plan, held.holdings), sent };
}

export const optimizeVirtualAssetOperation: Operation = (app, deps) => {
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
      try {
        const planned = await optimizeVirtualAsset(contextOf(deps), {
          organisationId,
          virtualAssetId: request.params.virtualAssetID,
          body: request.body as BodyT,
          optimizer: deps.optimizer,
          optimizerQueue: deps.config.optimizerQueue,
          metrics: deps.metrics,
        });
        return planToWire(planned.plan, planned.wholesaleBlockId, planned.spec, planned.actions, planned.sent);
      } catch (error) {
        if (error instanceof OptimizerBusy) reply.header("retry-after", String(error.retryAfterSeconds));
        throw error;
      }
    },
  );
};

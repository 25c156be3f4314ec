/**
 * The optimize answer: its schema and the plan in wire terms (kWh to 3 decimals, state of charge in % of the
 * available energy capacity to 4).
 */
import { Decimal } from "decimal.js";
import { type Static, Type } from "typebox";
import type { VirtualAssetSpec } from "../../domain/ancillary/virtual-asset.js";
import type { PlanActions, ScheduleToSend } from "../../domain/optimizer/commitments.js";
import type { OptimizerPlan } from "../../domain/optimizer/types.js";

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

export const Response = Type.Object(
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

const kwh = (milliWh: number) => new Decimal(milliWh).dividedBy(1_000_000).toDecimalPlaces(3).toNumber() + 0;

export function planToWire(
  plan: OptimizerPlan,
  wholesaleBlockID: string,
  asset: VirtualAssetSpec,
  actions: PlanActions,
  sent: ScheduleToSend,
): Static<typeof Response> {
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

/**
 * `PUT /organisations/{organisationID}/virtual-assets/{virtualAssetID}/blocks/{blockID}` with
 * `{"schedule": [{"power": 380, "time": "2023-11-11T14:30:00Z"}]}` → the block.
 *
 * One transaction (shared, a savepoint each, by the updates that arrive together: group commit): lock the asset → read
 * all its blocks' schedules → `applyScheduleUpdate` decides (rules in
 * src/domain/ancillary/schedule.ts; the whole update is rejected with the first broken rule and its field) → write the
 * changed 96-slot chunks in one statement. The answer shows the default window (24 h before now … 48 h after) widened
 * to cover every updated slot, or `[start, end]` when given.
 */
import type { Transaction } from "kysely";
import { Type } from "typebox";
import { loadBlockSchedules, writeSchedule } from "../../db/repositories/virtual-battery/blocks.js";
import { lockVirtualAsset } from "../../db/repositories/virtual-battery/virtual-assets.js";
import { eachInSavepoint, groupKey, type Settled } from "../../db/savepoints.js";
import type { Database } from "../../db/schema.js";
import type { BlockSchedule, ScheduleUpdateEntry } from "../../domain/ancillary/schedule.js";
import { applyScheduleUpdate } from "../../domain/ancillary/schedule.js";
import { AppError, unwrap } from "../../domain/errors.js";
import { MAX_INSTANT_LENGTH, MAX_SCHEDULE_SLOTS } from "../../domain/limits.js";
import { type EpochMs, QUARTER_HOUR_MS } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import {
  BlockBody,
  BlockParams,
  blockToWire,
  defaultWindow,
  OptionalWindowQuery,
  parseWindow,
  type Window,
} from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { keyGroups } from "../key-groups.js";

const Body = Type.Object(
  {
    schedule: Type.Array(
      Type.Object(
        {
          power: Type.Number({ description: "kW (whole), positive = discharge", examples: [380] }),
          time: Type.String({
            maxLength: MAX_INSTANT_LENGTH,
            description: "Start of the 15-minute slot, RFC 3339",
            examples: ["2023-11-11T14:30:00Z"],
          }),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_SCHEDULE_SLOTS },
    ),
  },
  { additionalProperties: false, title: "BlockUpdate" },
);

export interface ScheduleUpdateInput {
  readonly organisationId: string;
  readonly virtualAssetId: string;
  readonly blockId: string;
  readonly update: readonly ScheduleUpdateEntry[];
}

/** One request's schedule update: its input and the market instant it was received at. */
export interface ScheduleUpdate {
  readonly input: ScheduleUpdateInput;
  readonly now: EpochMs;
}

/** Validates and stores one schedule update inside `tx` (the caller's transaction or savepoint). */
async function updateIn(tx: Transaction<Database>, { input, now }: ScheduleUpdate): Promise<BlockSchedule> {
  const { organisationId, virtualAssetId, blockId, update } = input;
  const asset = await lockVirtualAsset(tx, organisationId, virtualAssetId);
  if (!asset) throw new AppError("not_found", "No such virtual asset.");
  const blocks = await loadBlockSchedules(tx, asset.spec.id);
  const target = blocks.find((b) => b.block.id === blockId);
  if (!target) throw new AppError("not_found", "No such block.");
  const next = unwrap(applyScheduleUpdate(asset.spec, target.block, blocks, update, now));
  await writeSchedule(tx, blockId, target.schedule, next);
  return { block: target.block, schedule: next };
}

/**
 * Stores groups of schedule updates, each in a savepoint of one transaction (group commit, docs/architecture.md):
 * each is judged against the schedules the ones before it left; one that fails is rolled back alone.
 */
export function updateBlockSchedules(db: UseCaseContext["db"], updates: readonly ScheduleUpdate[]) {
  return eachInSavepoint(db, updates, updateIn);
}

/** The use case: validates and stores a schedule update; returns the block with its new schedule. */
export async function updateBlockSchedule(ctx: UseCaseContext, input: ScheduleUpdateInput): Promise<BlockSchedule> {
  const [outcome] = await updateBlockSchedules(ctx.db, [{ input, now: ctx.now }]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value;
}

/** Slots in one group at most: its transaction stays about as large as two of the largest updates. */
const MAX_GROUP_SLOTS = 2 * MAX_SCHEDULE_SLOTS;

/** The default window widened to the updated slots (times already validated by the update). */
function answerWindow(update: readonly { time: string }[], now: EpochMs): Window {
  let { start, end } = defaultWindow(now);
  for (const entry of update) {
    const t = Date.parse(entry.time);
    if (Number.isFinite(t)) {
      start = Math.min(start, t);
      end = Math.max(end, t + QUARTER_HOUR_MS - 1);
    }
  }
  return { start, end };
}

export const updateBlock: Operation = (app, deps) => {
  // Group commit: updates that arrive together share one transaction, a savepoint each (key-groups.ts); on PostgreSQL
  // only one asset's updates share one (they take its lock).
  const groups = keyGroups<ScheduleUpdate, Settled<BlockSchedule>>({
    run: (_key, updates) => updateBlockSchedules(deps.db, updates),
    maxWeight: MAX_GROUP_SLOTS,
    weight: (u) => Math.max(1, u.input.update.length),
  });
  app.put(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/blocks/:blockID",
    {
      schema: {
        tags: ["blocks"],
        summary: "Update the schedule of a block",
        description:
          "15-minute left-aligned slots in kW, positive = discharge. Each pair must hit an existing slot of the block " +
          "and lie within its power capacity; slots within dispatchGateClosureSeconds of delivery are frozen; the whole " +
          "update is rejected if the projected state of energy would leave its limits. Only WHOLESALE blocks.",
        params: BlockParams,
        querystring: OptionalWindowQuery,
        body: Body,
        response: { 200: BlockBody, ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const ctx = contextOf(deps);
      const now = ctx.now;
      const { virtualAssetID, blockID } = request.params;
      const window =
        request.query.start === undefined && request.query.end === undefined
          ? answerWindow(request.body.schedule, now)
          : unwrap(parseWindow(request.query, defaultWindow(now)));
      const input: ScheduleUpdateInput = {
        organisationId,
        virtualAssetId: virtualAssetID,
        blockId: blockID,
        update: request.body.schedule,
      };
      const outcome = await groups.submit(groupKey(deps.db, virtualAssetID), { input, now });
      if (!outcome.ok) throw outcome.error;
      return blockToWire(outcome.value, window);
    },
  );
};

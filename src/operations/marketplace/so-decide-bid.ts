/**
 * `POST /so/v1/bids/{bid_id}/decision/` — after close, the system operator accepts (all or part of its capacity) or
 * rejects one bid of an active ballot, with a reason; a later decision replaces it. The transaction-level step is
 * the one the DSO sandbox operator runs too (src/engine/competition-results.ts).
 */
import { type Static, Type } from "typebox";
import type { DecisionRecord } from "../../db/repositories/marketplace/results.js";
import { MAX_DECIMAL_LENGTH, MAX_TEXT_LENGTH } from "../../domain/limits.js";
import { toIso } from "../../domain/time.js";
import { type DecideBidInput, decideBidIn } from "../../engine/competition-results.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { Instant, mwOrNull, NullableString } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

const TAG = "system operator";

export const DecisionWire = Type.Object({
  bid_id: Type.String(),
  competition_id: Type.String(),
  status: Type.String({ description: "accepted or rejected" }),
  accepted_capacity: NullableString({ description: "MW accepted; null when rejected" }),
  reason: NullableString(),
  decided: Instant("When decided"),
});

export const decisionToWire = (d: DecisionRecord): Static<typeof DecisionWire> => ({
  bid_id: d.bidId,
  competition_id: d.competitionId,
  status: d.status,
  accepted_capacity: mwOrNull(d.acceptedCapacityMilliMw),
  reason: d.reason,
  decided: toIso(d.decided),
});

/** Accepts (all or part of its capacity) or rejects one bid of an active ballot; a later decision replaces it. */
export async function decideBid(ctx: UseCaseContext, input: DecideBidInput): Promise<DecisionRecord> {
  return ctx.db.kysely.transaction().execute((tx) => decideBidIn(tx, input, ctx.now));
}

const DecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal("accepted"), Type.Literal("rejected")]),
    accepted_capacity: Type.Optional(
      Type.String({
        maxLength: MAX_DECIMAL_LENGTH,
        description: "MW, ≤ the bid's capacity; omit to accept all of it",
        examples: ["1.000"],
      }),
    ),
    reason: Type.Optional(Type.String({ maxLength: MAX_TEXT_LENGTH, description: "Required when rejecting" })),
  },
  { additionalProperties: false },
);

export const soDecideBid: Operation = (app, deps) => {
  app.post(
    "/so/v1/bids/:bid_id/decision/",
    {
      schema: {
        tags: [TAG],
        summary: "Accept (all or part of) or reject a bid, with a reason; replaces an earlier decision",
        params: Type.Object({ bid_id: Id() }),
        body: DecisionBody,
        response: { 200: DecisionWire, ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const { decision, accepted_capacity, reason } = request.body;
      const record = await decideBid(contextOf(deps), {
        systemOperatorId: organisationId,
        bidId: request.params.bid_id,
        decision: { status: decision, accepted_capacity, reason },
        actor: actorOf(request),
      });
      return decisionToWire(record);
    },
  );
};

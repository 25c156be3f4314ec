/**
 * The system operator's side after close: `GET /so/v1/competitions/{id}/bids/` (ranked bids per window),
 * `POST /so/v1/bids/{bid_id}/decision/` and `POST /so/v1/competitions/{id}/results/`. The use cases are in
 * so-results-use-cases.ts.
 */
import { Type } from "typebox";
import { MAX_DECIMAL_LENGTH, MAX_TEXT_LENGTH } from "../../domain/limits.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { sendPage } from "../../http/paging.js";
import { errorResponses, Id } from "../../http/schemas.js";
import {
  DecisionWire,
  decideBid,
  decisionToWire,
  listCompetitionBids,
  publishResults,
  ResultsWire,
  WindowBidsWire,
} from "./so-results-use-cases.js";
import { IdParams } from "./wire.js";

const TAG = "system operator";

export const soListBids: Operation = (app, deps) => {
  app.get(
    "/so/v1/competitions/:id/bids/",
    {
      schema: {
        tags: [TAG],
        summary: "The bids of every active ballot, per service window, ranked by price against the guide price",
        params: IdParams,
        response: { 200: Type.Array(WindowBidsWire), ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const windows = await listCompetitionBids(
        deps.db.kysely,
        { systemOperatorId: organisationId, competitionId: request.params.id },
        deps.clock.now(),
      );
      return sendPage(reply, windows, windows.length);
    },
  );
};

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
      const record = await decideBid(
        deps.db,
        {
          systemOperatorId: organisationId,
          bidId: request.params.bid_id,
          decision: { status: decision, accepted_capacity, reason },
          actor: actorOf(request),
        },
        deps.clock.now(),
      );
      return decisionToWire(record);
    },
  );
};

export const soPublishResults: Operation = (app, deps) => {
  app.post(
    "/so/v1/competitions/:id/results/",
    {
      schema: {
        tags: [TAG],
        summary: "Publish the results: undecided bids are rejected as not selected; accepted bids become obligations",
        params: IdParams,
        response: { 200: ResultsWire, ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      return publishResults(
        deps.db,
        { systemOperatorId: organisationId, competitionId: request.params.id, actor: actorOf(request) },
        deps.clock.now(),
      );
    },
  );
};

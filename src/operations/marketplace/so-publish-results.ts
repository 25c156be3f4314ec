/**
 * `POST /so/v1/competitions/{id}/results/` — publishes a closed competition's results: every bid of an active ballot
 * still undecided is rejected as "not selected", each accepted bid becomes its obligations, and providers see the
 * decisions in their bid results. The transaction-level step is the one the DSO sandbox operator runs too
 * (src/engine/competition-results.ts).
 */
import { type Static, Type } from "typebox";
import type { AuditActor } from "../../db/repositories/audit.js";
import { toIso } from "../../domain/time.js";
import { publishResultsIn } from "../../engine/competition-results.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { IdParams, Instant } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

const TAG = "system operator";

export const ResultsWire = Type.Object({
  competition_id: Type.String(),
  results_published: Instant("When the results were published"),
  accepted: Type.Integer({ description: "Bids accepted" }),
  rejected: Type.Integer({ description: "Bids rejected (including those rejected as not selected)" }),
  obligations: Type.Integer({ description: "Obligations created" }),
});

/** Publishes a closed competition's results (see the header). */
export async function publishResults(
  ctx: UseCaseContext,
  input: { systemOperatorId: string; competitionId: string; actor: AuditActor },
): Promise<Static<typeof ResultsWire>> {
  const done = await ctx.db.kysely.transaction().execute((tx) => publishResultsIn(tx, input, ctx.now));
  return {
    competition_id: done.competitionId,
    results_published: toIso(done.published),
    accepted: done.accepted,
    rejected: done.rejected,
    obligations: done.obligations,
  };
}

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
      return publishResults(contextOf(deps), {
        systemOperatorId: organisationId,
        competitionId: request.params.id,
        actor: actorOf(request),
      });
    },
  );
};

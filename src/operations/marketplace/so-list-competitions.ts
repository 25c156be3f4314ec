/**
 * `GET /so/v1/competitions/` — the system operator's own competitions, drafts included, filtered by phase and type
 * and paged.
 */
import { Type } from "typebox";
import { selectCompetitions } from "../../db/repositories/marketplace/competitions.js";
import { competitionPhase } from "../../domain/marketplace/competition.js";
import { COMPETITION_TYPES } from "../../domain/marketplace/types.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { pageOf, sendPage, sliceOf } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { CompetitionWire, competitionToWire, PagedQuery, PHASES } from "../../wire/marketplace.js";

const TAG = "system operator";

const ListQuery = PagedQuery({
  status: Type.Optional(Type.Union(PHASES.map((p) => Type.Literal(p)))),
  type: Type.Optional(Type.Union(COMPETITION_TYPES.map((t) => Type.Literal(t)))),
});

export const soListCompetitions: Operation = (app, deps) => {
  app.get(
    "/so/v1/competitions/",
    {
      schema: {
        tags: [TAG],
        summary: "List your competitions (drafts included)",
        querystring: ListQuery,
        response: { 200: Type.Array(CompetitionWire), ...errorResponses(400, 401, 403) },
      },
      config: { auth: "system_operator" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const now = deps.clock.now();
      const all = await selectCompetitions(deps.db.kysely, {
        systemOperatorId: organisationId,
        type: request.query.type,
      });
      const status = request.query.status;
      const matching = all.filter((c) => status === undefined || competitionPhase(c, now) === status);
      return sendPage(
        reply,
        sliceOf(matching, pageOf(request.query)).map((c) => competitionToWire(c, now)),
        matching.length,
      );
    },
  );
};

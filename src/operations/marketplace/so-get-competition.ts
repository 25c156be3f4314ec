/**
 * `GET /so/v1/competitions/{id}/` — one of the system operator's own competitions (any status); another system
 * operator's answers 404.
 */
import { loadOwnCompetition } from "../../db/repositories/marketplace/visibility.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { CompetitionWire, competitionToWire, IdParams } from "../../wire/marketplace.js";

const TAG = "system operator";

export const soGetCompetition: Operation = (app, deps) => {
  app.get(
    "/so/v1/competitions/:id/",
    {
      schema: {
        tags: [TAG],
        summary: "Fetch one of your competitions",
        params: IdParams,
        response: { 200: CompetitionWire, ...errorResponses(401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const competition = await loadOwnCompetition(deps.db.kysely, organisationId, request.params.id);
      return competitionToWire(competition, deps.clock.now());
    },
  );
};

/**
 * `GET /competitions/v1/{id}/` — one published competition with its service periods and windows (ids on each),
 * guide prices, boundary and timetable; `status` is its phase now.
 */

import { loadPublishedCompetition } from "../../db/repositories/marketplace/visibility.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { CompetitionWire, competitionToWire, IdParams } from "../../wire/marketplace.js";

export const getCompetition: Operation = (app, deps) => {
  app.get(
    "/competitions/v1/:id/",
    {
      schema: {
        tags: ["competitions"],
        summary: "Fetch a competition by id",
        params: IdParams,
        response: { 200: CompetitionWire, ...errorResponses(401, 403, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const competition = await loadPublishedCompetition(deps.db.kysely, request.params.id);
      return competitionToWire(competition, deps.clock.now());
    },
  );
};

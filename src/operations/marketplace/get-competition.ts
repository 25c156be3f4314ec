/**
 * `GET /competitions/v1/{id}/` — one published competition with its service periods and windows (ids on each),
 * guide prices, boundary and timetable; `status` is its phase now.
 */
import type { CompetitionRecord } from "../../db/repositories/marketplace/competitions.js";
import { loadPublishedCompetition } from "../../db/repositories/marketplace/visibility.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { CompetitionWire, competitionToWire, IdParams } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

/** One published competition (404 for an unknown or unpublished one). */
export async function getPublishedCompetition(
  ctx: UseCaseContext,
  input: { competitionId: string },
): Promise<CompetitionRecord> {
  return loadPublishedCompetition(ctx.db.kysely, input.competitionId);
}

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
      const ctx = contextOf(deps);
      const competition = await getPublishedCompetition(ctx, { competitionId: request.params.id });
      return competitionToWire(competition, ctx.now);
    },
  );
};

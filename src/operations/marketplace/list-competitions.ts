/**
 * `GET /competitions/v1/` — published competitions, oldest first. Filters: `status` (the phase now: upcoming,
 * qualification, pending_open, open, closed, results_published), `type`, and `boundary` (an area reference or a
 * postcode: competitions whose boundary contains it). Bare array, total in `X-Total-Count`.
 */
import { Type } from "typebox";
import { listCompetitions as listStored } from "../../db/repositories/marketplace/competitions.js";
import { competitionPhase } from "../../domain/marketplace/competition.js";
import { isInBoundary } from "../../domain/marketplace/qualification.js";
import { COMPETITION_TYPES } from "../../domain/marketplace/types.js";
import type { Operation } from "../../http/app.js";
import { pageOf, sendPage } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { CompetitionWire, competitionToWire, PagedQuery, PHASES } from "./wire.js";

const Query = PagedQuery({
  status: Type.Optional(Type.Union(PHASES.filter((p) => p !== "draft").map((p) => Type.Literal(p)))),
  type: Type.Optional(Type.Union(COMPETITION_TYPES.map((t) => Type.Literal(t)))),
  boundary: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: "An area reference or a postcode, e.g. OX4 2AB" }),
  ),
});

export const listCompetitions: Operation = (app, deps) => {
  app.get(
    "/competitions/v1/",
    {
      schema: {
        tags: ["competitions"],
        summary: "List published competitions",
        querystring: Query,
        response: { 200: Type.Array(CompetitionWire), ...errorResponses(400, 401, 403) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { status, type, boundary } = request.query;
      const now = deps.clock.now();
      const all = await listStored(deps.db.kysely, { publishedOnly: true, type });
      const matching = all.filter(
        (c) =>
          (status === undefined || competitionPhase(c, now) === status) &&
          (boundary === undefined || isInBoundary({ postcode: boundary, areaReference: boundary }, c.boundary)),
      );
      const page = pageOf(request.query);
      const items = matching.slice(page.offset, page.offset + page.limit).map((c) => competitionToWire(c, now));
      return sendPage(reply, items, matching.length);
    },
  );
};

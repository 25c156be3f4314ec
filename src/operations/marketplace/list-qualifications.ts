/**
 * `GET /qualifications/v1/` — which of my assets qualify for which competition, with my entry status
 * (Entered / Withdrawn / Undecided; Not applicable when the asset no longer qualifies). Filters: `competition_id`,
 * `asset_id`. Rows appear when the system operator runs qualification for a competition.
 */
import { Type } from "typebox";
import { findCompetitions } from "../../db/repositories/marketplace/competitions.js";
import { listQualifications as listStored } from "../../db/repositories/marketplace/qualifications.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { mapChunks, pageOf, sendChunks } from "../../http/paging.js";
import { errorResponses, Id } from "../../http/schemas.js";
import { QualificationWire, qualificationToWire, verdictsOf } from "./qualification-use-cases.js";
import { PagedQuery } from "./wire.js";

const Query = PagedQuery({
  competition_id: Type.Optional(Id()),
  asset_id: Type.Optional(Id()),
});

export const listQualifications: Operation = (app, deps) => {
  app.get(
    "/qualifications/v1/",
    {
      schema: {
        tags: ["qualifications"],
        summary: "List your assets' qualifications and entry statuses",
        querystring: Query,
        response: { 200: Type.Array(QualificationWire), ...errorResponses(400, 401, 403) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const db = deps.db.kysely;
      const { chunks, total } = await listStored(
        db,
        organisationId,
        { competitionId: request.query.competition_id, assetId: request.query.asset_id },
        pageOf(request.query),
      );
      // Each chunk of rows is judged with its competitions and assets, read in bulk per chunk.
      const judged = mapChunks(chunks, async (items) => {
        const competitions = await findCompetitions(db, [...new Set(items.map((q) => q.competitionId))]);
        const verdicts = await verdictsOf(db, organisationId, items, competitions);
        return items.map((q, i) => qualificationToWire(q, verdicts[i]!));
      });
      return sendChunks(reply, judged, total, QualificationWire);
    },
  );
};

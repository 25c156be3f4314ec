/**
 * `GET /bidding-opportunities/v1/` — open competitions in which I have qualified, entered assets: their ids (flex and
 * planned) and total combined capacity (domain opportunities.ts). Poll at most once an hour.
 */
import { Type } from "typebox";
import { listQualifiableAssets } from "../../db/repositories/marketplace/assets.js";
import { selectCompetitions } from "../../db/repositories/marketplace/competitions.js";
import { listEntriesIn } from "../../db/repositories/marketplace/qualifications.js";
import { biddingOpportunities } from "../../domain/marketplace/opportunities.js";
import { toIso } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { pageOf, sendPage, sliceOf } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { Instant, PagedQuery } from "./wire.js";

const OpportunityWire = Type.Object({
  competition_id: Type.String(),
  competition_name: Type.String(),
  competition_type: Type.String(),
  closed: Instant("Bidding closes"),
  flex_asset_ids: Type.Array(Type.String()),
  planned_asset_ids: Type.Array(Type.String()),
  total_capacity: Type.String({ description: "MW: the qualified assets' combined capacity", examples: ["9.320"] }),
});

export const listBiddingOpportunities: Operation = (app, deps) => {
  app.get(
    "/bidding-opportunities/v1/",
    {
      schema: {
        tags: ["bidding"],
        summary: "Open competitions you have qualified assets in",
        querystring: PagedQuery({}),
        response: { 200: Type.Array(OpportunityWire), ...errorResponses(400, 401, 403) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const db = deps.db.kysely;
      const now = deps.clock.now();
      const competitions = await selectCompetitions(db, {
        publishedOnly: true,
        closingAfter: now,
        resultsUnpublished: true,
      });
      const [assets, entries] = await Promise.all([
        listQualifiableAssets(db, organisationId),
        listEntriesIn(
          db,
          organisationId,
          competitions.map((c) => c.id),
        ),
      ]);
      const byId = new Map(competitions.map((c) => [c.id, c]));
      const all = biddingOpportunities({ now, competitions, assets, entries }).map((o) => {
        const c = byId.get(o.competitionId)!;
        return {
          competition_id: o.competitionId,
          competition_name: c.name,
          competition_type: c.type,
          closed: toIso(c.closed),
          flex_asset_ids: [...o.flexAssetIds],
          planned_asset_ids: [...o.plannedAssetIds],
          total_capacity: o.totalCapacity,
        };
      });
      return sendPage(reply, sliceOf(all, pageOf(request.query)), all.length);
    },
  );
};

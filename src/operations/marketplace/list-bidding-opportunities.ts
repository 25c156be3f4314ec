/**
 * `GET /bidding-opportunities/v1/` — open competitions in which I have qualified, entered assets: their ids (flex and
 * planned) and total combined capacity (domain opportunities.ts). Poll at most once an hour.
 */
import { Type } from "typebox";
import { listQualifiableAssets } from "../../db/repositories/marketplace/assets.js";
import { selectCompetitions } from "../../db/repositories/marketplace/competitions.js";
import { listEntriesIn } from "../../db/repositories/marketplace/qualifications.js";
import { biddingOpportunities } from "../../domain/marketplace/opportunities.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { pageOf, sendPage, sliceOf } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { OpportunityWire, opportunityToWire, PagedQuery } from "../../wire/marketplace.js";

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
      const all = biddingOpportunities({ now, competitions, assets, entries }).map((o) =>
        opportunityToWire(o, byId.get(o.competitionId)!),
      );
      return sendPage(reply, sliceOf(all, pageOf(request.query)), all.length);
    },
  );
};

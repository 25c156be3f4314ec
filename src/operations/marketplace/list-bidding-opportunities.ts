/**
 * `GET /bidding-opportunities/v1/` — open competitions in which I have qualified, entered assets: their ids (flex and
 * planned) and total combined capacity (domain opportunities.ts). Poll at most once an hour.
 */
import { Type } from "typebox";
import { listQualifiableAssets } from "../../db/repositories/marketplace/assets.js";
import { type CompetitionRecord, selectCompetitions } from "../../db/repositories/marketplace/competitions.js";
import { listEntriesIn } from "../../db/repositories/marketplace/qualifications.js";
import { type BiddingOpportunity, biddingOpportunities } from "../../domain/marketplace/opportunities.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { pageOf, sendPage, sliceOf } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { OpportunityWire, opportunityToWire, PagedQuery } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

/** The open competitions in which the provider has qualified, entered assets, with the competitions looked at. */
export async function listProviderOpportunities(
  ctx: UseCaseContext,
  input: { providerId: string },
): Promise<{ opportunities: BiddingOpportunity[]; competitions: CompetitionRecord[] }> {
  const db = ctx.db.kysely;
  const now = ctx.now;
  const competitions = await selectCompetitions(db, {
    publishedOnly: true,
    closingAfter: now,
    resultsUnpublished: true,
  });
  const [assets, entries] = await Promise.all([
    listQualifiableAssets(db, input.providerId),
    listEntriesIn(
      db,
      input.providerId,
      competitions.map((c) => c.id),
    ),
  ]);
  return { opportunities: biddingOpportunities({ now, competitions, assets, entries }), competitions };
}

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
      const { opportunities, competitions } = await listProviderOpportunities(contextOf(deps), {
        providerId: organisationId,
      });
      const byId = new Map(competitions.map((c) => [c.id, c]));
      const all = opportunities.map((o) => opportunityToWire(o, byId.get(o.competitionId)!));
      return sendPage(reply, sliceOf(all, pageOf(request.query)), all.length);
    },
  );
};

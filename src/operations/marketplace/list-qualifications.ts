/**
 * `GET /qualifications/v1/` — which of my assets qualify for which competition, with my entry status
 * (Entered / Withdrawn / Undecided; Not applicable when the asset no longer qualifies). Filters: `competition_id`,
 * `asset_id`. Rows appear when the system operator runs qualification for a competition.
 *
 * Each stored entry is joined with the domain's verdict on whether the asset still qualifies (qualification.ts:
 * boundary, direction, not archived) and the capacity it brings; `verdictsOf` and the wire shape are shared with the
 * PATCH (update-qualification.ts).
 */
import { type Static, Type } from "typebox";
import type { Page } from "../../db/chunks.js";
import { findAssetsByIds } from "../../db/repositories/marketplace/assets.js";
import type { CompetitionRecord } from "../../db/repositories/marketplace/competitions.js";
import { findCompetitions } from "../../db/repositories/marketplace/competitions.js";
import type { QualificationRecord } from "../../db/repositories/marketplace/qualifications.js";
import { selectQualifications } from "../../db/repositories/marketplace/qualifications.js";
import type { Executor } from "../../db/repositories/organisations.js";
import { entryStatusOf, type Qualification, qualifyAsset } from "../../domain/marketplace/qualification.js";
import type { Asset } from "../../domain/marketplace/types.js";
import { toIso } from "../../domain/time.js";
import { formatMw } from "../../domain/units.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { mapChunks, pageOf, sendChunks } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { Instant, NullableString, PagedQuery } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

export const QualificationWire = Type.Object({
  id: Type.String(),
  competition_id: Type.String(),
  asset_kind: Type.String({ description: "flex or planned" }),
  asset_id: Type.String(),
  status: Type.String({ description: "Entered, Withdrawn, Undecided or Not applicable" }),
  qualified: Type.Boolean({
    description: "Whether the asset qualifies now (in the boundary, direction fits, not archived)",
  }),
  reason: NullableString({ description: "Why it does not qualify, when it does not" }),
  capacity: Type.String({ description: "MW the asset brings to this competition's need direction" }),
  created: Instant("Created by the qualification run"),
  modified: Instant("Last changed"),
});
export type QualificationWireShape = Static<typeof QualificationWire>;

export function qualificationToWire(q: QualificationRecord, verdict: Qualification): QualificationWireShape {
  return {
    id: q.id,
    competition_id: q.competitionId,
    asset_kind: q.assetKind,
    asset_id: q.assetId,
    status: entryStatusOf(verdict, q.status),
    qualified: verdict.qualified,
    reason: verdict.qualified ? null : verdict.message,
    capacity: formatMw(verdict.qualified ? verdict.capacityMilliMw : 0),
    created: toIso(q.created),
    modified: toIso(q.modified),
  };
}

const GONE: Qualification = { qualified: false, reason: "archived", message: "the asset no longer exists" };

/** The domain's verdict on each entry (its competition and asset looked up in bulk). */
export async function verdictsOf(
  db: Executor,
  providerId: string,
  entries: readonly QualificationRecord[],
  competitions: ReadonlyMap<string, CompetitionRecord>,
): Promise<Qualification[]> {
  const assets = await findAssetsByIds(db, providerId, {
    flex: entries.filter((e) => e.assetKind === "flex").map((e) => e.assetId),
    planned: entries.filter((e) => e.assetKind === "planned").map((e) => e.assetId),
  });
  const byKey = new Map<string, Asset>(assets.map((a) => [`${a.kind}:${a.id}`, a]));
  return entries.map((e) => {
    const asset = byKey.get(`${e.assetKind}:${e.assetId}`);
    const competition = competitions.get(e.competitionId);
    return asset === undefined || competition === undefined ? GONE : qualifyAsset(competition, asset);
  });
}

/** A provider's qualification rows, each chunk judged with its competitions and assets read in bulk per chunk. */
export async function listQualifications(
  ctx: UseCaseContext,
  input: {
    providerId: string;
    filter: { competitionId?: string | undefined; assetId?: string | undefined };
    page: Page;
  },
): Promise<{ chunks: AsyncIterable<QualificationWireShape[]>; total: number }> {
  const db = ctx.db.kysely;
  const { chunks, total } = await selectQualifications(db, input.providerId, input.filter, input.page);
  const judged = mapChunks(chunks, async (items) => {
    const competitions = await findCompetitions(db, [...new Set(items.map((q) => q.competitionId))]);
    const verdicts = await verdictsOf(db, input.providerId, items, competitions);
    return items.map((q, i) => qualificationToWire(q, verdicts[i]!));
  });
  return { chunks: judged, total };
}

const Query = PagedQuery({
  competition_id: Type.Optional(Id()),
  asset_id: Type.Optional(Id()),
});

export const listQualificationsOperation: Operation = (app, deps) => {
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
      const { chunks, total } = await listQualifications(contextOf(deps), {
        providerId: organisationId,
        filter: { competitionId: request.query.competition_id, assetId: request.query.asset_id },
        page: pageOf(request.query),
      });
      return sendChunks(reply, chunks, total, QualificationWire);
    },
  );
};

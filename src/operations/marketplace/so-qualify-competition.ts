/**
 * `POST /so/v1/competitions/{id}/qualify/` — runs qualification for a published competition.
 */
import { type Static, Type } from "typebox";
import { lockKey } from "../../db/lock.js";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import { listQualifiableAssets } from "../../db/repositories/marketplace/assets.js";
import {
  insertQualifications,
  listCompetitionQualifications,
} from "../../db/repositories/marketplace/qualifications.js";
import { loadOwnCompetition } from "../../db/repositories/marketplace/visibility.js";
import { AppError } from "../../domain/errors.js";
import { DEFAULT_ENTRY_STATUS, entryStatusOf, qualifyAsset } from "../../domain/marketplace/qualification.js";
import type { Asset } from "../../domain/marketplace/types.js";
import { formatMw } from "../../domain/units.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { newShortId } from "../../ids.js";
import { IdParams } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

const TAG = "system operator";

export const SoQualificationWire = Type.Object({
  id: Type.String(),
  provider_id: Type.String(),
  asset_kind: Type.String(),
  asset_id: Type.String(),
  status: Type.String({
    description: "The provider's entry: Entered, Withdrawn, Undecided (Not applicable if it no longer qualifies)",
  }),
  capacity: Type.String({ description: "MW the asset brings to the need direction (0 when it no longer qualifies)" }),
});

export const QualificationRunWire = Type.Object({
  competition_id: Type.String(),
  added: Type.Integer({ description: "Qualification rows created by this run" }),
  qualifications: Type.Array(SoQualificationWire),
});

/**
 * Qualifies the assets of every provider for a published competition (domain `qualifyAsset`: in the boundary, a
 * fitting direction, not archived). Each newly qualified asset gets a row with status `Undecided`; rows that exist
 * keep the provider's choice. Re-running is safe. Returns every row of the competition.
 */
export async function qualifyCompetition(
  ctx: UseCaseContext,
  input: { systemOperatorId: string; competitionId: string; actor: AuditActor },
): Promise<Static<typeof QualificationRunWire>> {
  return ctx.db.kysely.transaction().execute(async (tx) => {
    await lockKey(tx, `competition:${input.competitionId}`);
    const competition = await loadOwnCompetition(tx, input.systemOperatorId, input.competitionId);
    if (competition.status !== "published") {
      throw new AppError(
        "competition_not_published",
        `competition ${competition.id} is a draft; publish it before running qualification`,
      );
    }
    const assets = await listQualifiableAssets(tx);
    const qualified = assets.filter((a) => qualifyAsset(competition, a).qualified);
    const added = await insertQualifications(
      tx,
      qualified.map((a) => ({
        id: newShortId(),
        competitionId: competition.id,
        providerId: a.providerId,
        assetKind: a.kind,
        assetId: a.id,
        status: DEFAULT_ENTRY_STATUS,
        created: ctx.now,
      })),
    );
    await recordAudit(tx, input.actor, "competition.qualified", competition.id, { added });
    const rows = await listCompetitionQualifications(tx, competition.id);
    const byKey = new Map<string, Asset>(assets.map((a) => [`${a.kind}:${a.id}`, a]));
    return {
      competition_id: competition.id,
      added,
      qualifications: rows.map((r) => {
        const asset = byKey.get(`${r.assetKind}:${r.assetId}`);
        const verdict = asset === undefined ? undefined : qualifyAsset(competition, asset);
        return {
          id: r.id,
          provider_id: r.providerId,
          asset_kind: r.assetKind,
          asset_id: r.assetId,
          status: verdict === undefined ? "Not applicable" : entryStatusOf(verdict, r.status),
          capacity: formatMw(verdict?.qualified ? verdict.capacityMilliMw : 0),
        };
      }),
    };
  });
}
export const soQualifyCompetition: Operation = (app, deps) => {
  app.post(
    "/so/v1/competitions/:id/qualify/",
    {
      schema: {
        tags: [TAG],
        summary: "Run qualification: every provider's assets in the boundary with a fitting direction",
        params: IdParams,
        response: { 200: QualificationRunWire, ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      return qualifyCompetition(contextOf(deps), {
        systemOperatorId: organisationId,
        competitionId: request.params.id,
        actor: actorOf(request),
      });
    },
  );
};

/**
 * Qualification as providers see it: each stored entry joined with the domain's verdict on whether the asset still
 * qualifies (qualification.ts: boundary, direction, not archived) and the capacity it brings. Shared by the list and
 * the PATCH operations.
 */
import { type Static, Type } from "typebox";
import { findAssetsByIds } from "../../db/repositories/marketplace/assets.js";
import type { CompetitionRecord } from "../../db/repositories/marketplace/competitions.js";
import type { QualificationRecord } from "../../db/repositories/marketplace/qualifications.js";
import type { Executor } from "../../db/repositories/organisations.js";
import { entryStatusOf, type Qualification, qualifyAsset } from "../../domain/marketplace/qualification.js";
import type { Asset } from "../../domain/marketplace/types.js";
import { toIso } from "../../domain/time.js";
import { formatMw } from "../../domain/units.js";
import { Instant, NullableString } from "../../wire/marketplace.js";

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

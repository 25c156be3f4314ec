/**
 * Which of a provider's assets qualify for a competition, what capacity each brings, and their entry status
 * (docs/domain.md §1).
 *
 * An asset qualifies when all of these hold:
 * 1. it is not archived (archived assets never qualify; in development, operational and mothballed may);
 * 2. it is in the competition's boundary: its area reference is one of `boundary.areaReferences` (trimmed,
 *    case-insensitive), or its postcode lies in one of `boundary.postcodes` (an area, district, sector or unit;
 *    see postcode.ts). Assets located only by latitude/longitude must carry an area reference: the domain does
 *    not geocode. A planned asset whose `competitionReference` is the competition's `reference` (exactly, as the
 *    real planned-asset model names it) counts as inside: planned assets need no location;
 * 3. its direction fits: it has capacity in the competition's direction (> 0):
 * | need_direction | meaning                        | capacity an asset brings                                     |
 * |----------------|--------------------------------|--------------------------------------------------------------|
 * | Deficit        | more export / less demand      | demand assets: import capacity (turn-down of their demand);  |
 * |                |                                | others (generation, renewable, storage…): export capacity    |
 * | Surplus        | less export / more demand      | import capacity (storage charging, demand turn-up)           |
 * So a battery fits both, a demand site fits both (down for Deficit, up for Surplus), a generator fits Deficit
 * only. That capacity is what the asset adds to a ballot's capacity limit (ballot rule 4).
 *
 * Entry: a qualified asset is `Undecided` until its provider enters it (`Entered`) or withdraws it (`Withdrawn`);
 * an asset that does not qualify is `Not applicable`, whatever was stored. Only `Entered` assets bid.
 * Entering is an explicit act of the provider (as in the real service's web UI): demos seed `Entered` entries.
 */
import { fail, ok, type Result } from "../errors.js";
import type { MilliMw } from "../units.js";
import { postcodeInBoundary } from "./postcode.js";
import type { Asset, AssetKind, Boundary, Competition, NeedDirection, QualifiedAsset } from "./types.js";

export const ENTRY_STATUSES = ["Entered", "Withdrawn", "Undecided", "Not applicable"] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** The status a qualified asset has until its provider decides. */
export const DEFAULT_ENTRY_STATUS: EntryStatus = "Undecided";

/** The statuses a provider may choose (`Not applicable` is derived, never chosen). */
export const CHOOSABLE_ENTRY_STATUSES = ["Entered", "Withdrawn", "Undecided"] as const;

export type Qualification =
  | { readonly qualified: true; readonly capacityMilliMw: MilliMw }
  | {
      readonly qualified: false;
      readonly reason: "archived" | "outside_boundary" | "direction_mismatch";
      readonly message: string;
    };

/** A provider's stored entry decision for one asset in one competition. */
export interface AssetEntry {
  readonly competitionId: string;
  readonly assetKind: AssetKind;
  readonly assetId: string;
  readonly status: EntryStatus;
}

type CapacityFields = Pick<Asset, "category" | "exportCapacityMilliMw" | "importCapacityMilliMw">;

/** The capacity an asset brings to a need of this direction (see the table above). */
export function directionalCapacity(asset: CapacityFields, direction: NeedDirection): MilliMw {
  if (direction === "Surplus") return asset.importCapacityMilliMw;
  return asset.category === "demand" ? asset.importCapacityMilliMw : asset.exportCapacityMilliMw;
}

const normRef = (s: string): string => s.trim().toUpperCase();

export function isInBoundary(asset: Pick<Asset, "postcode" | "areaReference">, boundary: Boundary): boolean {
  if (asset.areaReference !== null && asset.areaReference.trim() !== "") {
    const ref = normRef(asset.areaReference);
    if (boundary.areaReferences.some((r) => normRef(r) === ref)) return true;
  }
  return asset.postcode !== null && postcodeInBoundary(asset.postcode, boundary.postcodes);
}

/** A planned asset planned for this very competition (its `competition_reference`). */
export function isPlannedFor(asset: Asset, competition: Pick<Competition, "reference">): boolean {
  return asset.kind === "planned" && asset.competitionReference === competition.reference;
}

export function qualifyAsset(
  competition: Pick<Competition, "boundary" | "needDirection" | "reference">,
  asset: Asset,
): Qualification {
  if (asset.status === "archived") {
    return { qualified: false, reason: "archived", message: "archived assets never qualify" };
  }
  if (!isPlannedFor(asset, competition) && !isInBoundary(asset, competition.boundary)) {
    return { qualified: false, reason: "outside_boundary", message: "the asset is outside the competition's boundary" };
  }
  const capacity = directionalCapacity(asset, competition.needDirection);
  if (capacity <= 0) {
    const which = competition.needDirection === "Surplus" || asset.category === "demand" ? "import" : "export";
    return {
      qualified: false,
      reason: "direction_mismatch",
      message: `a ${competition.needDirection} need takes ${which} capacity and the asset has none`,
    };
  }
  return { qualified: true, capacityMilliMw: capacity };
}

/** The effective entry status: `Not applicable` unless qualified; otherwise the stored choice or `Undecided`. */
export function entryStatusOf(qualification: Qualification, stored: EntryStatus | undefined): EntryStatus {
  if (!qualification.qualified) return "Not applicable";
  if (stored === undefined || stored === "Not applicable") return DEFAULT_ENTRY_STATUS;
  return stored;
}

/** A provider's request to set an asset's entry status; `field` names the status in the request body. */
export function validateEntryChange(
  qualification: Qualification,
  requested: unknown,
  field: string,
): Result<EntryStatus> {
  if (typeof requested !== "string" || !(CHOOSABLE_ENTRY_STATUSES as readonly string[]).includes(requested)) {
    return fail("validation_failed", `${field} must be one of ${CHOOSABLE_ENTRY_STATUSES.join(", ")}`, field);
  }
  if (!qualification.qualified) {
    return fail(
      "asset_not_qualified",
      `the asset does not qualify for this competition: ${qualification.message}`,
      field,
    );
  }
  return ok(requested as EntryStatus);
}

const byKindThenId = (a: QualifiedAsset, b: QualifiedAsset): number =>
  a.kind !== b.kind ? (a.kind === "flex" ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The provider's assets that qualify for the competition and are `Entered`, with the capacity each brings;
 * sorted flex first, then by id. Pass only the provider's own assets and entries.
 */
export function enteredQualifiedAssets(
  competition: Pick<Competition, "id" | "boundary" | "needDirection" | "reference">,
  assets: readonly Asset[],
  entries: readonly AssetEntry[],
): QualifiedAsset[] {
  const stored = new Map<string, EntryStatus>();
  for (const e of entries) {
    if (e.competitionId === competition.id) stored.set(`${e.assetKind}:${e.assetId}`, e.status);
  }
  const out: QualifiedAsset[] = [];
  for (const asset of assets) {
    const q = qualifyAsset(competition, asset);
    if (!q.qualified) continue;
    if (entryStatusOf(q, stored.get(`${asset.kind}:${asset.id}`)) !== "Entered") continue;
    out.push({ kind: asset.kind, id: asset.id, capacityMilliMw: q.capacityMilliMw });
  }
  return out.sort(byKindThenId);
}

/**
 * What a new bid does to the bids an asset already holds (docs/domain.md §2, "Status"): a rejected bid holds
 * nothing; an implicit energy bid of an accepted or undecided capacity bid may be repriced, never reduced; the
 * implicit energy bids of a rejected capacity bid are rejected with it.
 */
import { fail, ok, type Result } from "../errors.js";
import type { Kw } from "../units.js";
import type { ExistingBid, Replacement } from "./bid-types.js";

export const NEW: Replacement = { kind: "new" };

/** A bid counts as rejected when the TSO rejected it or (implicit energy bids) its aFRR capacity bid. */
export function isRejected(bid: ExistingBid, byId: ReadonlyMap<string, ExistingBid>): boolean {
  if (bid.accepted === false) return true;
  return bid.parentBidId !== undefined && byId.get(bid.parentBidId)?.accepted === false;
}

/**
 * A new aFRR energy bid on the product of an implicit energy bid (terralayr API; docs/wire-compatibility.md):
 * - its aFRR capacity bid was rejected → the implicit bid is rejected too; the new bid stands alone (`new`);
 * - accepted, or no result yet → the implicit bid is repriced (`replace`, keeping its capacity bid), but its offered
 *   capacity is never reduced (`implicit_capacity_reduced`).
 */
export function repriceImplicitEnergyBid(
  implicit: ExistingBid,
  parent: ExistingBid | undefined,
  offeredKw: Kw,
  field: string,
): Result<Replacement> {
  if (implicit.accepted === false || parent?.accepted === false) return ok(NEW);
  const parentBidId = implicit.parentBidId ?? parent?.bidId ?? null;
  if (offeredKw < implicit.offeredKw) {
    const why = parent?.accepted === true ? "was accepted" : "has no result yet";
    return fail(
      "implicit_capacity_reduced",
      `${implicit.product} on ${implicit.deliveryDay} is an implicit energy bid of an aFRR capacity bid that ${why}: ` +
        `its offered capacity may not drop below ${implicit.offeredKw} kW (got ${offeredKw} kW)`,
      field,
    );
  }
  return ok({ kind: "replace", bidId: implicit.bidId, parentBidId });
}

/** When an aFRR capacity bid is rejected, its implicit energy bids are rejected too: the ids to mark rejected. */
export function implicitBidsRejectedWith(parent: ExistingBid, existing: readonly ExistingBid[]): readonly string[] {
  if (parent.accepted !== false) return [];
  return existing.filter((b) => b.parentBidId === parent.bidId && b.accepted !== false).map((b) => b.bidId);
}

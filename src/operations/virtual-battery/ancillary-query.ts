/**
 * The query of `GET …/ancillary/bids` and `GET …/ancillary/results` (terralayr API; docs/wire-compatibility.md): `start` and `end` required RFC 3339
 * instants; `markets` and `productDirections` optional comma separated lists, case sensitive; nothing else. The
 * products overlapping `[start, end)` come from the domain (products.ts), in delivery-day, market and code order.
 */
import { Type } from "typebox";
import type { StoredBid } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import {
  type DeliveryProduct,
  type Direction,
  deliveryDaysOverlapping,
  type Market,
  parseDirections,
  parseMarkets,
  productOfDateCode,
  productRank,
  productSelected,
} from "../../domain/ancillary/products.js";
import { ok, type Result } from "../../domain/errors.js";
import { MAX_QUERY_LIST_LENGTH } from "../../domain/limits.js";
import { type EpochMs, parseRfc3339 } from "../../domain/time.js";
import { InstantText } from "../../wire/atoms.js";

export const AncillaryQuery = Type.Object(
  {
    start: InstantText("Start of the interval, RFC 3339 in UTC, e.g. 2025-06-17T12:00:00Z"),
    end: InstantText("End of the interval, RFC 3339 in UTC, e.g. 2025-06-18T12:00:00Z"),
    markets: Type.Optional(
      Type.String({
        maxLength: MAX_QUERY_LIST_LENGTH,
        description: "Comma separated, case sensitive: FCR, AFRREnergy, AFRRCapacity. Default: all.",
      }),
    ),
    productDirections: Type.Optional(
      Type.String({
        maxLength: MAX_QUERY_LIST_LENGTH,
        description: "Comma separated, case sensitive: POS, NEG, NEGPOS. Default: all.",
      }),
    ),
  },
  { additionalProperties: false },
);

export interface AncillarySelection {
  readonly start: EpochMs;
  readonly end: EpochMs;
  /** The delivery days whose products can overlap `[start, end)` (for the repository query). */
  readonly firstDay: string;
  readonly lastDay: string;
  readonly markets: readonly Market[] | undefined;
  readonly directions: readonly Direction[] | undefined;
}

export function parseAncillaryQuery(query: {
  start: string;
  end: string;
  markets?: string | undefined;
  productDirections?: string | undefined;
}): Result<AncillarySelection> {
  const start = parseRfc3339(query.start, "start");
  if (!start.ok) return start;
  const end = parseRfc3339(query.end, "end");
  if (!end.ok) return end;
  const markets = parseMarkets(query.markets);
  if (!markets.ok) return markets;
  const directions = parseDirections(query.productDirections);
  if (!directions.ok) return directions;
  const days = deliveryDaysOverlapping(start.value, end.value);
  if (!days.ok) return days;
  return ok({
    start: start.value,
    end: end.value,
    ...days.value,
    markets: markets.value,
    directions: directions.value,
  });
}

/** The delivery-day range of a selection, for the repository query. */
export function dayRange(selection: AncillarySelection): { firstDay: string; lastDay: string } {
  return { firstDay: selection.firstDay, lastDay: selection.lastDay };
}

/**
 * Groups stored bids by product, keeping the products the selection holds (overlapping `[start, end)`, of the
 * selected markets and directions), in delivery-day, market and code order; products without bids are left out.
 * Walks the bids, not the selection's products (a week has 1,470 products and usually far fewer bids).
 */
export function groupByProduct<T, B extends Pick<StoredBid, "productDateCode">>(
  selection: AncillarySelection,
  bids: readonly B[],
  make: (product: DeliveryProduct, bids: B[]) => T,
): T[] {
  const { start, end } = selection;
  const filter = {
    ...(selection.markets ? { markets: selection.markets } : {}),
    ...(selection.directions ? { directions: selection.directions } : {}),
  };
  const groups = new Map<string, { product: DeliveryProduct; rank: number; bids: B[] }>();
  for (const bid of bids) {
    const group = groups.get(bid.productDateCode);
    if (group) {
      group.bids.push(bid);
      continue;
    }
    const product = productOfDateCode(bid.productDateCode);
    if (product === undefined || !productSelected(product, start, end, filter)) continue;
    groups.set(bid.productDateCode, { product, rank: productRank(product), bids: [bid] });
  }
  const sorted = [...groups.values()].sort((a, b) =>
    a.product.deliveryDay === b.product.deliveryDay
      ? a.rank - b.rank
      : a.product.deliveryDay < b.product.deliveryDay
        ? -1
        : 1,
  );
  return sorted.map((g) => make(g.product, g.bids));
}

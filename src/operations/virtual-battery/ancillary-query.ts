/**
 * The query of `GET …/ancillary/bids` and `GET …/ancillary/results` (seed 002): `start` and `end` required RFC 3339
 * instants; `markets` and `productDirections` optional comma separated lists, case sensitive; nothing else. The
 * products overlapping `[start, end)` come from the domain (products.ts), in delivery-day, market and code order.
 */
import { Type } from "typebox";
import type { StoredBid } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import {
  type DeliveryProduct,
  type Direction,
  type Market,
  parseDirections,
  parseMarkets,
  productsOverlapping,
} from "../../domain/ancillary/products.js";
import { ok, type Result } from "../../domain/errors.js";
import { parseRfc3339 } from "../../domain/time.js";

export const AncillaryQuery = Type.Object(
  {
    start: Type.String({ description: "Start of the interval, RFC 3339 in UTC, e.g. 2025-06-17T12:00:00Z" }),
    end: Type.String({ description: "End of the interval, RFC 3339 in UTC, e.g. 2025-06-18T12:00:00Z" }),
    markets: Type.Optional(
      Type.String({ description: "Comma separated, case sensitive: FCR, AFRREnergy, AFRRCapacity. Default: all." }),
    ),
    productDirections: Type.Optional(
      Type.String({ description: "Comma separated, case sensitive: POS, NEG, NEGPOS. Default: all." }),
    ),
  },
  { additionalProperties: false },
);

export interface AncillarySelection {
  readonly products: readonly DeliveryProduct[];
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
  const filter = {
    ...(markets.value ? { markets: markets.value } : {}),
    ...(directions.value ? { directions: directions.value } : {}),
  };
  const products = productsOverlapping(start.value, end.value, filter);
  if (!products.ok) return products;
  return ok({ products: products.value, markets: markets.value, directions: directions.value });
}

/** The delivery-day range of a selection, for the repository query (undefined when no product is selected). */
export function dayRange(selection: AncillarySelection): { firstDay: string; lastDay: string } | undefined {
  const { products } = selection;
  if (products.length === 0) return undefined;
  return { firstDay: products[0]!.deliveryDay, lastDay: products[products.length - 1]!.deliveryDay };
}

/** Groups stored bids by the selected products, in product order; products without bids are left out. */
export function groupByProduct<T, B extends Pick<StoredBid, "productDateCode">>(
  selection: AncillarySelection,
  bids: readonly B[],
  make: (product: DeliveryProduct, bids: B[]) => T,
): T[] {
  const byCode = new Map<string, B[]>();
  for (const bid of bids) {
    const list = byCode.get(bid.productDateCode);
    if (list) list.push(bid);
    else byCode.set(bid.productDateCode, [bid]);
  }
  const out: T[] = [];
  if (byCode.size === 0) return out;
  for (const product of selection.products) {
    const list = byCode.get(product.productDateCode);
    if (list) {
      out.push(make(product, list));
      // Every group placed: the rest of the (mostly empty) products cannot add one.
      if (out.length === byCode.size) break;
    }
  }
  return out;
}

/**
 * `POST /organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids` — creates or replaces bids.
 * Body: a JSON array of products `[{product, deliveryDay, bids: [{offeredCapacity, capacityPrice, energyPrice}]}]`
 * (no market field: the product code says it; FCR and aFRR in separate requests). Answer 201 with the stored products
 * `[{product, deliveryDay, productDateCode, bids: [{bidID, offeredCapacity, capacityPrice, energyPrice, status}]}]`,
 * in request order; every new bid is `pending` until the engine has placed it with the TSO.
 *
 * One transaction: lock the asset → read its live bids on the request's delivery days (with results) →
 * `validateAncillaryBids` decides (every rule, its code and field: src/domain/ancillary/bids.ts) → mark the replaced
 * live bids, insert the new ones and the implicit aFRR energy bids of each aFRR capacity bid. A rejection changes
 * nothing.
 */
import type { Transaction } from "kysely";
import { Type } from "typebox";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import {
  listExistingBidsOnDays,
  type NewBid,
  replaceLiveBids,
} from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { lockVirtualAsset } from "../../db/repositories/virtual-battery/virtual-assets.js";
import { eachInSavepoint, groupKey, type Settled } from "../../db/savepoints.js";
import type { Database } from "../../db/schema.js";
import { isUniqueViolation } from "../../db/unique.js";
import { type ValidatedBid, validateAncillaryBids } from "../../domain/ancillary/bids.js";
import type { DeliveryProduct } from "../../domain/ancillary/products.js";
import { AppError, unwrap } from "../../domain/errors.js";
import {
  MAX_BIDS_PER_PRODUCT,
  MAX_DATE_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_PRODUCTS_PER_REQUEST,
} from "../../domain/limits.js";
import type { EpochMs } from "../../domain/time.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { newUuid } from "../../ids.js";
import { AncillaryBidBody, AssetParams, eurOfCents, NullableNumber } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { keyGroups } from "../key-groups.js";

const BidInput = Type.Object(
  {
    offeredCapacity: Type.Number({ description: "kW, whole MW (a fraction of a kW is dropped), at least 1000" }),
    capacityPrice: Type.Optional(NullableNumber("EUR/MW (FCR), EUR/MW/h (aFRR capacity); null for aFRR energy")),
    energyPrice: Type.Optional(
      NullableNumber("EUR/MWh: aFRR energy, and the 16 implicit energy bids of aFRR capacity; null for FCR"),
    ),
  },
  { additionalProperties: false },
);

const ProductInput = Type.Object(
  {
    product: Type.String({ maxLength: MAX_LABEL_LENGTH, examples: ["NEGPOS_00_04", "POS_00_04", "POS_001"] }),
    deliveryDay: Type.String({
      maxLength: MAX_DATE_LENGTH,
      description: "YYYY-MM-DD, Europe/Berlin",
      examples: ["2026-05-30"],
    }),
    bids: Type.Array(BidInput, { minItems: 1, maxItems: MAX_BIDS_PER_PRODUCT, description: "One bid per product" }),
  },
  { additionalProperties: false },
);

const Body = Type.Array(ProductInput, { minItems: 1, maxItems: MAX_PRODUCTS_PER_REQUEST });

const StoredProduct = Type.Object({
  product: Type.String(),
  deliveryDay: Type.String({ format: "date" }),
  productDateCode: Type.String({ examples: ["2026-05-30_NEGPOS_00_04"] }),
  bids: Type.Array(AncillaryBidBody),
});

export interface PlacedProduct {
  readonly product: string;
  readonly deliveryDay: string;
  readonly productDateCode: string;
  readonly bids: {
    bidID: string;
    offeredCapacity: number;
    capacityPrice: number | null;
    energyPrice: number | null;
    status: "pending";
  }[];
}

/** The delivery days a body names (whatever else is wrong with it: the domain judges that). */
function deliveryDaysOf(body: unknown): string[] {
  if (!Array.isArray(body)) return [];
  const days = new Set<string>();
  for (const item of body) {
    const day = (item as { deliveryDay?: unknown } | null)?.deliveryDay;
    if (typeof day === "string") days.add(day);
  }
  return [...days];
}

const fields = (p: DeliveryProduct) => ({
  market: p.market,
  direction: p.direction,
  product: p.code,
  deliveryDay: p.deliveryDay,
  productDateCode: p.productDateCode,
  start: p.start,
  end: p.end,
});

function rowsOf(bid: ValidatedBid, id: string, organisationId: string, virtualAssetId: string): NewBid[] {
  const rows: NewBid[] = [
    {
      id,
      organisationId,
      virtualAssetId,
      ...fields(bid.product),
      offeredKw: bid.offeredKw,
      capacityPriceCents: bid.capacityPriceCents,
      energyPriceCents: bid.energyPriceCents,
      parentBidId: bid.parentBidId,
      replacesBidId: bid.replacesBidId,
    },
  ];
  for (const e of bid.implicitEnergyBids) {
    rows.push({
      id: newUuid(),
      organisationId,
      virtualAssetId,
      ...fields(e.product),
      offeredKw: e.offeredKw,
      capacityPriceCents: null,
      energyPriceCents: e.energyPriceCents,
      parentBidId: id,
      replacesBidId: e.replacesBidId,
    });
  }
  return rows;
}

/** One request's bids to place: its input and the market instant it was received at. */
export interface Placement {
  readonly input: PlacementInput;
  readonly now: EpochMs;
}

export interface PlacementInput {
  readonly organisationId: string;
  readonly virtualAssetId: string;
  readonly body: unknown;
  readonly actor: AuditActor;
}

/** Validates and stores one request's bids inside `tx` (the caller's transaction or savepoint); returns what was stored. */
async function placeIn(tx: Transaction<Database>, { input, now }: Placement): Promise<PlacedProduct[]> {
  const { organisationId, virtualAssetId, body, actor } = input;
  const asset = await lockVirtualAsset(tx, organisationId, virtualAssetId);
  if (!asset) throw new AppError("not_found", "No such virtual asset.");
  const existing = await listExistingBidsOnDays(tx, asset.spec.id, deliveryDaysOf(body));
  const validated = unwrap(validateAncillaryBids(body, { asset: asset.spec, now, existing }));
  const rows: NewBid[] = [];
  const placed: PlacedProduct[] = [];
  for (const bid of validated.bids) {
    const id = newUuid();
    rows.push(...rowsOf(bid, id, organisationId, asset.spec.id));
    placed.push({
      product: bid.product.code,
      deliveryDay: bid.product.deliveryDay,
      productDateCode: bid.product.productDateCode,
      bids: [
        {
          bidID: id,
          offeredCapacity: bid.offeredKw,
          capacityPrice: bid.capacityPriceCents === null ? null : eurOfCents(bid.capacityPriceCents),
          energyPrice: bid.energyPriceCents === null ? null : eurOfCents(bid.energyPriceCents),
          status: "pending",
        },
      ],
    });
  }
  await replaceLiveBids(tx, asset.spec.id, rows, now);
  const replaced = validated.bids.filter((b) => b.replacesBidId !== null).length;
  await recordAudit(tx, actor, replaced > 0 ? "ancillary_bids.replaced" : "ancillary_bids.placed", asset.spec.id, {
    bids: placed.length,
    replaced,
  });
  return placed;
}

/** A placement's error as answered: a unique violation (the asset lock's safety net, never expected) is a 409. */
function answerOf(error: unknown): unknown {
  if (isUniqueViolation(error)) {
    return new AppError("conflict", "Another request changed these bids at the same time; send yours again.");
  }
  return error;
}

/**
 * Places groups of requests' bids, each request in a savepoint of one transaction (group commit,
 * docs/architecture.md): a request that fails is rolled back alone and answered its error.
 */
export function placeAncillaryBidGroup(db: UseCaseContext["db"], placements: readonly Placement[]) {
  return eachInSavepoint(db, placements, placeIn);
}

/** The use case (also used by the demo seeder): validates and stores one request's bids; returns what was stored. */
export async function placeAncillaryBids(ctx: UseCaseContext, input: PlacementInput): Promise<PlacedProduct[]> {
  const [outcome] = await placeAncillaryBidGroup(ctx.db, [{ input, now: ctx.now }]);
  if (!outcome!.ok) throw answerOf(outcome!.error);
  return outcome!.value;
}

/** Products in one group at most: its transaction stays about as large as two of the largest requests. */
const MAX_GROUP_PRODUCTS = 2 * MAX_PRODUCTS_PER_REQUEST;

/** A request body's weight in a group: its products (the route's schema has checked it is an array). */
const productsIn = (body: unknown): number => (body as readonly unknown[]).length;

export const placeAncillaryBidsOperation: Operation = (app, deps) => {
  // Group commit: requests that arrive together are stored in one transaction, a savepoint each (key-groups.ts);
  // on PostgreSQL only requests for the same asset share one (they take its lock).
  const groups = keyGroups<Placement, Settled<PlacedProduct[]>>({
    run: (_key, placements) => placeAncillaryBidGroup(deps.db, placements),
    maxWeight: MAX_GROUP_PRODUCTS,
    weight: (p) => productsIn(p.input.body),
  });
  app.post(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/ancillary/bids",
    {
      schema: {
        tags: ["ancillary"],
        summary: "Create or replace ancillary bids of a virtual asset",
        description:
          "A JSON array of products; the product code says the market (FCR and aFRR in separate requests). " +
          "One bid per product per asset; a pending bid cannot be replaced. aFRR capacity bids need an energyPrice, " +
          "which places their implicit aFRR energy bids. Gates: FCR D-1 07:30, aFRR capacity D-1 08:30, aFRR energy " +
          "25 minutes before the quarter-hour (Europe/Berlin).",
        params: AssetParams,
        body: Body,
        response: { 201: Type.Array(StoredProduct), ...errorResponses(400, 401, 404, 409) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const input: PlacementInput = {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        body: request.body,
        actor: actorOf(request),
      };
      const outcome = await groups.submit(groupKey(deps.db, input.virtualAssetId), { input, now: contextOf(deps).now });
      if (!outcome.ok) throw answerOf(outcome.error);
      return reply.code(201).send(outcome.value);
    },
  );
};

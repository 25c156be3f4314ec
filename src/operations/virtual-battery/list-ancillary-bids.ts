/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids?start&end[&markets]
 * [&productDirections]` (terralayr API; docs/wire-compatibility.md) → `[{market, product, deliveryDay, bids: [{bidID, offeredCapacity, capacityPrice,
 * energyPrice, status}]}]`: the live bids of the products overlapping `[start, end)`, in delivery-day, market and
 * product order; products without a bid are left out. FCR: energyPrice null; aFRR energy: capacityPrice null; aFRR
 * capacity: energyPrice is the price of its 16 implicit energy bids (which are listed under aFRR energy too).
 *
 * Served from a read model: the answer's JSON is kept per asset and selection with the asset's `bids_version`, which
 * every write of its live bids raises in its own transaction; each request reads only that version (one narrow row by
 * key, so a change made through any process is seen at once). docs/architecture.md, "Read models".
 */
import { Type } from "typebox";
import { findBidsVersion, listLiveBids } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { AppError, unwrap } from "../../domain/errors.js";
import { answerCache, sendJson, sharedReads } from "../../http/answers.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AncillaryBidsBody, AssetParams, ancillaryBidsToWire, productHead } from "../../wire/virtual-battery.js";
import { contextOf } from "../context.js";
import { AncillaryQuery, type AncillarySelection, groupByProduct, parseAncillaryQuery } from "./ancillary-query.js";

/** A kept answer: its JSON as bytes (a week may hold 1,000 bids: encoded once, not on every write) and the asset's `bids_version` it was built from. */
interface Answer {
  readonly version: number;
  readonly json: Buffer;
}

/** What an answer depends on besides the asset's bids: the selection, as parsed (so equal selections share a key). */
const answerKey = (virtualAssetId: string, s: AncillarySelection): string =>
  `${virtualAssetId} ${s.start} ${s.end} ${s.markets?.join(",") ?? "*"} ${s.directions?.join(",") ?? "*"}`;

export const listAncillaryBidsOperation: Operation = (app, deps) => {
  const answers = answerCache<Answer>();
  const versions = sharedReads<number | undefined>();
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/ancillary/bids",
    {
      schema: {
        tags: ["ancillary"],
        summary: "Get all ancillary bids for a given virtual asset and interval",
        params: AssetParams,
        querystring: AncillaryQuery,
        response: { 200: Type.Array(AncillaryBidsBody), ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const selection = unwrap(parseAncillaryQuery(request.query));
      const db = contextOf(deps).db.kysely;
      const virtualAssetId = request.params.virtualAssetID;
      // The version first, then the bids: an answer is never older than the version it is kept with.
      const version = await versions(`${organisationId} ${virtualAssetId}`, () =>
        findBidsVersion(db, organisationId, virtualAssetId),
      );
      if (version === undefined) throw new AppError("not_found", "No such virtual asset.");
      const key = answerKey(virtualAssetId, selection);
      let answer = answers.get(key);
      if (answer?.version !== version) {
        const bids = await listLiveBids(db, virtualAssetId, selection);
        const products = groupByProduct(selection, bids, (product, list) =>
          ancillaryBidsToWire(productHead(product), list),
        );
        answer = { version, json: Buffer.from(String(reply.serialize(products))) };
        answers.set(key, answer, answer.json.length);
      }
      return sendJson(reply, answer.json);
    },
  );
};

/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/blocks/{blockID}` — one block with its power
 * capacity and schedule at the slots in `[start, end]` (default 24 h before now … 48 h after, up to its lifetime).
 */
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import {
  BlockBody,
  BlockParams,
  blockToWire,
  defaultWindow,
  OptionalWindowQuery,
  parseWindow,
} from "../../wire/virtual-battery.js";
import { ownedBlock } from "./owned.js";

export const getBlock: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/blocks/:blockID",
    {
      schema: {
        tags: ["blocks"],
        summary: "Get a block",
        params: BlockParams,
        querystring: OptionalWindowQuery,
        response: { 200: BlockBody, ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const window = unwrap(parseWindow(request.query, defaultWindow(deps.clock.now())));
      return blockToWire(await ownedBlock(deps.db.kysely, organisationId, request.params), window);
    },
  );
};

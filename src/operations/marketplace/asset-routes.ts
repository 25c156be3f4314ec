/**
 * The four asset operations — create, list (`?ref=` / `?reference=`), fetch, PATCH — built once for both kinds of
 * asset (flex-assets.ts, planned-assets.ts). A provider only ever sees its own assets: another provider's id
 * answers 404 like an unknown one. A taken reference answers 409 `ref_taken`. A PATCH is partial; one naming no
 * known field changes nothing and answers the asset.
 */
import { type TSchema, Type } from "typebox";
import type { ChunkedList, Page } from "../../db/repositories/marketplace/assets.js";
import type { Executor } from "../../db/repositories/organisations.js";
import { isUniqueViolation } from "../../db/unique.js";
import { AppError, type Result, unwrap } from "../../domain/errors.js";
import { MAX_REFERENCE_LENGTH } from "../../domain/limits.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { mapChunks, pageOf, sendChunks } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { newShortId } from "../../ids.js";
import { IdParams, PagedQuery } from "../../wire/marketplace.js";
import type { AssetContext } from "./asset-fields.js";

export interface AssetKindSpec<R extends { id: string; ref: string }, B> {
  readonly path: string;
  readonly tag: string;
  /** "flex asset" / "planned asset". */
  readonly label: string;
  /** The wire name of the provider's reference: `ref` or `reference`. */
  readonly refField: string;
  readonly createBody: TSchema;
  readonly patchBody: TSchema;
  readonly wire: TSchema;
  parse(body: B, current: R | undefined, ctx: AssetContext): Result<R>;
  toWire(record: R): unknown;
  insert(db: Executor, record: R): Promise<void>;
  update(db: Executor, record: R): Promise<void>;
  find(db: Executor, providerId: string, id: string): Promise<R | undefined>;
  list(db: Executor, providerId: string, ref: string | undefined, page: Page): Promise<ChunkedList<R>>;
}

function refTaken(spec: AssetKindSpec<{ id: string; ref: string }, unknown>, ref: string): AppError {
  return new AppError("ref_taken", `You already have a ${spec.label} with ${spec.refField} "${ref}".`, spec.refField);
}

async function save<R extends { id: string; ref: string }>(
  spec: AssetKindSpec<R, unknown>,
  write: () => Promise<void>,
  record: R,
): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw refTaken(spec as never, record.ref);
    throw error;
  }
}

export function assetOperations<R extends { id: string; ref: string }, B>(
  spec: AssetKindSpec<R, B>,
): [create: Operation, list: Operation, get: Operation, patch: Operation] {
  const notFound = (id: string) => new AppError("not_found", `No ${spec.label} ${id}.`);
  const ListQuery = PagedQuery({
    [spec.refField]: Type.Optional(
      Type.String({ minLength: 1, maxLength: MAX_REFERENCE_LENGTH, description: "Only this reference" }),
    ),
  });

  const create: Operation = (app, deps) => {
    app.post(
      spec.path,
      {
        schema: {
          tags: [spec.tag],
          summary: `Create a ${spec.label}`,
          body: spec.createBody,
          response: { 201: spec.wire, ...errorResponses(400, 401, 403, 409) },
        },
        config: { auth: "provider" },
      },
      async (request, reply) => {
        const { organisationId } = principalOf(request);
        const ctx = { providerId: organisationId, id: newShortId(), now: deps.clock.now() };
        const record = unwrap(spec.parse(request.body as B, undefined, ctx));
        await save(spec, () => spec.insert(deps.db.kysely, record), record);
        return reply.code(201).send(spec.toWire(record));
      },
    );
  };

  const list: Operation = (app, deps) => {
    app.get(
      spec.path,
      {
        schema: {
          tags: [spec.tag],
          summary: `List your ${spec.label}s`,
          querystring: ListQuery,
          response: { 200: Type.Array(spec.wire), ...errorResponses(400, 401, 403) },
        },
        config: { auth: "provider" },
      },
      async (request, reply) => {
        const { organisationId } = principalOf(request);
        const query = request.query as Record<string, unknown> & { limit?: number; offset?: number };
        const ref = query[spec.refField] as string | undefined;
        const { chunks, total } = await spec.list(deps.db.kysely, organisationId, ref, pageOf(query));
        return sendChunks(
          reply,
          mapChunks(chunks, (records) => records.map(spec.toWire)),
          total,
          spec.wire,
        );
      },
    );
  };

  const get: Operation = (app, deps) => {
    app.get(
      `${spec.path}:id/`,
      {
        schema: {
          tags: [spec.tag],
          summary: `Fetch one of your ${spec.label}s`,
          params: IdParams,
          response: { 200: spec.wire, ...errorResponses(401, 403, 404) },
        },
        config: { auth: "provider" },
      },
      async (request) => {
        const { organisationId } = principalOf(request);
        const record = await spec.find(deps.db.kysely, organisationId, request.params.id);
        if (record === undefined) throw notFound(request.params.id);
        return spec.toWire(record);
      },
    );
  };

  const patch: Operation = (app, deps) => {
    app.patch(
      `${spec.path}:id/`,
      {
        schema: {
          tags: [spec.tag],
          summary: `Update one of your ${spec.label}s (only the fields given)`,
          params: IdParams,
          body: spec.patchBody,
          response: { 200: spec.wire, ...errorResponses(400, 401, 403, 404, 409) },
        },
        config: { auth: "provider" },
      },
      async (request) => {
        const { organisationId } = principalOf(request);
        const id = request.params.id;
        const updated = await deps.db.kysely.transaction().execute(async (tx) => {
          const current = await spec.find(tx, organisationId, id);
          if (current === undefined) throw notFound(id);
          // Nothing known to change (unknown fields are dropped on this route): the asset as it is.
          if (Object.keys(request.body as object).length === 0) return current;
          const ctx = { providerId: organisationId, id, now: deps.clock.now() };
          const record = unwrap(spec.parse(request.body as B, current, ctx));
          await save(spec, () => spec.update(tx, record), record);
          return record;
        });
        return spec.toWire(updated);
      },
    );
  };

  return [create, list, get, patch];
}

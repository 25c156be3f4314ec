/**
 * The four asset operations — create, list (`?ref=` / `?reference=`), fetch, PATCH — built once for both kinds of
 * asset (flex-assets.ts, planned-assets.ts). A provider only ever sees its own assets: another provider's id
 * answers 404 like an unknown one. A taken reference answers 409 `ref_taken`. A PATCH is partial; one naming no
 * known field changes nothing and answers the asset.
 *
 * The use cases (`createAssetOfKind`, …) take the asset kind in their input; flex-assets.ts and planned-assets.ts
 * export them bound to their kind.
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
import { contextOf, type UseCaseContext } from "../context.js";
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

const notFoundOf = (spec: { label: string }, id: string) => new AppError("not_found", `No ${spec.label} ${id}.`);

/** Creates one of the provider's assets of the kind from a create body (400 invalid, 409 reference taken). */
export async function createAssetOfKind<R extends { id: string; ref: string }, B>(
  ctx: UseCaseContext,
  input: { kind: AssetKindSpec<R, B>; providerId: string; body: B },
): Promise<R> {
  const { kind: spec } = input;
  const assetCtx = { providerId: input.providerId, id: newShortId(), now: ctx.now };
  const record = unwrap(spec.parse(input.body, undefined, assetCtx));
  await save(spec, () => spec.insert(ctx.db.kysely, record), record);
  return record;
}

/** The provider's assets of the kind, optionally only the one with a reference, in chunks. */
export async function listAssetsOfKind<R extends { id: string; ref: string }, B>(
  ctx: UseCaseContext,
  input: { kind: AssetKindSpec<R, B>; providerId: string; ref: string | undefined; page: Page },
): Promise<ChunkedList<R>> {
  return input.kind.list(ctx.db.kysely, input.providerId, input.ref, input.page);
}

/** One of the provider's assets of the kind (404 for an unknown one or another provider's). */
export async function getAssetOfKind<R extends { id: string; ref: string }, B>(
  ctx: UseCaseContext,
  input: { kind: AssetKindSpec<R, B>; providerId: string; assetId: string },
): Promise<R> {
  const record = await input.kind.find(ctx.db.kysely, input.providerId, input.assetId);
  if (record === undefined) throw notFoundOf(input.kind, input.assetId);
  return record;
}

/** Changes the fields a patch body gives of one of the provider's assets of the kind; returns the asset as stored. */
export async function updateAssetOfKind<R extends { id: string; ref: string }, B>(
  ctx: UseCaseContext,
  input: { kind: AssetKindSpec<R, B>; providerId: string; assetId: string; body: B },
): Promise<R> {
  const { kind: spec, providerId, assetId: id } = input;
  return ctx.db.kysely.transaction().execute(async (tx) => {
    const current = await spec.find(tx, providerId, id);
    if (current === undefined) throw notFoundOf(spec, id);
    // Nothing known to change (unknown fields are dropped on this route): the asset as it is.
    if (Object.keys(input.body as object).length === 0) return current;
    const assetCtx = { providerId, id, now: ctx.now };
    const record = unwrap(spec.parse(input.body, current, assetCtx));
    await save(spec, () => spec.update(tx, record), record);
    return record;
  });
}

export function assetOperations<R extends { id: string; ref: string }, B>(
  spec: AssetKindSpec<R, B>,
): [create: Operation, list: Operation, get: Operation, patch: Operation] {
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
        const record = await createAssetOfKind(contextOf(deps), {
          kind: spec,
          providerId: organisationId,
          body: request.body as B,
        });
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
        const { chunks, total } = await listAssetsOfKind(contextOf(deps), {
          kind: spec,
          providerId: organisationId,
          ref,
          page: pageOf(query),
        });
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
        const record = await getAssetOfKind(contextOf(deps), {
          kind: spec,
          providerId: organisationId,
          assetId: request.params.id,
        });
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
        const updated = await updateAssetOfKind(contextOf(deps), {
          kind: spec,
          providerId: organisationId,
          assetId: request.params.id,
          body: request.body as B,
        });
        return spec.toWire(updated);
      },
    );
  };

  return [create, list, get, patch];
}

/** Schemas shared by many operations. */
import { Type } from "typebox";
import { MAX_ID_LENGTH, MAX_INSTANT_LENGTH } from "../domain/limits.js";
import { MAX_LIMIT, MAX_OFFSET } from "./paging.js";

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: "Stable error code from the catalogue, e.g. `ballot_asset_set_changed`." }),
    message: Type.String({ description: "What is wrong, for a person." }),
    field: Type.Optional(Type.String({ description: "Path of the offending field, e.g. `bids[0].capacity`." })),
    requestId: Type.Optional(Type.String()),
  },
  { $id: "ErrorBody", title: "Error" },
);

const ref = Type.Unsafe<{ error: string; message: string; field?: string; requestId?: string }>({
  $ref: "ErrorBody#",
});

/** Error responses to document on an operation (ids from the closed catalogue). */
export function errorResponses(...statuses: number[]) {
  const out: Record<number, typeof ref> = {};
  for (const s of statuses) out[s] = ref;
  return out;
}

/** Paging of list endpoints: bare arrays (every item without `limit`), total in `X-Total-Count`. */
export const Paging = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_LIMIT, description: "Page size; without it, every item is answered" }),
  ),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
});

/** An id a client sends (path, query or body). */
export const Id = (options: { description?: string } = {}) =>
  Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, ...options });

/** An RFC 3339 instant a client sends as text (parsed by the domain, which names what is wrong). */
export const InstantText = (description: string) => Type.String({ maxLength: MAX_INSTANT_LENGTH, description });

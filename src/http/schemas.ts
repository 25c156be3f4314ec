/** Schemas shared by many operations. */
import { Type } from "typebox";
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

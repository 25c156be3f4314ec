/** The error body every operation documents (the wire atoms they share are in src/wire/atoms.ts). */
import { Type } from "typebox";

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

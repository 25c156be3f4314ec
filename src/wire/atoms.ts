/** TypeBox atoms every wire module and operation shares: ids, instants as text, paging. */
import { Type } from "typebox";
import { MAX_ID_LENGTH, MAX_INSTANT_LENGTH } from "../domain/limits.js";

/** The largest page a list answers. */
export const MAX_LIMIT = 1000;
/** Far beyond any real list, well inside every dialect's integer range. */
export const MAX_OFFSET = 1_000_000_000;

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

/**
 * Which routes speak a real service's wire, decided once by path (docs/wire-compatibility.md):
 *
 * | routes                                                             | dialect     | unknown body fields / query parameters |
 * |--------------------------------------------------------------------|-------------|-----------------------------------------|
 * | Piclo Flex compatible: `/assets/v1/`, `/planned-assets/v1/`, `/competitions/v1/`, `/bidding-opportunities/v1/`, `/bids/v1/`, `/bid-results/v1/`, `/obligations/v1/`, `/authtoken/v1/` | compatible | ignored: never stored, never echoed |
 * | terralayr compatible: `/auth/public/…`, `/organisations/…`, `/auctions…` | compatible | ignored |
 * | Flexmarket's own: `/so/v1/`, `/tso/v1/`, `/webhooks/v1/`, `/qualifications/v1/`, `…/optimize`, the rest | strict | 400 naming the field |
 *
 * Both real services run on frameworks that drop what they do not know; a client written against them (and only
 * tested there) may send extra fields or cache-busting parameters. Known fields keep their validation either way.
 * A new route under one of these prefixes gets its dialect without any change of its own.
 */

/** Piclo Flex compatible path prefixes (they end with a slash, like every path of that service). */
export const PICLO_PREFIXES = [
  "/assets/v1/",
  "/planned-assets/v1/",
  "/competitions/v1/",
  "/bidding-opportunities/v1/",
  "/bids/v1/",
  "/bid-results/v1/",
  "/obligations/v1/",
  "/authtoken/v1/",
] as const;

/** terralayr compatible path prefixes. */
export const TERRALAYR_PREFIXES = ["/auth/public/", "/organisations/", "/auctions"] as const;

/** Flexmarket's own operations that live under a compatible prefix: strict. */
const STRICT_SUFFIXES = ["/optimize"] as const;

export type WireDialect = "compatible" | "strict";

const underPrefix = (path: string, prefix: string) =>
  prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`);

/** The dialect of a route (its URL pattern, e.g. `/assets/v1/:id/`, or a concrete path). */
export function wireDialectOf(url: string): WireDialect {
  const path = url.split("?")[0]!;
  if (STRICT_SUFFIXES.some((s) => path.endsWith(s))) return "strict";
  const prefixes: readonly string[] = [...PICLO_PREFIXES, ...TERRALAYR_PREFIXES];
  return prefixes.some((p) => underPrefix(path, p)) ? "compatible" : "strict";
}

/** Whether a path (without query) belongs to the Piclo Flex compatible family, slashed or not. */
export function isPicloPath(path: string): boolean {
  const slashed = path.endsWith("/") ? path : `${path}/`;
  return PICLO_PREFIXES.some((p) => slashed.startsWith(p));
}

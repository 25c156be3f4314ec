/**
 * UK postcodes for competition boundaries. A postcode is `OUTWARD INWARD`, e.g. `SW1A 1AA`: area `SW`,
 * district `SW1A`, sector `SW1A 1`, unit `SW1A 1AA`. A boundary entry may be any of these four levels.
 *
 * An asset is inside an entry when its postcode lies in that area / district / sector / unit, compared
 * case-insensitively and ignoring spaces. Plain string prefixes are NOT used: they would put `N10 1AA` inside
 * district `N1`, and `NW1 1AA` inside area `N`.
 * Written without spaces, `N19` is read as the district N19 (not the sector `N1 9`); write sectors with a space.
 */

const AREA_RE = /^[A-Z]{1,2}$/;
const DISTRICT_RE = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;
const UNIT_COMPACT_RE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;
const INWARD_PART_RE = /^[0-9]([A-Z]{1,2})?$/;

/** A parsed full postcode. */
export interface Postcode {
  readonly outward: string;
  readonly inward: string;
}

/** A boundary entry, by level. */
export type PostcodeEntry =
  | { readonly level: "area"; readonly area: string }
  | { readonly level: "district"; readonly outward: string }
  | { readonly level: "sector_or_unit"; readonly outward: string; readonly inwardPrefix: string };

const squash = (text: string): string => text.trim().replace(/\s+/g, " ").toUpperCase();

/** Parses a full postcode (`sw1a1aa`, `SW1A 1AA`, …); null when it is not one. */
export function parsePostcode(text: string): Postcode | null {
  const m = UNIT_COMPACT_RE.exec(squash(text).replace(/ /g, ""));
  return m ? { outward: m[1]!, inward: m[2]! } : null;
}

/** Parses a boundary entry (area, district, sector with a space, or full unit); null when it is none of them. */
export function parsePostcodeEntry(text: string): PostcodeEntry | null {
  const s = squash(text);
  if (AREA_RE.test(s)) return { level: "area", area: s };
  if (DISTRICT_RE.test(s)) return { level: "district", outward: s };
  const parts = s.split(" ");
  if (parts.length === 2 && DISTRICT_RE.test(parts[0]!) && INWARD_PART_RE.test(parts[1]!)) {
    return { level: "sector_or_unit", outward: parts[0]!, inwardPrefix: parts[1]! };
  }
  const unit = UNIT_COMPACT_RE.exec(s);
  if (unit) return { level: "sector_or_unit", outward: unit[1]!, inwardPrefix: unit[2]! };
  return null;
}

/** The entry's canonical text (`sw1a 1` → `SW1A 1`), used to compare entries. */
export function formatPostcodeEntry(entry: PostcodeEntry): string {
  switch (entry.level) {
    case "area":
      return entry.area;
    case "district":
      return entry.outward;
    case "sector_or_unit":
      return `${entry.outward} ${entry.inwardPrefix}`;
  }
}

export function postcodeInEntry(postcode: Postcode, entry: PostcodeEntry): boolean {
  switch (entry.level) {
    case "area":
      return /^[A-Z]+/.exec(postcode.outward)?.[0] === entry.area;
    case "district":
      return postcode.outward === entry.outward;
    case "sector_or_unit":
      return postcode.outward === entry.outward && postcode.inward.startsWith(entry.inwardPrefix);
  }
}

/** Whether a postcode text lies in any of the boundary entries (unparsable postcodes or entries never match). */
export function postcodeInBoundary(postcodeText: string, entries: readonly string[]): boolean {
  const postcode = parsePostcode(postcodeText);
  if (postcode === null) return false;
  return entries.some((text) => {
    const entry = parsePostcodeEntry(text);
    return entry !== null && postcodeInEntry(postcode, entry);
  });
}

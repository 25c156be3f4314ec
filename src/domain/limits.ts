/**
 * The size limits of every request: how many items an array may hold and how long a string may be. One home for
 * them; the request schemas (OpenAPI `maxItems` / `maxLength`) and the domain's parsers read them here. Each fits
 * the market with room to spare and keeps the worst request far below a second (figures and reasons:
 * docs/limits.md). A request beyond a limit answers 400 `validation_failed` naming the field.
 */

// --- strings ---

/** Every id a client sends (path, query, body): short opaque ids and UUIDs are ≤ 36 characters. */
export const MAX_ID_LENGTH = 100;
/** Names of competitions, periods, windows, assets. */
export const MAX_NAME_LENGTH = 200;
/** A provider's own reference for an asset. */
export const MAX_REFERENCE_LENGTH = 100;
/** Labels from a short vocabulary (need type, power type, product type, rate type, status, product code…). */
export const MAX_LABEL_LENGTH = 100;
/** snake_case codes of an open vocabulary (asset category and type: "onshore_wind"). */
export const MAX_CODE_LENGTH = 50;
/** Decimal strings: MW, £, kV, degrees ("123456.789", "-1.2577"). */
export const MAX_DECIMAL_LENGTH = 32;
/** Durations ("01:30:00", "1 01:30:00", "1T01:30:00"). */
export const MAX_DURATION_LENGTH = 32;
/** RFC 3339 instants ("2026-06-01T08:00:00.123456789+01:00" is 35). */
export const MAX_INSTANT_LENGTH = 40;
/** Calendar dates ("2026-06-01"), with room for a client's mistake to be named by the parser. */
export const MAX_DATE_LENGTH = 32;
/** Times of day ("17:00"). */
export const MAX_TIME_OF_DAY_LENGTH = 16;
/** Postcodes and postcode areas, districts, sectors ("SW1A 1AA" is 8). */
export const MAX_POSTCODE_LENGTH = 20;
/** Area references of a boundary and of an asset. */
export const MAX_AREA_REFERENCE_LENGTH = 100;
/** A client id or user name. */
export const MAX_USERNAME_LENGTH = 200;
/** An API key or password. */
export const MAX_SECRET_LENGTH = 500;
/** A refresh token (a signed JWT). */
export const MAX_TOKEN_LENGTH = 4000;
/** Free text a person writes (a rejection reason, a subscription's description). */
export const MAX_TEXT_LENGTH = 1000;
/** A webhook subscription's description. */
export const MAX_DESCRIPTION_LENGTH = 500;
/** A comma-separated query list of known values ("FCR,AFRRCapacity,AFRREnergy"). */
export const MAX_QUERY_LIST_LENGTH = 100;

// --- arrays ---

/** Service periods of one competition: five years of monthly periods. */
export const MAX_SERVICE_PERIODS = 60;
/** Service windows of one period: every half-hour of every weekday as a window of its own (48 × 7). */
export const MAX_WINDOWS_PER_PERIOD = 336;
/** Service windows of one competition, all periods together. */
export const MAX_WINDOWS_PER_COMPETITION = 1000;
/** Bids of one ballot: one bid per service window. */
export const MAX_BIDS_PER_BALLOT = MAX_WINDOWS_PER_COMPETITION;
/** Rates of one bid: availability, utilisation, service fee. */
export const MAX_RATES_PER_BID = 3;
/** Flex asset ids, and planned asset ids, named by one ballot: an aggregator's portfolio in one boundary. */
export const MAX_ASSETS_PER_BALLOT = 1000;
/** Weekdays of a service window. */
export const MAX_SERVICE_DAYS = 7;
/** Area references of a competition's boundary. */
export const MAX_BOUNDARY_AREAS = 100;
/** Postcode entries of a competition's boundary (areas, districts, sectors or units). */
export const MAX_BOUNDARY_POSTCODES = 1000;
/**
 * Products of one ancillary-bids POST: a week of aFRR energy both ways (7 × 96 × 2 = 1,344) fits, and so does a
 * delivery day's worst case (the autumn DST day's 100 quarter-hours × 2 directions).
 */
export const MAX_PRODUCTS_PER_REQUEST = 2000;
/**
 * Bids of one product in one request. The rule is one bid per product per asset, and the domain names a second bid
 * `duplicate_product`; this bound only keeps the array small.
 */
export const MAX_BIDS_PER_PRODUCT = 10;
/** Slots of one schedule update: a month of quarter-hours (31 × 96 = 2,976) and a DST day's extra hour. */
export const MAX_SCHEDULE_SLOTS = 3000;

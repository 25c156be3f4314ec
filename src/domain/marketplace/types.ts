/**
 * Domain types of the local flexibility marketplace (docs/domain.md §1), in exact internal units:
 * capacities in integer milli-MW, money in integer pence, instants in epoch ms UTC, calendar dates as
 * `YYYY-MM-DD` strings and times of day as `HH:MM` strings (both read in Europe/London).
 *
 * The wire (snake_case, decimal strings) is converted into these once, at the edge: `competition.ts` and
 * `ballot.ts` do it for the bodies they validate; repositories do it for rows.
 */
import type { EpochMs } from "../time.js";
import type { MilliMw, Pence } from "../units.js";

export const COMPETITION_TYPES = ["Availability", "Utilisation", "Availability & Utilisation", "Service Fee"] as const;
export type CompetitionType = (typeof COMPETITION_TYPES)[number];

/** Deficit = the network needs more export / less demand; Surplus = less export / more demand. */
export const NEED_DIRECTIONS = ["Deficit", "Surplus"] as const;
export type NeedDirection = (typeof NEED_DIRECTIONS)[number];

export const RATE_TYPES = ["availability", "utilisation", "service_fee"] as const;
export type RateType = (typeof RATE_TYPES)[number];

export const SERVICE_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export type ServiceDay = (typeof SERVICE_DAYS)[number];

export const PRICING_TYPES = ["auction"] as const;
export type PricingType = (typeof PRICING_TYPES)[number];

/** Stored status; what a competition *is* at a given instant is `competitionPhase(c, now)`. */
export type CompetitionStatus = "draft" | "published";

/**
 * Derived phase (see `competitionPhase`): `upcoming` = published, qualification not yet open;
 * `pending_open` = qualification closed, bidding not yet open.
 */
export type CompetitionPhase =
  | "draft"
  | "upcoming"
  | "qualification"
  | "pending_open"
  | "open"
  | "closed"
  | "results_published";

/** Where the need is. Postcode entries are UK postcode areas, districts, sectors or units (see qualification.ts). */
export interface Boundary {
  readonly areaReferences: readonly string[];
  readonly postcodes: readonly string[];
}

export interface ServiceWindow {
  readonly id: string;
  readonly name: string;
  /** Local (Europe/London) time of day `HH:MM`. */
  readonly start: string;
  /** Local time of day `HH:MM`; earlier than `start` means the window runs overnight into the next day. */
  readonly end: string;
  /** Days on which the window starts. */
  readonly serviceDays: readonly ServiceDay[];
  readonly capacityRequiredMilliMw: MilliMw;
  readonly minimumAggregateAssetSizeMilliMw?: MilliMw | null;
}

export interface ServicePeriod {
  readonly id: string;
  readonly name: string;
  /** First local date `YYYY-MM-DD` (inclusive). */
  readonly start: string;
  /** Last local date `YYYY-MM-DD` (inclusive). */
  readonly end: string;
  readonly serviceWindows: readonly ServiceWindow[];
}

export interface Competition {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly systemOperatorId: string;
  readonly type: CompetitionType;
  readonly needType: string;
  readonly needDirection: NeedDirection;
  readonly powerType: string;
  readonly productType: string;
  readonly pricingType: PricingType;
  /** £/MW/h as pence; null when the system operator gives no guide. */
  readonly availabilityGuidePricePence: Pence | null;
  /** £/MWh as pence. */
  readonly utilisationGuidePricePence: Pence | null;
  readonly serviceFeePence: Pence | null;
  readonly qualificationOpen: EpochMs;
  readonly qualificationClosed: EpochMs;
  /** Bidding is open on `[open, closed)`. */
  readonly open: EpochMs;
  readonly closed: EpochMs;
  readonly boundary: Boundary;
  readonly status: CompetitionStatus;
  /** Set when the system operator has published the bid results. */
  readonly resultsPublished: boolean;
  readonly servicePeriods: readonly ServicePeriod[];
}

// --- assets ---

export type AssetKind = "flex" | "planned";

/** Wire values `in_development`, `operational`, `mothballed`, `archived`. Archived assets never qualify. */
export const ASSET_STATUSES = ["in_development", "operational", "mothballed", "archived"] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** Wire `asset_category`, e.g. `renewable`, `generation`, `storage`, `demand`. Only `demand` changes a rule. */
export type AssetCategory = string;

interface AssetCommon {
  readonly id: string;
  /** The provider organisation that owns the asset. */
  readonly providerId: string;
  /** The provider's own reference (wire `ref` for flex assets, `reference` for planned assets). */
  readonly ref: string;
  readonly name: string;
  readonly status: AssetStatus;
  readonly category: AssetCategory;
  /** Wire `asset_type`, e.g. `battery`, `onshore_wind`. */
  readonly type: string;
  /** Active export capacity (wire `active_export_capacity`). */
  readonly exportCapacityMilliMw: MilliMw;
  /** Active import capacity (wire `active_import_capacity`). */
  readonly importCapacityMilliMw: MilliMw;
  readonly postcode: string | null;
  /** Decimal degree strings as on the wire; informative only (no geocoding happens in the domain). */
  readonly latitude: string | null;
  readonly longitude: string | null;
  /** The network area / substation reference the asset connects to, compared with `boundary.areaReferences`. */
  readonly areaReference: string | null;
}

/** An operational (or mothballed …) asset. */
export interface FlexAsset extends AssetCommon {
  readonly kind: "flex";
}

/**
 * An asset not built yet; its `capacity_type` + `capacity_value` map onto export / import capacity at the edge.
 * It may have no location at all; `competitionReference` names the competition (its `reference`) it is planned for.
 */
export interface PlannedAsset extends AssetCommon {
  readonly kind: "planned";
  readonly competitionReference: string | null;
}

export type Asset = FlexAsset | PlannedAsset;

/** Ids of a ballot's assets, by kind. */
export interface AssetIds {
  readonly flex: readonly string[];
  readonly planned: readonly string[];
}

/** An asset that is qualified for and entered into one competition, with the capacity it brings to a bid. */
export interface QualifiedAsset {
  readonly kind: AssetKind;
  readonly id: string;
  readonly capacityMilliMw: MilliMw;
}

// --- ballots ---

export interface Rate {
  readonly type: RateType;
  /** £ as pence: £/MW/h for availability, £/MWh for utilisation, £ for a service fee. */
  readonly pence: Pence;
}

export interface Bid {
  readonly id: string;
  readonly serviceWindowId: string;
  readonly capacityMilliMw: MilliMw;
  readonly maxRuntimeSeconds: number;
  /** One per rate type of the competition's type, in `RATE_TYPES` order. */
  readonly rates: readonly Rate[];
}

/** A provider's group of bids for one competition. Only the newest ballot of a provider is active. */
export interface Ballot {
  readonly id: string;
  readonly competitionId: string;
  readonly providerId: string;
  readonly created: EpochMs;
  /** Asset ids, each list sorted. */
  readonly assets: AssetIds;
  readonly bids: readonly Bid[];
}

/** Builders shared by the marketplace tests (not used by production code). */
import type { EpochMs } from "../time.js";
import type { BallotContext } from "./ballot.js";
import type { Asset, Competition, CompetitionType, QualifiedAsset } from "./types.js";

export const at = (iso: string): EpochMs => Date.parse(iso);

/** Bidding is open on [2026-01-19T09:00Z, 2026-02-02T12:00Z); delivery from 1 March 2026. */
export const QUALIFICATION_OPEN = at("2026-01-05T09:00:00Z");
export const QUALIFICATION_CLOSED = at("2026-01-19T09:00:00Z");
export const OPEN = at("2026-01-19T09:00:00Z");
export const CLOSED = at("2026-02-02T12:00:00Z");
export const NOW_OPEN = at("2026-01-20T12:00:00Z");

export function makeCompetition(overrides: Partial<Competition> = {}): Competition {
  return {
    id: "cmp1",
    reference: "OXF_2026_W",
    name: "Oxford winter evenings",
    systemOperatorId: "so1",
    type: "Availability",
    needType: "Pre Fault",
    needDirection: "Deficit",
    powerType: "Active Power",
    productType: "Scheduled Availability + Operational Utilisation",
    pricingType: "auction",
    availabilityGuidePricePence: 1500,
    utilisationGuidePricePence: 30000,
    serviceFeePence: null,
    qualificationOpen: QUALIFICATION_OPEN,
    qualificationClosed: QUALIFICATION_CLOSED,
    open: OPEN,
    closed: CLOSED,
    boundary: { areaReferences: ["OX-COWLEY"], postcodes: ["OX4"] },
    status: "published",
    resultsPublished: false,
    servicePeriods: [
      {
        id: "sp1",
        name: "Spring 2026",
        start: "2026-03-01",
        end: "2026-04-30",
        serviceWindows: [
          {
            id: "sw1",
            name: "Evening peak",
            start: "17:00",
            end: "19:30",
            serviceDays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            capacityRequiredMilliMw: 1250,
            minimumAggregateAssetSizeMilliMw: null,
          },
          {
            id: "sw2",
            name: "Morning peak",
            start: "07:00",
            end: "09:00",
            serviceDays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            capacityRequiredMilliMw: 5000,
          },
        ],
      },
    ],
    ...overrides,
  };
}

/** Qualified and entered: flex a1 2 MW, flex a2 0.5 MW, planned p1 1 MW (3.5 MW in all). */
export const QUALIFIED: readonly QualifiedAsset[] = [
  { kind: "flex", id: "a1", capacityMilliMw: 2000 },
  { kind: "flex", id: "a2", capacityMilliMw: 500 },
  { kind: "planned", id: "p1", capacityMilliMw: 1000 },
];

export function makeContext(overrides: Partial<BallotContext> = {}): BallotContext {
  return {
    competition: makeCompetition(),
    now: NOW_OPEN,
    pathCompetitionId: "cmp1",
    qualifiedAssets: QUALIFIED,
    // a3 is the provider's but not qualified / entered
    ownAssetIds: { flex: ["a1", "a2", "a3"], planned: ["p1"] },
    existingAssetSet: null,
    ...overrides,
  };
}

export function makeAsset(overrides: Partial<Asset> = {}): Asset {
  return {
    kind: "flex",
    id: "a1",
    providerId: "prov1",
    ref: "BATT-1",
    name: "Cowley battery",
    status: "operational",
    category: "storage",
    type: "battery",
    exportCapacityMilliMw: 2000,
    importCapacityMilliMw: 1500,
    postcode: "OX4 2JY",
    latitude: null,
    longitude: null,
    areaReference: null,
    ...overrides,
  } as Asset;
}

export type Body = Record<string, unknown>;

export const bid = (overrides: Body = {}): Body => ({
  service_window_id: "sw1",
  capacity: "1.000",
  max_runtime: "01:30:00",
  rates: [{ type: "availability", value: "123.45" }],
  ...overrides,
});

export const ballotBody = (overrides: Body = {}): Body => ({
  competition_id: "cmp1",
  bids: [bid()],
  ...overrides,
});

export const withType = (type: CompetitionType): BallotContext =>
  makeContext({ competition: makeCompetition({ type }) });

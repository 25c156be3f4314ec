/**
 * Marketplace demo objects, relative to `deps.clock.now()` (N), for the system operator `demo-dso-org` and the
 * provider `demo-org` (see seed.ts):
 * - assets of `demo-org`: a battery and a demand-side (turn-down) flex asset, and a planned heat-pump fleet — all in
 *   Oxford OX4;
 * - three OPEN competitions (bidding N−7d … N+14d), one of each type Availability & Utilisation, Utilisation and
 *   Availability, with several service windows each; all three assets qualified and Entered in each;
 * - one CLOSED Service Fee competition (bidding closed N−30d) with a `demo-org` ballot, one bid partly accepted and
 *   one rejected, results published, and obligations from N−28d onwards;
 * - one Utilisation competition ("sandbox trial", bidding N−2d … N) with a `demo-org` ballot, closing as the demo
 *   starts; the demo system operator has the DSO sandbox operator on, so the engine's first pass after start
 *   decides it (one bid accepted, one rejected "above guide price") and publishes its results without anyone
 *   acting (real or `FLEXMARKET_CLOCK=sim:…` clock alike). It closes AT the start, not later, so that the demo's
 *   open bidding opportunities stay the three of the tutorial (which the tutorial, SDK and browser tests count).
 * Every object is made by the same use cases the API runs, at the instant it would have happened, so it obeys the
 * same rules. Runs once, on an empty database, after the core demo organisations exist.
 */
import { collect } from "../db/chunks.js";
import { systemActor } from "../db/repositories/audit.js";
import { insertFlexAsset, insertPlannedAsset } from "../db/repositories/marketplace/assets.js";
import { findCompetition } from "../db/repositories/marketplace/competitions.js";
import { selectQualifications } from "../db/repositories/marketplace/qualifications.js";
import { saveSandboxSetting } from "../db/repositories/marketplace/sandbox.js";
import type { Deps } from "../deps.js";
import { unwrap } from "../domain/errors.js";
import { DAY_MS, type EpochMs, HOUR_MS } from "../domain/time.js";
import { newShortId } from "../ids.js";
import { parseFlexAsset, parsePlannedAsset } from "../operations/marketplace/asset-fields.js";
import { createCompetition } from "../operations/marketplace/so-create-competition.js";
import { decideBid } from "../operations/marketplace/so-decide-bid.js";
import { publishCompetition } from "../operations/marketplace/so-publish-competition.js";
import { publishResults } from "../operations/marketplace/so-publish-results.js";
import { qualifyCompetition } from "../operations/marketplace/so-qualify-competition.js";
import { submitBallot } from "../operations/marketplace/submit-ballot.js";
import { changeEntryStatus } from "../operations/marketplace/update-qualification.js";
import { COMMON, closedCompetition, openCompetitions, timetable, WEEKDAYS } from "./marketplace-competitions.js";

/** The demo organisations (the same ids as DEMO in seed.ts). */
const SO = "demo-dso-org";
const PROVIDER = "demo-org";
const DEMO_SO = systemActor("demo", SO);
const DEMO_PROVIDER = systemActor("demo", PROVIDER);

/**
 * When the sandbox trial closes, after the demo's start: 0 = as it starts (see the header; a later close adds a
 * fourth open opportunity for the demo provider). Decided by the DSO sandbox operator (docs/dso-sandbox.md).
 */
export const SANDBOX_TRIAL_CLOSES_AFTER_MS = 0;

function sandboxTrialCompetition(now: EpochMs) {
  const { periodStart, periodEnd, ...times } = timetable(
    now,
    -3 * DAY_MS,
    -2 * DAY_MS,
    SANDBOX_TRIAL_CLOSES_AFTER_MS,
    7 * DAY_MS,
    60,
  );
  return {
    ...COMMON,
    ...times,
    reference: "DEMO_COWLEY_SANDBOX",
    name: "Cowley sandbox trial (decided automatically at close)",
    type: "Utilisation",
    need_direction: "Deficit",
    product_type: "Operational Utilisation",
    utilisation_guide_price: "300.00",
    service_periods: [
      {
        name: "Trial",
        start: periodStart,
        end: periodEnd,
        service_windows: [
          { name: "Weekday evening", start: "17:00", end: "19:00", service_days: WEEKDAYS, capacity_required: "3.000" },
          {
            name: "Weekend evening",
            start: "17:00",
            end: "19:00",
            service_days: ["Saturday", "Sunday"],
            capacity_required: "2.000",
          },
        ],
      },
    ],
  };
}

/** The demo provider's 5 MW battery in Cowley, as a provider would create it (`POST /assets/v1/`). */
export const DEMO_BATTERY = {
  ref: "DEMO-BAT-1",
  name: "Cowley battery",
  status: "operational" as const,
  asset_category: "storage",
  asset_type: "battery",
  voltage_level: "11.00",
  postcode: "OX4 2JY",
  area_reference: "OX-COWLEY-33KV",
  active_export_capacity: "5.000",
  active_import_capacity: "5.000",
  response_time: "00:00:30",
  max_runtime: "02:00:00",
  recovery_time: "01:00:00",
};

async function seedAssets(deps: Deps, created: EpochMs): Promise<void> {
  const db = deps.db.kysely;
  const battery = unwrap(
    parseFlexAsset(DEMO_BATTERY, undefined, { providerId: PROVIDER, id: newShortId(), now: created }),
  );
  const demand = unwrap(
    parseFlexAsset(
      {
        ref: "DEMO-DSR-1",
        name: "Cold store demand turn-down",
        status: "operational",
        asset_category: "demand",
        asset_type: "industrial_load",
        voltage_level: "0.40",
        postcode: "OX4 6LX",
        active_export_capacity: "0.000",
        active_import_capacity: "3.000",
        max_runtime: "04:00:00",
      },
      undefined,
      { providerId: PROVIDER, id: newShortId(), now: created },
    ),
  );
  const planned = unwrap(
    parsePlannedAsset(
      {
        reference: "DEMO-PLN-1",
        name: "Planned heat-pump fleet",
        asset_category: "demand",
        asset_type: "heat_pump",
        capacity_type: "import",
        capacity_value: "2.000",
        estimated_asset_count: 250,
        postcode: "OX4 3LN",
        maximum_runtime: "03:00:00",
      },
      undefined,
      { providerId: PROVIDER, id: newShortId(), now: created },
    ),
  );
  await insertFlexAsset(db, battery);
  await insertFlexAsset(db, demand);
  await insertPlannedAsset(db, planned);
}

/** Publishes, qualifies and enters the demo provider's assets, each at the instant given. */
async function prepare(deps: Deps, body: Record<string, unknown>, times: { authored: EpochMs; qualified: EpochMs }) {
  const id = await createCompetition(
    { db: deps.db, now: times.authored },
    { systemOperatorId: SO, body, actor: DEMO_SO },
  );
  await publishCompetition(
    { db: deps.db, now: times.authored },
    { systemOperatorId: SO, competitionId: id, actor: DEMO_SO },
  );
  await qualifyCompetition(
    { db: deps.db, now: times.qualified },
    { systemOperatorId: SO, competitionId: id, actor: DEMO_SO },
  );
  const { chunks } = await selectQualifications(deps.db.kysely, PROVIDER, { competitionId: id }, { offset: 0 });
  for (const row of await collect(chunks)) {
    await changeEntryStatus(
      { db: deps.db, now: times.qualified },
      { providerId: PROVIDER, qualificationId: row.id, status: "Entered", actor: DEMO_PROVIDER },
    );
  }
  return id;
}

export async function seedMarketplaceDemo(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  await seedAssets(deps, now - 90 * DAY_MS);
  for (const body of openCompetitions(now)) {
    await prepare(deps, body, { authored: now - 15 * DAY_MS, qualified: now - 10 * DAY_MS });
  }

  const closedId = await prepare(deps, closedCompetition(now), {
    authored: now - 61 * DAY_MS,
    qualified: now - 55 * DAY_MS,
  });
  const competition = await findCompetition(deps.db.kysely, closedId);
  const windows = competition!.servicePeriods[0]!.serviceWindows;
  const ballot = await submitBallot(
    { db: deps.db, now: now - 40 * DAY_MS },
    {
      providerId: PROVIDER,
      competitionId: closedId,
      actor: DEMO_PROVIDER,
      body: {
        competition_id: closedId,
        bids: [
          {
            service_window_id: windows[0]!.id,
            capacity: "4.000",
            max_runtime: "02:00:00",
            rates: [{ type: "service_fee", value: "1350.00" }],
          },
          {
            service_window_id: windows[1]!.id,
            capacity: "2.000",
            max_runtime: "02:00:00",
            rates: [{ type: "service_fee", value: "1900.00" }],
          },
        ],
      },
    },
  );
  const decided = now - 30 * DAY_MS + 2 * HOUR_MS;
  await decideBid(
    { db: deps.db, now: decided },
    {
      systemOperatorId: SO,
      actor: DEMO_SO,
      bidId: ballot.bids[0]!.id,
      decision: { status: "accepted", accepted_capacity: "3.000", reason: "Partially accepted: 3 MW meets the need" },
    },
  );
  await decideBid(
    { db: deps.db, now: decided },
    {
      systemOperatorId: SO,
      actor: DEMO_SO,
      bidId: ballot.bids[1]!.id,
      decision: { status: "rejected", reason: "Above the service fee guide" },
    },
  );
  await publishResults(
    { db: deps.db, now: decided },
    { systemOperatorId: SO, competitionId: closedId, actor: DEMO_SO },
  );

  // The sandbox trial: the demo SO lets the sandbox operator decide its competitions at close.
  await saveSandboxSetting(deps.db.kysely, SO, true, now - 15 * DAY_MS);
  const trialId = await prepare(deps, sandboxTrialCompetition(now), {
    authored: now - 3 * DAY_MS - HOUR_MS,
    qualified: now - 3 * DAY_MS + HOUR_MS,
  });
  const trial = await findCompetition(deps.db.kysely, trialId);
  const trialWindows = trial!.servicePeriods[0]!.serviceWindows;
  await submitBallot(
    { db: deps.db, now: now - DAY_MS },
    {
      providerId: PROVIDER,
      competitionId: trialId,
      actor: DEMO_PROVIDER,
      body: {
        competition_id: trialId,
        bids: [
          {
            service_window_id: trialWindows[0]!.id,
            capacity: "3.000",
            max_runtime: "02:00:00",
            rates: [{ type: "utilisation", value: "240.00" }],
          },
          {
            service_window_id: trialWindows[1]!.id,
            capacity: "2.000",
            max_runtime: "02:00:00",
            rates: [{ type: "utilisation", value: "320.00" }],
          },
        ],
      },
    },
  );
}

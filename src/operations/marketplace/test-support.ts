/**
 * Builders shared by the marketplace operation tests (not used by production code). Everything goes through the
 * HTTP API, so the tests exercise what clients do.
 *
 * Timetable relative to the harness's T0 (2026-06-01T08:00Z, a Monday):
 *   qualification T0−1d … T0+1d, bidding [T0+1d, T0+8d), delivery 1–31 July 2026 (Europe/London).
 */
import { expect } from "vitest";
import type { Role } from "../../db/schema.js";
import { DAY_MS } from "../../domain/time.js";
import { type Harness, T0 } from "../../testing/harness.js";

export const BIDDING = T0 + 2 * DAY_MS;
export const AFTER_CLOSE = T0 + 9 * DAY_MS;

export type Auth = { authorization: string };
/** An organisation acting in a test: a fresh token is issued at the harness clock's now for every call. */
export type Actor = { id: string; role: Role };

export function competitionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reference: `OXF_${Math.random().toString(36).slice(2, 10)}`,
    name: "Oxford summer evenings",
    type: "Availability & Utilisation",
    need_type: "Pre Fault",
    need_direction: "Deficit",
    power_type: "Active Power",
    product_type: "Scheduled Availability + Operational Utilisation",
    availability_guide_price: "15.00",
    utilisation_guide_price: "300.00",
    qualification_open: new Date(T0 - DAY_MS).toISOString(),
    qualification_closed: new Date(T0 + DAY_MS).toISOString(),
    open: new Date(T0 + DAY_MS).toISOString(),
    closed: new Date(T0 + 8 * DAY_MS).toISOString(),
    boundary: { area_references: ["OX-COWLEY"], postcodes: ["OX4"] },
    service_periods: [
      {
        name: "July 2026",
        start: "2026-07-01",
        end: "2026-07-31",
        service_windows: [
          {
            name: "Evening peak",
            start: "17:00",
            end: "19:30",
            service_days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            capacity_required: "5.000",
          },
          {
            name: "Morning peak",
            start: "07:00",
            end: "09:00",
            service_days: ["Saturday", "Sunday"],
            capacity_required: "2.500",
          },
        ],
      },
    ],
    ...overrides,
  };
}

export const BATTERY = {
  ref: "BAT-1",
  name: "Cowley battery",
  status: "operational",
  asset_category: "storage",
  asset_type: "battery",
  voltage_level: "11.00",
  postcode: "OX4 2AB",
  active_export_capacity: "2.000",
  active_import_capacity: "2.000",
  max_runtime: "02:00:00",
};

export const DEMAND = {
  ref: "DSR-1",
  name: "Cold store turn-down",
  asset_category: "demand",
  asset_type: "industrial_load",
  postcode: "OX4 1XY",
  active_export_capacity: "0.000",
  active_import_capacity: "1.500",
};

export const PLANNED = {
  reference: "PLN-1",
  name: "Planned solar + storage",
  asset_type: "battery",
  capacity_type: "export",
  capacity_value: "1.000",
  postcode: "OX4 3ZZ",
};

async function headersOf(h: Harness, who: Actor | Auth | undefined): Promise<Record<string, string>> {
  if (who === undefined) return {};
  if ("authorization" in who) return who;
  const { token } = await h.token(who.id, who.role);
  return { authorization: `Bearer ${token}` };
}

export async function call(
  h: Harness,
  method: "GET" | "POST" | "PATCH",
  url: string,
  who: Actor | Auth | undefined,
  payload?: unknown,
) {
  const res = await h.app.inject({ method, url, headers: await headersOf(h, who), payload: payload as never });
  return { status: res.statusCode, body: res.body === "" ? undefined : res.json(), headers: res.headers };
}

/** Expects a 2xx and returns the body. */
export async function ok(
  h: Harness,
  method: "GET" | "POST" | "PATCH",
  url: string,
  who: Actor | Auth,
  payload?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: test convenience
): Promise<any> {
  const res = await call(h, method, url, who, payload);
  expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

/** A new organisation of the role, as an Actor. */
export async function actor(h: Harness, role: Role): Promise<Actor> {
  return { id: (await h.org(role)).id, role };
}

export interface Market {
  so: Actor;
  provider: Actor;
  // biome-ignore lint/suspicious/noExplicitAny: the wire body
  competition: any;
  competitionId: string;
  windowIds: string[];
  battery: string;
  demand: string;
  planned: string;
}

/**
 * A published competition whose qualification has run, and a provider with a battery, a demand asset and a planned
 * asset, all entered. The clock is left at BIDDING.
 */
export async function setupMarket(h: Harness, overrides: Record<string, unknown> = {}): Promise<Market> {
  h.clock.set(T0);
  const so = await actor(h, "system_operator");
  const provider = await actor(h, "provider");
  const created = await ok(h, "POST", "/so/v1/competitions/", so, competitionBody(overrides));
  await ok(h, "POST", `/so/v1/competitions/${created.id}/publish/`, so);
  const battery = (await ok(h, "POST", "/assets/v1/", provider, BATTERY)).id;
  const demand = (await ok(h, "POST", "/assets/v1/", provider, DEMAND)).id;
  const planned = (await ok(h, "POST", "/planned-assets/v1/", provider, PLANNED)).id;
  await ok(h, "POST", `/so/v1/competitions/${created.id}/qualify/`, so);
  await enterAll(h, provider, created.id);
  h.clock.set(BIDDING);
  const competition = await ok(h, "GET", `/competitions/v1/${created.id}/`, provider);
  return {
    so,
    provider,
    competition,
    competitionId: created.id,
    windowIds: competition.service_periods.flatMap((p: { service_windows: { id: string }[] }) =>
      p.service_windows.map((w) => w.id),
    ),
    battery,
    demand,
    planned,
  };
}

/** Enters every qualified asset of the caller into the competition. */
export async function enterAll(h: Harness, who: Actor, competitionId: string): Promise<void> {
  const rows = await ok(h, "GET", `/qualifications/v1/?competition_id=${competitionId}`, who);
  for (const row of rows) {
    if (row.qualified) await ok(h, "PATCH", `/qualifications/v1/${row.id}/`, who, { status: "Entered" });
  }
}

export function ballotBody(m: Market, overrides: Record<string, unknown> = {}) {
  return {
    competition_id: m.competitionId,
    bids: [
      {
        service_window_id: m.windowIds[0],
        capacity: "2.500",
        max_runtime: "1T01:30:00",
        rates: [
          { type: "availability", value: "12.50" },
          { type: "utilisation", value: "250.00" },
        ],
      },
    ],
    ...overrides,
  };
}

/** Every row of every marketplace table, sorted: to show that a rejected request changed nothing. */
export async function snapshot(h: Harness): Promise<Record<string, string[]>> {
  const tables = [
    "competitions",
    "service_periods",
    "service_windows",
    "flex_assets",
    "planned_assets",
    "qualifications",
    "ballots",
    "ballot_assets",
    "bids",
    "bid_decisions",
    "obligations",
  ] as const;
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await h.db.kysely.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

export interface DecidedMarket extends Market {
  ballotId: string;
  /** The bid for window 0 (accepted in part: 1.500 of 2.500 MW) and the bid for window 1 (rejected). */
  acceptedBidId: string;
  rejectedBidId: string;
}

/**
 * `setupMarket`, then a ballot with a bid for each of the two windows, the competition closed, one bid accepted in
 * part and one rejected, and the results published (obligations for every July weekday evening). The clock is left
 * at AFTER_CLOSE.
 */
export async function setupDecidedMarket(h: Harness, overrides: Record<string, unknown> = {}): Promise<DecidedMarket> {
  const m = await setupMarket(h, overrides);
  const [first] = ballotBody(m).bids;
  const ballot = await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, {
    competition_id: m.competitionId,
    bids: [first, { ...first, service_window_id: m.windowIds[1], capacity: "1.000", max_runtime: "02:00:00" }],
  });
  h.clock.set(AFTER_CLOSE);
  const [accepted, rejected] = ballot.bids.map((b: { id: string }) => b.id);
  await ok(h, "POST", `/so/v1/bids/${accepted}/decision/`, m.so, {
    decision: "accepted",
    accepted_capacity: "1.500",
    reason: "cheapest in merit order",
  });
  await ok(h, "POST", `/so/v1/bids/${rejected}/decision/`, m.so, { decision: "rejected", reason: "above guide price" });
  await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/results/`, m.so);
  return { ...m, ballotId: ballot.id, acceptedBidId: accepted, rejectedBidId: rejected };
}

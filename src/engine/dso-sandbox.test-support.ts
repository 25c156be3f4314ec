/**
 * Builders for the competition-lifecycle and DSO sandbox tests (not used by production code): a published
 * competition (test-support.ts timetable: qualification T0−1d … T0+1d, bidding [T0+1d, T0+8d), delivery July 2026)
 * with two providers whose assets are qualified and entered, and a third provider with nothing entered.
 */
import { expect } from "vitest";
import {
  type Actor,
  actor,
  BATTERY,
  BIDDING,
  competitionBody,
  DEMAND,
  enterAll,
  ok,
  PLANNED,
} from "../operations/marketplace/test-support.js";
import { type Harness, T0 } from "../testing/harness.js";

export interface SandboxMarket {
  so: Actor;
  providers: [Actor, Actor];
  outsider: Actor;
  competitionId: string;
  windowIds: string[];
}

export async function setupSandboxMarket(h: Harness, overrides: Record<string, unknown> = {}): Promise<SandboxMarket> {
  h.clock.set(T0);
  const so = await actor(h, "system_operator");
  const providers: [Actor, Actor] = [await actor(h, "provider"), await actor(h, "provider")];
  const outsider = await actor(h, "provider");
  const created = await ok(h, "POST", "/so/v1/competitions/", so, competitionBody(overrides));
  await ok(h, "POST", `/so/v1/competitions/${created.id}/publish/`, so);
  for (const p of [...providers, outsider]) {
    await ok(h, "POST", "/assets/v1/", p, BATTERY);
    await ok(h, "POST", "/assets/v1/", p, DEMAND);
    await ok(h, "POST", "/planned-assets/v1/", p, PLANNED);
  }
  await ok(h, "POST", `/so/v1/competitions/${created.id}/qualify/`, so);
  for (const p of providers) await enterAll(h, p, created.id);
  h.clock.set(BIDDING);
  const competition = await ok(h, "GET", `/competitions/v1/${created.id}/`, providers[0]);
  return {
    so,
    providers,
    outsider,
    competitionId: created.id,
    windowIds: competition.service_periods.flatMap((p: { service_windows: { id: string }[] }) =>
      p.service_windows.map((w) => w.id),
    ),
  };
}

/** An Availability & Utilisation bid (the default competition's type). */
export const auBid = (serviceWindowId: string, capacity: string, availability: string, utilisation = "250.00") => ({
  service_window_id: serviceWindowId,
  capacity,
  max_runtime: "02:00:00",
  rates: [
    { type: "availability", value: availability },
    { type: "utilisation", value: utilisation },
  ],
});

// biome-ignore lint/suspicious/noExplicitAny: wire bodies
export async function submit(h: Harness, m: SandboxMarket, who: Actor, bids: unknown[]): Promise<any> {
  return ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, who, {
    competition_id: m.competitionId,
    bids,
  });
}

const TYPE_ORDER = [
  "competition.opened",
  "bidding_opportunity.created",
  "competition.closed",
  "bid_result.published",
  "obligation.created",
];

/**
 * The outbox events of an organisation, oldest first (events of one instant in lifecycle order, then by data):
 * type and data.
 */
// biome-ignore lint/suspicious/noExplicitAny: wire bodies
export async function eventsOf(h: Harness, organisationId: string): Promise<{ type: string; data: any }[]> {
  const rows = await h.db.kysely
    .selectFrom("webhook_events")
    .select(["type", "payload", "created_at"])
    .where("organisation_id", "=", organisationId)
    .execute();
  const rank = (type: string) => TYPE_ORDER.indexOf(type);
  return rows
    .map((r) => ({ at: r.created_at, type: r.type, data: JSON.parse(r.payload).data }))
    .sort(
      (a, b) =>
        a.at.localeCompare(b.at) ||
        rank(a.type) - rank(b.type) ||
        JSON.stringify(a.data).localeCompare(JSON.stringify(b.data)),
    )
    .map(({ type, data }) => ({ type, data }));
}

export const typesOf = (events: { type: string }[]) => events.map((e) => e.type);

export function expectStatus(res: { status: number; body: unknown }, status: number): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
}

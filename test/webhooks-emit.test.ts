/**
 * Events emitted by the API paths that cause them, in the same transaction: `bid_result.published` and
 * `obligation.created` when a system operator publishes results, `ancillary_bid.submitted` when the engine places
 * pending bids. Each event's data equals what the corresponding GET answers, one event per affected organisation,
 * only that organisation's subscriptions receive it, and a rolled-back change leaves no outbox row.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { submitPendingBids } from "../src/engine/ancillary-submission.js";
import { deliverDue } from "../src/engine/webhook-delivery.js";
import {
  type Actor,
  AFTER_CLOSE,
  BATTERY,
  BIDDING,
  ballotBody,
  enterAll,
  ok,
  setupMarket,
} from "../src/operations/marketplace/test-support.js";
import { afrrCapacity, fcr, postBids, summerDay } from "../src/operations/virtual-battery/ancillary-fixtures.js";
import { createFixture } from "../src/operations/virtual-battery/test-fixtures.js";
import { verifyWebhook } from "../src/sdk/webhooks.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../src/testing/harness.js";
import { deliveriesOf, freshAuth, type Receiver, startReceiver } from "../src/testing/webhooks-receiver.js";

interface EventRow {
  id: string;
  organisation_id: string;
  type: string;
  payload: string;
}

describe.each(DIALECTS)("webhook events from the API paths (%s)", (dialect) => {
  let h: Harness;
  let receiver: Receiver;
  beforeAll(async () => {
    h = await createHarness(dialect, { webhookAllowPrivate: true });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await h.close();
  });
  afterEach(() => {
    receiver.respond = () => ({ status: 200 });
  });

  const eventsOf = async (organisationId: string): Promise<EventRow[]> =>
    h.db.kysely
      .selectFrom("webhook_events")
      .select(["id", "organisation_id", "type", "payload"])
      .where("organisation_id", "=", organisationId)
      .orderBy("created_at")
      .orderBy("type")
      .execute();
  const countEvents = async (): Promise<number> =>
    Number(
      (
        await h.db.kysely
          .selectFrom("webhook_events")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const subscribeActor = async (who: Actor, events: string[]) =>
    ok(h, "POST", "/webhooks/v1/", await freshAuth(h, who, who.role), {
      url: receiver.url,
      events,
      description: "results",
    }) as Promise<{ id: string; secret: string }>;

  /** A second provider with a battery in the market's boundary, entered (qualification reruns at T0). */
  async function secondProvider(m: Awaited<ReturnType<typeof setupMarket>>): Promise<Actor> {
    h.clock.set(T0);
    const other: Actor = { id: (await h.org("provider")).id, role: "provider" };
    await ok(h, "POST", "/assets/v1/", other, { ...BATTERY, ref: "BAT-2" });
    await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/qualify/`, m.so);
    await enterAll(h, other, m.competitionId);
    h.clock.set(BIDDING);
    return other;
  }

  const RESULT_EVENTS = ["bid_result.published", "obligation.created"];
  /** The second provider's ballot: 1.5 MW, within its one battery. */
  const smallBallot = (m: Awaited<ReturnType<typeof setupMarket>>) => {
    const body = ballotBody(m);
    return { ...body, bids: body.bids.map((b) => ({ ...b, capacity: "1.500" })) };
  };

  it("publishing results announces each provider's bid results and obligations, as their GETs show them", async () => {
    const m = await setupMarket(h);
    const other = await secondProvider(m);
    const subA = await subscribeActor(m.provider, RESULT_EVENTS);
    const subB = await subscribeActor(other, RESULT_EVENTS);
    const soSub = await subscribeActor(m.so, RESULT_EVENTS);
    const ballotA = await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, ballotBody(m));
    await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, other, smallBallot(m));

    h.clock.set(AFTER_CLOSE);
    await ok(h, "POST", `/so/v1/bids/${ballotA.bids[0].id}/decision/`, m.so, {
      decision: "accepted",
      accepted_capacity: "2.000",
      reason: "cheapest",
    });
    const before = await countEvents();
    await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/results/`, m.so);
    expect(await countEvents()).toBe(before + 3);

    // Provider A: its results and its obligations, exactly as its GETs answer.
    const eventsA = await eventsOf(m.provider.id);
    expect(eventsA.map((e) => e.type)).toEqual(["bid_result.published", "obligation.created"]);
    const resultsA = JSON.parse(eventsA[0]!.payload);
    expect(resultsA).toMatchObject({ id: eventsA[0]!.id, type: "bid_result.published" });
    expect(resultsA.created).toBe(new Date(AFTER_CLOSE).toISOString().replace(".000Z", "Z"));
    expect(resultsA.data).toEqual(await ok(h, "GET", `/bid-results/v1/${m.competitionId}/`, m.provider));
    expect(resultsA.data).toEqual([expect.objectContaining({ status: "accepted", accepted_capacity: "2.000" })]);
    const obligationsA = JSON.parse(eventsA[1]!.payload).data;
    expect(obligationsA.length).toBeGreaterThan(0);
    expect(obligationsA).toEqual(
      await ok(h, "GET", `/obligations/v1/?competition_id=${m.competitionId}&limit=1000`, m.provider),
    );

    // Provider B: rejected as not selected, so results but no obligations.
    const eventsB = await eventsOf(other.id);
    expect(eventsB.map((e) => e.type)).toEqual(["bid_result.published"]);
    const resultsB = JSON.parse(eventsB[0]!.payload).data;
    expect(resultsB).toEqual(await ok(h, "GET", `/bid-results/v1/${m.competitionId}/`, other));
    expect(resultsB).toEqual([expect.objectContaining({ status: "rejected", reason: "not selected" })]);

    // Each subscription has deliveries of its own organisation's events only; the system operator none.
    const idsA = (await deliveriesOf(h, m.provider, subA.id)).map((d) => d.event_id).sort();
    expect(idsA).toEqual(eventsA.map((e) => e.id).sort());
    const idsB = (await deliveriesOf(h, other, subB.id)).map((d) => d.event_id);
    expect(idsB).toEqual(eventsB.map((e) => e.id));
    expect(await deliveriesOf(h, m.so, soSub.id)).toEqual([]);

    // Delivered and signed: each receives and verifies only its own.
    const start = receiver.received.length;
    await deliverDue(h.deps, h.clock.now());
    const got = receiver.received.slice(start);
    expect(got).toHaveLength(3);
    const bySecret = (secret: string) =>
      got.flatMap((r) => {
        try {
          return [verifyWebhook(secret, r.headers as Record<string, string>, r.body, { now: h.wallClock.now() }).id];
        } catch {
          return [];
        }
      });
    expect(bySecret(subA.secret).sort()).toEqual(eventsA.map((e) => e.id).sort());
    expect(bySecret(subB.secret)).toEqual(eventsB.map((e) => e.id));
  });

  it("a publication that fails writes no outbox row (and no result)", async () => {
    const m = await setupMarket(h);
    const other = await secondProvider(m);
    await subscribeActor(m.provider, RESULT_EVENTS);
    await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, ballotBody(m));
    await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, other, smallBallot(m));
    // A corrupt subscription of the second provider makes its announcement (the last write) throw.
    await h.db.kysely
      .insertInto("webhook_subscriptions")
      .values({
        id: `broken${other.id}`.slice(0, 20),
        organisation_id: other.id,
        url: receiver.url,
        description: "corrupt",
        events: "null",
        secret: "whsec_AAAA",
        status: "active",
        created_at: new Date(T0).toISOString(),
      })
      .execute();
    h.clock.set(AFTER_CLOSE);
    const before = await countEvents();
    const res = await h.app.inject({
      method: "POST",
      url: `/so/v1/competitions/${m.competitionId}/results/`,
      headers: await freshAuth(h, m.so, "system_operator"),
    });
    expect(res.statusCode, res.body).toBe(500);
    expect(await countEvents()).toBe(before);
    expect(await eventsOf(m.provider.id)).toEqual([]);
    const results = await h.app.inject({
      url: `/bid-results/v1/${m.competitionId}/`,
      headers: await freshAuth(h, m.provider),
    });
    expect(results.json()).toEqual([expect.objectContaining({ status: "pending" })]);

    // Repaired, the same publication commits with its events.
    await h.db.kysely.deleteFrom("webhook_subscriptions").where("events", "=", "null").execute();
    await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/results/`, m.so);
    expect((await eventsOf(m.provider.id)).map((e) => e.type)).toEqual(["bid_result.published"]);
    expect((await eventsOf(other.id)).map((e) => e.type)).toEqual(["bid_result.published"]);
  });

  it("placing pending ancillary bids announces them once per organisation, as GET …/ancillary/bids shows them", async () => {
    h.clock.set(T0);
    const DAY = "2026-06-03";
    const a = await createFixture(h);
    const b = await createFixture(h);
    const subA = await subscribeActor({ id: a.org.id, role: "provider" }, ["ancillary_bid.submitted"]);
    const postedA = await postBids(h, { ...a, org: { ...a.org, auth: await freshAuth(h, a.org) } }, [
      fcr("NEGPOS_00_04", DAY, { offeredCapacity: 1000 }),
      fcr("NEGPOS_04_08", DAY, { offeredCapacity: 1000 }),
    ]);
    expect(postedA.statusCode, postedA.body).toBe(201);
    const postedB = await postBids(h, { ...b, org: { ...b.org, auth: await freshAuth(h, b.org) } }, [
      afrrCapacity("POS_08_12", DAY),
    ]);
    expect(postedB.statusCode, postedB.body).toBe(201);
    const before = await countEvents();
    expect(await submitPendingBids(h.deps, h.clock.now() + 30_000)).toBeGreaterThanOrEqual(3);
    expect(await countEvents()).toBe(before + 2);
    // Nothing left to place: no new event.
    expect(await submitPendingBids(h.deps, h.clock.now() + 60_000)).toBe(0);
    expect(await countEvents()).toBe(before + 2);

    const [eventA] = await eventsOf(a.org.id);
    const envelope = JSON.parse(eventA!.payload);
    expect(envelope.type).toBe("ancillary_bid.submitted");
    const listed = (
      await h.app.inject({ url: `${a.base}/ancillary/bids?${summerDay(DAY)}`, headers: await freshAuth(h, a.org) })
    ).json();
    expect(listed).toHaveLength(2);
    expect(envelope.data).toEqual(listed.map((p: object) => ({ virtualAssetID: a.assetId, ...p })));
    expect(envelope.data.flatMap((p: { bids: { status: string }[] }) => p.bids.map((x) => x.status))).toEqual([
      "submitted",
      "submitted",
    ]);

    // B's bids (a capacity bid and its 16 implicit energy bids) are B's event only.
    const [eventB] = await eventsOf(b.org.id);
    const dataB = JSON.parse(eventB!.payload).data as { virtualAssetID: string; market: string }[];
    expect(new Set(dataB.map((p) => p.virtualAssetID))).toEqual(new Set([b.assetId]));
    expect(dataB.filter((p) => p.market === "AFRRCapacity")).toHaveLength(1);
    expect(dataB.filter((p) => p.market === "AFRREnergy")).toHaveLength(16);
    expect((await deliveriesOf(h, a.org, subA.id)).map((d) => d.event_id)).toEqual([eventA!.id]);
  });
});

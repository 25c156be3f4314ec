/**
 * Webhook subscriptions and the transactional outbox.
 *
 * `emitEvent` is what other areas call INSIDE their own transaction, with that transaction as the executor: the
 * event row and its delivery rows commit or roll back with the change they announce. Only the emitting
 * organisation's subscriptions receive it. Delivery happens later (src/engine/webhook-delivery.ts).
 *
 *   await db.transaction().execute(async (tx) => {
 *     await markCompetitionOpen(tx, competition.id, now);                       // the change
 *     await emitEvent(tx, { organisationId: providerId, type: "competition.opened", data: competitionToWire(c, now), at: now });
 *   });
 *
 * One call per organisation that should hear of the change (a provider sees only its own results). The event types
 * and their `data` shapes are listed in src/domain/webhooks/events.ts; src/operations/webhooks/announce.ts has the
 * marketplace-results and ancillary-submission announcements as examples.
 */

import type { Selectable } from "kysely";
import type { EpochMs } from "../../domain/time.js";
import { RETRY_WINDOW_MS } from "../../domain/webhooks/backoff.js";
import {
  type AnyWebhookEventType,
  envelopeBody,
  isWebhookEventType,
  PING,
  type WebhookEventType,
} from "../../domain/webhooks/events.js";
import { newShortId } from "../../ids.js";
import { inParameterBatches } from "../bulk.js";
import { type Page, readChunks } from "../chunks.js";
import { isPostgres } from "../lock.js";
import type { WebhookDeliveryTable, WebhookSubscriptionStatus, WebhookSubscriptionTable } from "../schema.js";
import type { Executor } from "./organisations.js";

export const isoOf = (ms: EpochMs): string => new Date(ms).toISOString();
export const msOf = (iso: string): EpochMs => Date.parse(iso);

export interface WebhookSubscription {
  readonly id: string;
  readonly organisationId: string;
  readonly url: string;
  readonly description: string;
  readonly events: readonly WebhookEventType[];
  readonly secret: string;
  readonly status: WebhookSubscriptionStatus;
  readonly createdAt: EpochMs;
}

const toSubscription = (row: WebhookSubscriptionTable): WebhookSubscription => ({
  id: row.id,
  organisationId: row.organisation_id,
  url: row.url,
  description: row.description,
  events: (JSON.parse(row.events) as string[]).filter(isWebhookEventType),
  secret: row.secret,
  status: row.status,
  createdAt: msOf(row.created_at),
});

export async function insertSubscription(db: Executor, sub: WebhookSubscription): Promise<void> {
  await db
    .insertInto("webhook_subscriptions")
    .values({
      id: sub.id,
      organisation_id: sub.organisationId,
      url: sub.url,
      description: sub.description,
      events: JSON.stringify(sub.events),
      secret: sub.secret,
      status: sub.status,
      created_at: isoOf(sub.createdAt),
    })
    .execute();
}

export async function countSubscriptions(db: Executor, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom("webhook_subscriptions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The organisation's subscriptions, oldest first, and their total. */
export async function listSubscriptions(
  db: Executor,
  organisationId: string,
  page: Page,
): Promise<{ chunks: AsyncIterable<WebhookSubscription[]>; total: number }> {
  const q = db.selectFrom("webhook_subscriptions").selectAll().where("organisation_id", "=", organisationId);
  return {
    total: await countSubscriptions(db, organisationId),
    chunks: readChunks(q, { column: "created_at", id: "id", direction: "asc" }, page, (rows) =>
      (rows as Selectable<WebhookSubscriptionTable>[]).map(toSubscription),
    ),
  };
}

/**
 * One of the organisation's subscriptions (undefined if unknown or another organisation's). `lock` takes a
 * key-share lock on PostgreSQL, so that a concurrent delete waits for deliveries being inserted against it.
 */
export async function findSubscription(
  db: Executor,
  organisationId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<WebhookSubscription | undefined> {
  let query = db
    .selectFrom("webhook_subscriptions")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("id", "=", id);
  if (options.lock && isPostgres(db)) query = query.forKeyShare();
  const row = await query.executeTakeFirst();
  return row && toSubscription(row);
}

/** Deletes a subscription and (by cascade) its deliveries. False if unknown or another organisation's. */
export async function deleteSubscription(db: Executor, organisationId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom("webhook_subscriptions")
    .where("organisation_id", "=", organisationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// --- the outbox ---

export interface EmitEventInput {
  /** The organisation the change belongs to; only its subscriptions receive the event. */
  readonly organisationId: string;
  readonly type: WebhookEventType;
  /** The object as the corresponding GET returns it (JSON-serialisable). */
  readonly data: unknown;
  /** When the change happened: `deps.clock.now()` of the emitting operation or job. */
  readonly at: EpochMs;
}

/**
 * Records an event in the outbox and one pending delivery per subscription of THAT organisation that subscribes
 * to its type. Call it with the transaction that makes the change, so that nothing commits unannounced and no
 * event announces a rolled-back change.
 */
export async function emitEvent(
  db: Executor,
  input: EmitEventInput,
): Promise<{ readonly eventId: string; readonly deliveries: number }> {
  if (!isWebhookEventType(input.type)) throw new Error(`unknown webhook event type ${String(input.type)}`);
  let query = db
    .selectFrom("webhook_subscriptions")
    .select(["id", "events"])
    .where("organisation_id", "=", input.organisationId);
  if (isPostgres(db)) query = query.forKeyShare();
  const subscriptions = (await query.execute()).filter((s) => (JSON.parse(s.events) as string[]).includes(input.type));
  const eventId = await insertEvent(db, input.organisationId, input.type, input.data, input.at);
  await insertDeliveries(
    db,
    subscriptions.map((s) => s.id),
    { eventId, organisationId: input.organisationId, at: input.at },
  );
  return { eventId, deliveries: subscriptions.length };
}

/** A `ping` event for one subscription (it receives it whatever its event types). */
export async function emitPing(
  db: Executor,
  input: { readonly organisationId: string; readonly subscriptionId: string; readonly at: EpochMs },
): Promise<{ readonly eventId: string; readonly deliveryId: string }> {
  const data = { subscription_id: input.subscriptionId };
  const eventId = await insertEvent(db, input.organisationId, PING, data, input.at);
  const [deliveryId] = await insertDeliveries(db, [input.subscriptionId], {
    eventId,
    organisationId: input.organisationId,
    at: input.at,
  });
  return { eventId, deliveryId: deliveryId! };
}

/** A fresh delivery (new 24 h window, attempts from zero) of an event already delivered to a subscription. */
export async function insertRedelivery(
  db: Executor,
  input: {
    readonly organisationId: string;
    readonly subscriptionId: string;
    readonly eventId: string;
    readonly at: EpochMs;
  },
): Promise<string> {
  const [id] = await insertDeliveries(db, [input.subscriptionId], input);
  return id!;
}

export const newEventId = (): string => `msg_${newShortId(24)}`;

async function insertEvent(
  db: Executor,
  organisationId: string,
  type: AnyWebhookEventType,
  data: unknown,
  at: EpochMs,
): Promise<string> {
  const id = newEventId();
  await db
    .insertInto("webhook_events")
    .values({
      id,
      organisation_id: organisationId,
      type,
      payload: envelopeBody(id, type, at, data),
      created_at: isoOf(at),
    })
    .execute();
  return id;
}

async function insertDeliveries(
  db: Executor,
  subscriptionIds: readonly string[],
  input: { readonly eventId: string; readonly organisationId: string; readonly at: EpochMs },
): Promise<string[]> {
  if (subscriptionIds.length === 0) return [];
  const rows: WebhookDeliveryTable[] = subscriptionIds.map((subscriptionId) => ({
    id: newShortId(),
    subscription_id: subscriptionId,
    event_id: input.eventId,
    organisation_id: input.organisationId,
    status: "pending",
    attempts: 0,
    next_attempt_at: isoOf(input.at),
    deadline_at: isoOf(input.at + RETRY_WINDOW_MS),
    locked_until: null,
    lease_id: null,
    last_attempt_at: null,
    last_response_code: null,
    last_response_body: null,
    last_error: null,
    created_at: isoOf(input.at),
    completed_at: null,
  }));
  await inParameterBatches(db, rows, (batch) => db.insertInto("webhook_deliveries").values(batch).execute());
  return rows.map((r) => r.id);
}

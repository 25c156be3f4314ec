/**
 * Webhook deliveries: the subscriber's view (list, find) and the worker's (claim, record the outcome).
 *
 * Claiming takes a lease: `locked_until` = now + lease and a fresh `lease_id`. On PostgreSQL the due rows are
 * picked with `FOR UPDATE SKIP LOCKED`, so processes claiming at the same moment take disjoint rows; on SQLite the
 * single `UPDATE … WHERE lease expired` is atomic under the database's write lock. A process that dies after
 * claiming leaves a lease that expires, and the attempt is claimed again (at-least-once). Only the current lease
 * holder may record an outcome (`WHERE lease_id = …`), so a worker that outlived its lease cannot overwrite a
 * newer attempt. A claim the worker cannot start in time is handed back unsent (`releaseClaim`).
 */
import { type Kysely, sql } from "kysely";
import type { EpochMs } from "../../domain/time.js";
import type { NextStep } from "../../domain/webhooks/backoff.js";
import { newShortId } from "../../ids.js";
import { type Page, readChunks } from "../chunks.js";
import { isPostgres } from "../lock.js";
import type { Database, WebhookDeliveryStatus } from "../schema.js";
import type { Executor } from "./organisations.js";
import { isoOf, msOf } from "./webhooks.js";

export interface WebhookDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: EpochMs | null;
  readonly lastAttemptAt: EpochMs | null;
  readonly lastResponseCode: number | null;
  readonly lastResponseBody: string | null;
  readonly lastError: string | null;
  readonly createdAt: EpochMs;
  readonly completedAt: EpochMs | null;
}

const msOrNull = (iso: string | null): EpochMs | null => (iso === null ? null : msOf(iso));

function selectDeliveries(db: Executor) {
  return db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_events as e", "e.id", "d.event_id")
    .select([
      "d.id",
      "d.subscription_id",
      "d.event_id",
      "e.type as event_type",
      "d.status",
      "d.attempts",
      "d.next_attempt_at",
      "d.last_attempt_at",
      "d.last_response_code",
      "d.last_response_body",
      "d.last_error",
      "d.created_at",
      "d.completed_at",
    ]);
}

type DeliveryRow = Awaited<ReturnType<ReturnType<typeof selectDeliveries>["executeTakeFirstOrThrow"]>>;

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  eventId: row.event_id,
  eventType: row.event_type,
  status: row.status,
  attempts: Number(row.attempts),
  nextAttemptAt: msOrNull(row.next_attempt_at),
  lastAttemptAt: msOrNull(row.last_attempt_at),
  lastResponseCode: row.last_response_code === null ? null : Number(row.last_response_code),
  lastResponseBody: row.last_response_body,
  lastError: row.last_error,
  createdAt: msOf(row.created_at),
  completedAt: msOrNull(row.completed_at),
});

/** A subscription's deliveries, newest first, optionally of one status, and their total. */
export async function listDeliveries(
  db: Executor,
  organisationId: string,
  subscriptionId: string,
  filter: Page & { status?: WebhookDeliveryStatus | undefined },
): Promise<{ chunks: AsyncIterable<WebhookDelivery[]>; total: number }> {
  let base = selectDeliveries(db)
    .where("d.organisation_id", "=", organisationId)
    .where("d.subscription_id", "=", subscriptionId);
  if (filter.status) base = base.where("d.status", "=", filter.status);
  let count = db
    .selectFrom("webhook_deliveries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organisation_id", "=", organisationId)
    .where("subscription_id", "=", subscriptionId);
  if (filter.status) count = count.where("status", "=", filter.status);
  const total = Number((await count.executeTakeFirst())?.n ?? 0);
  return {
    total,
    chunks: readChunks(base, { column: "d.created_at", id: "d.id", direction: "desc" }, filter, (rows) =>
      (rows as Parameters<typeof toDelivery>[0][]).map(toDelivery),
    ),
  };
}

export async function findDelivery(
  db: Executor,
  organisationId: string,
  subscriptionId: string,
  id: string,
): Promise<WebhookDelivery | undefined> {
  const row = await selectDeliveries(db)
    .where("d.organisation_id", "=", organisationId)
    .where("d.subscription_id", "=", subscriptionId)
    .where("d.id", "=", id)
    .executeTakeFirst();
  return row && toDelivery(row);
}

// --- the worker's side ---

/** A claimed attempt: everything needed to send it, and the lease that fences its outcome. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly leaseId: string;
  readonly subscriptionId: string;
  readonly organisationId: string;
  readonly eventId: string;
  readonly url: string;
  readonly secret: string;
  /** The exact body to send. */
  readonly payload: string;
  /** Attempts so far, this one included. */
  readonly attempts: number;
  readonly deadline: EpochMs;
  /** When the delivery was created (its retry window starts then). */
  readonly createdAt: EpochMs;
  /** The lease's length: an attempt must not start unless it can end (time out) before the lease does. */
  readonly leaseMs: number;
}

/**
 * Claims up to `limit` due deliveries (pending, `next_attempt_at <= now`, no live lease) for `leaseMs`, counting
 * the attempt. Oldest due first.
 */
export async function claimDueDeliveries(
  db: Kysely<Database>,
  options: { readonly now: EpochMs; readonly leaseMs: number; readonly limit: number },
): Promise<ClaimedDelivery[]> {
  const now = isoOf(options.now);
  const leaseId = newShortId(16);
  let due = db
    .selectFrom("webhook_deliveries")
    .select("id")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(options.limit);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const claimed = await db
    .updateTable("webhook_deliveries")
    .set({
      locked_until: isoOf(options.now + options.leaseMs),
      lease_id: leaseId,
      attempts: sql<number>`attempts + 1`,
      last_attempt_at: now,
    })
    .where("id", "in", due)
    // Re-checked on the row itself (PostgreSQL re-evaluates it if a concurrent claim got there first).
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .returning("id")
    .execute();
  if (claimed.length === 0) return [];
  const rows = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_subscriptions as s", "s.id", "d.subscription_id")
    .innerJoin("webhook_events as e", "e.id", "d.event_id")
    .select([
      "d.id",
      "d.lease_id",
      "d.subscription_id",
      "d.organisation_id",
      "d.event_id",
      "d.attempts",
      "d.deadline_at",
      "d.created_at",
      "s.url",
      "s.secret",
      "e.payload",
    ])
    .where("d.lease_id", "=", leaseId)
    .orderBy("d.next_attempt_at")
    .orderBy("d.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    leaseId,
    subscriptionId: r.subscription_id,
    organisationId: r.organisation_id,
    eventId: r.event_id,
    url: r.url,
    secret: r.secret,
    payload: r.payload,
    attempts: Number(r.attempts),
    deadline: msOf(r.deadline_at),
    createdAt: msOf(r.created_at),
    leaseMs: options.leaseMs,
  }));
}

/**
 * Gives a claimed attempt back unsent (the worker could not start it early enough to finish within its lease):
 * the lease is dropped and the attempt uncounted, so the next claim takes it at once. False when the lease was
 * already lost.
 */
export async function releaseClaim(db: Kysely<Database>, claim: ClaimedDelivery): Promise<boolean> {
  const result = await db
    .updateTable("webhook_deliveries")
    .set({ locked_until: null, lease_id: null, attempts: sql<number>`attempts - 1` })
    .where("id", "=", claim.id)
    .where("lease_id", "=", claim.leaseId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface AttemptOutcome {
  /** When the attempt ended. */
  readonly at: EpochMs;
  readonly responseCode: number | null;
  /** At most 1 KiB. */
  readonly responseBody: string | null;
  readonly error: string | null;
}

/**
 * Records the outcome of a claimed attempt: success, a retry at an instant, or giving up (the subscription is then
 * marked `failing`; a later success marks it `active` again). False when the lease was lost (nothing written).
 */
export async function recordAttempt(
  db: Kysely<Database>,
  claim: ClaimedDelivery,
  outcome: AttemptOutcome & { readonly next: { readonly kind: "succeeded" } | NextStep },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const next = outcome.next;
    const status: WebhookDeliveryStatus =
      next.kind === "succeeded" ? "succeeded" : next.kind === "retry" ? "pending" : "failed";
    const result = await tx
      .updateTable("webhook_deliveries")
      .set({
        status,
        next_attempt_at: next.kind === "retry" ? isoOf(next.at) : null,
        locked_until: null,
        lease_id: null,
        last_response_code: outcome.responseCode,
        last_response_body: outcome.responseBody,
        last_error: outcome.error,
        completed_at: status === "pending" ? null : isoOf(outcome.at),
      })
      .where("id", "=", claim.id)
      .where("lease_id", "=", claim.leaseId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    if (next.kind === "succeeded") {
      await tx
        .updateTable("webhook_subscriptions")
        .set({ status: "active" })
        .where("id", "=", claim.subscriptionId)
        .where("status", "=", "failing")
        .execute();
    } else if (next.kind === "give_up") {
      await tx
        .updateTable("webhook_subscriptions")
        .set({ status: "failing" })
        .where("id", "=", claim.subscriptionId)
        .execute();
    }
    return true;
  });
}

/** Deliveries waiting for an attempt (the outbox depth a metric reports). */
export async function countPendingDeliveries(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("webhook_deliveries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

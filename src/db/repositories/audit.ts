/**
 * The audit log (docs/operating.md#audit-trail): `appendAudits` is the only writer (always inside the transaction of
 * the action it records); nothing updates or deletes (the table's trigger refuses it). Readers page newest first.
 *
 * Use cases record through `recordAudit`: who acts is an `AuditActor`, built once at the edge (`actorOf(request)`
 * in a route, src/http/auth.ts; `systemActor(…)` for the command line, the sandbox and the demo data) and passed
 * into the use case, which records its action with one line inside its own transaction:
 *
 *   await recordAudit(tx, actor, "ballot.placed", ballot.id);
 *
 * The entry commits or rolls back with the action. Its time is real UTC time, never the simulated market clock.
 */
import type { Kysely, Transaction } from "kysely";
import { inParameterBatches } from "../bulk.js";
import type { AuditActorType, Database } from "../schema.js";
import type { Executor } from "./organisations.js";

export interface AuditEntry {
  /** Real UTC time, epoch milliseconds. */
  at: number;
  organisationId: string | null;
  actorType: AuditActorType;
  actorId: string | null;
  action: string;
  objectId: string;
  requestId: string | null;
  detail?: Readonly<Record<string, string | number | boolean | null>> | undefined;
}

/** Every action the trail records; one name per action, `<object>.<past tense>`. */
export type AuditAction =
  | "organisation.created"
  | "credential.created"
  | "credential.revoked"
  | "credential.used_from_new_address"
  | "user.created"
  | "competition.created"
  | "competition.edited"
  | "competition.published"
  | "competition.qualified"
  | "qualification.entry_changed"
  | "ballot.placed"
  | "ballot.replaced"
  | "ancillary_bids.placed"
  | "ancillary_bids.replaced"
  | "bid.decided"
  | "results.published"
  | "webhook_subscription.created"
  | "webhook_subscription.deleted";

export interface AuditActor {
  /** The organisation whose trail the entry joins (who may read it); null for the platform's own. */
  readonly organisationId: string | null;
  readonly type: AuditActorType;
  /** The client_id or user id of a token, the operator's login, or null. */
  readonly id: string | null;
  readonly requestId: string | null;
}

/** An actor outside any request: the operator's command line, the DSO sandbox, the engine, the demo data. */
export function systemActor(
  type: Exclude<AuditActorType, "credential" | "user">,
  organisationId: string | null,
  id: string | null = null,
): AuditActor {
  return { organisationId, type, id, requestId: null };
}

export function recordAudit(
  tx: Transaction<Database>,
  actor: AuditActor,
  action: AuditAction,
  objectId: string,
  detail?: Readonly<Record<string, string | number | boolean | null>>,
): Promise<void> {
  return recordAudits(tx, [{ actor, action, objectId, detail }]);
}

/** Several entries in one statement (a group of ballots stored together), in the order given. */
export async function recordAudits(
  tx: Transaction<Database>,
  entries: readonly {
    actor: AuditActor;
    action: AuditAction;
    objectId: string;
    detail?: Readonly<Record<string, string | number | boolean | null>> | undefined;
  }[],
): Promise<void> {
  const at = Date.now();
  await appendAudits(
    tx,
    entries.map(({ actor, action, objectId, detail }) => ({
      at,
      organisationId: actor.organisationId,
      actorType: actor.type,
      actorId: actor.id,
      action,
      objectId,
      requestId: actor.requestId,
      detail,
    })),
  );
}

export interface StoredAuditEntry extends AuditEntry {
  seq: number;
}

/** Appends one entry; `trx` must be the action's own transaction, so the entry commits or rolls back with it. */
export async function appendAudits(trx: Transaction<Database>, entries: readonly AuditEntry[]): Promise<void> {
  await inParameterBatches(
    trx,
    entries.map((entry) => ({
      at: new Date(entry.at).toISOString(),
      organisation_id: entry.organisationId,
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      action: entry.action,
      object_id: entry.objectId,
      request_id: entry.requestId,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })),
    (batch) => trx.insertInto("audit_log").values(batch).execute(),
  );
}

export interface AuditFilter {
  /** Only this organisation's entries (undefined: every entry, for the operator). */
  organisationId?: string | undefined;
  /** Only entries at or after this instant (epoch ms). */
  since?: number | undefined;
}

/** Entries matching the filter, newest first, with the total count for paging. */
export async function listAudit(
  db: Kysely<Database> | Executor,
  filter: AuditFilter,
  page: { limit?: number | undefined; offset: number },
): Promise<{ items: StoredAuditEntry[]; total: number }> {
  let query = db.selectFrom("audit_log");
  if (filter.organisationId !== undefined) query = query.where("organisation_id", "=", filter.organisationId);
  if (filter.since !== undefined) query = query.where("at", ">=", new Date(filter.since).toISOString());
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy("seq", "desc")
      .limit(page.limit ?? Number.MAX_SAFE_INTEGER)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      seq: Number(r.seq),
      at: Date.parse(r.at),
      organisationId: r.organisation_id,
      actorType: r.actor_type,
      actorId: r.actor_id,
      action: r.action,
      objectId: r.object_id,
      requestId: r.request_id,
      detail: r.detail ? (JSON.parse(r.detail) as AuditEntry["detail"]) : undefined,
    })),
  };
}

/** Remembers that a credential authenticated from an address; true when the address is new for it. */
export async function rememberCredentialAddress(
  trx: Transaction<Database>,
  credentialId: string,
  address: string,
  at: number,
): Promise<boolean> {
  const result = await trx
    .insertInto("credential_addresses")
    .values({ credential_id: credentialId, address, first_seen_at: new Date(at).toISOString() })
    .onConflict((oc) => oc.columns(["credential_id", "address"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * The audit trail's one helper for use cases (docs/operating.md#audit-trail): who acts is an `AuditActor`, built
 * once at the edge (`actorOf(request)` in a route, `systemActor(…)` for the command line, the sandbox and the
 * demo data) and passed into the use case, which records its action with one line inside its own transaction:
 *
 *   await recordAudit(tx, actor, "ballot.placed", ballot.id);
 *
 * The entry commits or rolls back with the action. Its time is real UTC time, never the simulated market clock.
 */
import type { FastifyRequest } from "fastify";
import type { Transaction } from "kysely";
import { appendAudit } from "../db/repositories/audit.js";
import type { AuditActorType, Database } from "../db/schema.js";

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

/** The signed-in caller of a request (only on routes that require one). */
export function actorOf(request: FastifyRequest): AuditActor {
  const principal = request.principal;
  if (!principal) throw new Error("actorOf called on a public route");
  return { organisationId: principal.organisationId, type: "credential", id: principal.subject, requestId: request.id };
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
  return appendAudit(tx, {
    at: Date.now(),
    organisationId: actor.organisationId,
    actorType: actor.type,
    actorId: actor.id,
    action,
    objectId,
    requestId: actor.requestId,
    detail,
  });
}

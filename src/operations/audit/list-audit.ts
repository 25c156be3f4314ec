/**
 * The audit trail as its organisation reads it (docs/operating.md#audit-trail), newest first, paged like every
 * list (`limit` / `offset`, total in `X-Total-Count`), `since` an RFC 3339 instant:
 * - `GET /so/v1/audit/` — a system operator: its competitions authored, published, qualified, bids decided and
 *   results published (by its people or by the sandbox on its behalf), its credentials and webhook subscriptions;
 * - `GET /audit/v1/` — a provider: its ballots, ancillary bids, entries, credentials and webhook subscriptions.
 * Only the caller's organisation's entries exist for it; nothing in the API changes or deletes one.
 */
import { type Static, Type } from "typebox";
import type { Page } from "../../db/chunks.js";
import { listAudit, type StoredAuditEntry } from "../../db/repositories/audit.js";
import { unwrap } from "../../domain/errors.js";
import { parseRfc3339, toIso } from "../../domain/time.js";
import type { AuthRequirement } from "../../http/auth.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { pageOf, sendPage } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { Paging } from "../../wire/atoms.js";
import { contextOf, type UseCaseContext } from "../context.js";

export const AuditEntryWire = Type.Object({
  seq: Type.Integer({ description: "Position in the log (increasing)" }),
  at: Type.String({ description: "When, real UTC time" }),
  organisation_id: Type.Union([Type.String(), Type.Null()]),
  actor_type: Type.String({ description: "credential, operator, sandbox, engine or demo" }),
  actor_id: Type.Union([Type.String(), Type.Null()], { description: "client_id or user id of the token, …" }),
  action: Type.String({ examples: ["ballot.placed"] }),
  object_id: Type.String(),
  request_id: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

export const auditEntryToWire = (e: StoredAuditEntry): Static<typeof AuditEntryWire> => ({
  seq: e.seq,
  at: toIso(e.at),
  organisation_id: e.organisationId,
  actor_type: e.actorType,
  actor_id: e.actorId,
  action: e.action,
  object_id: e.objectId,
  request_id: e.requestId,
  detail: e.detail ?? null,
});

const Query = Type.Object(
  {
    ...Paging.properties,
    since: Type.Optional(
      Type.String({ maxLength: 40, description: "Only entries at or after this instant (RFC 3339)" }),
    ),
  },
  { additionalProperties: false },
);

/** One organisation's audit entries, newest first, from `since` (RFC 3339; 400 otherwise) when given. */
export async function listAuditTrail(
  ctx: UseCaseContext,
  input: { organisationId: string; since: string | undefined; page: Page },
): Promise<{ items: StoredAuditEntry[]; total: number }> {
  const since = input.since === undefined ? undefined : unwrap(parseRfc3339(input.since, "since"));
  return listAudit(ctx.db.kysely, { organisationId: input.organisationId, since }, input.page);
}

function auditRoute(path: string, auth: AuthRequirement, tag: string): Operation {
  return (app, deps) => {
    app.get(
      path,
      {
        schema: {
          tags: [tag],
          summary: "Your organisation's audit trail, newest first",
          querystring: Query,
          response: { 200: Type.Array(AuditEntryWire), ...errorResponses(400, 401, 403) },
        },
        config: { auth },
      },
      async (request, reply) => {
        const { organisationId } = principalOf(request);
        const { items, total } = await listAuditTrail(contextOf(deps), {
          organisationId,
          since: request.query.since,
          page: pageOf(request.query),
        });
        return sendPage(reply, items.map(auditEntryToWire), total);
      },
    );
  };
}

export const soListAudit = auditRoute("/so/v1/audit/", "system_operator", "system operator");
export const providerListAudit = auditRoute("/audit/v1/", "provider", "audit");

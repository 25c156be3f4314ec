/**
 * `DELETE /webhooks/v1/{id}/` — unsubscribe: 204. Its pending deliveries are dropped with it; an attempt already in
 * flight may still arrive once. Another organisation's → 404.
 */
import { Type } from "typebox";
import { recordAudit } from "../../db/repositories/audit.js";
import { deleteSubscription as deleteStored } from "../../db/repositories/webhooks.js";
import { AppError } from "../../domain/errors.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { SubscriptionParams } from "../../wire/webhooks.js";

export const deleteSubscription: Operation = (app, deps) => {
  app.delete(
    "/webhooks/v1/:id/",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Delete a webhook subscription",
        params: SubscriptionParams,
        response: { 204: Type.Null({ description: "Deleted." }), ...errorResponses(401, 404) },
      },
      config: { auth: "any" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      await deps.db.kysely.transaction().execute(async (tx) => {
        if (!(await deleteStored(tx, organisationId, request.params.id))) {
          throw new AppError("not_found", "No such webhook subscription.");
        }
        await recordAudit(tx, actorOf(request), "webhook_subscription.deleted", request.params.id);
      });
      return reply.code(204).send(null);
    },
  );
};

/**
 * `DELETE /webhooks/v1/{id}/` — unsubscribe: 204. Its pending deliveries are dropped with it; an attempt already in
 * flight may still arrive once. Another organisation's → 404.
 */
import { Type } from "typebox";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import { deleteSubscription as deleteStored } from "../../db/repositories/webhooks.js";
import { AppError } from "../../domain/errors.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { SubscriptionParams } from "../../wire/webhooks.js";
import { contextOf, type UseCaseContext } from "../context.js";

/** Deletes one of the organisation's subscriptions (404 when it has none by that id), audited. */
export async function deleteWebhookSubscription(
  ctx: UseCaseContext,
  input: { organisationId: string; subscriptionId: string; actor: AuditActor },
): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (tx) => {
    if (!(await deleteStored(tx, input.organisationId, input.subscriptionId))) {
      throw new AppError("not_found", "No such webhook subscription.");
    }
    await recordAudit(tx, input.actor, "webhook_subscription.deleted", input.subscriptionId);
  });
}

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
      await deleteWebhookSubscription(contextOf(deps), {
        organisationId,
        subscriptionId: request.params.id,
        actor: actorOf(request),
      });
      return reply.code(204).send(null);
    },
  );
};

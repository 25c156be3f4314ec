/**
 * `POST /webhooks/v1/` — subscribe the caller's organisation to events: `{url, events[], description?}` → 201 with
 * the subscription and its signing secret (`whsec_<base64>`), shown this once.
 */
import { randomBytes } from "node:crypto";
import { Type } from "typebox";
import { lockKey } from "../../db/lock.js";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import { countSubscriptions, insertSubscription, type WebhookSubscription } from "../../db/repositories/webhooks.js";
import { AppError, unwrap } from "../../domain/errors.js";
import { MAX_DESCRIPTION_LENGTH } from "../../domain/limits.js";
import { WEBHOOK_EVENT_TYPES } from "../../domain/webhooks/events.js";
import { formatSecret, SECRET_BYTES } from "../../domain/webhooks/signing.js";
import { checkWebhookUrl, MAX_URL_LENGTH } from "../../domain/webhooks/url.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { newShortId } from "../../ids.js";
import { CreatedSubscriptionBody, EventType, subscriptionToWire } from "../../wire/webhooks.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { MAX_SUBSCRIPTIONS } from "./subscriptions.js";

const Body = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: MAX_URL_LENGTH,
      description: "An http(s) URL on a public host.",
      examples: ["https://example.com/flexmarket/webhooks"],
    }),
    events: Type.Array(EventType, {
      minItems: 1,
      maxItems: WEBHOOK_EVENT_TYPES.length,
      uniqueItems: true,
      description: "Event types to receive.",
    }),
    description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_LENGTH, default: "" })),
  },
  { additionalProperties: false },
);

/**
 * Subscribes an organisation to events: checks the URL (`allowPrivate` from the config), makes the signing secret
 * and stores the subscription under the organisation's limit; returns it with its secret.
 */
export async function createWebhookSubscription(
  ctx: UseCaseContext,
  input: {
    organisationId: string;
    url: string;
    events: WebhookSubscription["events"];
    description: string | undefined;
    allowPrivate: boolean;
    actor: AuditActor;
  },
): Promise<WebhookSubscription> {
  const { organisationId } = input;
  const url = unwrap(checkWebhookUrl(input.url, { allowPrivate: input.allowPrivate }));
  const sub: WebhookSubscription = {
    id: newShortId(),
    organisationId,
    url: url.href,
    description: input.description ?? "",
    events: input.events,
    secret: formatSecret(randomBytes(SECRET_BYTES)),
    status: "active",
    createdAt: ctx.now,
  };
  await ctx.db.kysely.transaction().execute(async (tx) => {
    await lockKey(tx, `webhook-subscriptions:${organisationId}`);
    if ((await countSubscriptions(tx, organisationId)) >= MAX_SUBSCRIPTIONS) {
      throw new AppError(
        "webhook_limit_reached",
        `An organisation may hold at most ${MAX_SUBSCRIPTIONS} webhook subscriptions; delete one first.`,
      );
    }
    await insertSubscription(tx, sub);
    await recordAudit(tx, input.actor, "webhook_subscription.created", sub.id, { url: sub.url });
  });
  return sub;
}

export const createSubscription: Operation = (app, deps) => {
  app.post(
    "/webhooks/v1/",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Subscribe to events",
        body: Body,
        response: { 201: CreatedSubscriptionBody, ...errorResponses(400, 401) },
      },
      config: { auth: "any" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const sub = await createWebhookSubscription(contextOf(deps), {
        organisationId,
        url: request.body.url,
        events: request.body.events,
        description: request.body.description,
        allowPrivate: deps.config.webhookAllowPrivate,
        actor: actorOf(request),
      });
      reply.code(201).header("location", `/webhooks/v1/${sub.id}/`).header("cache-control", "no-store");
      return { ...subscriptionToWire(sub), secret: sub.secret };
    },
  );
};

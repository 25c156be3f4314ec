/**
 * The webhooks wire: TypeBox schemas shared by the `/webhooks/v1/` operations and the mappers from stored
 * subscriptions and deliveries to snake_case JSON (instants RFC 3339 UTC). The secret appears only in the answer
 * to the create call.
 */
import { Type } from "typebox";
import type { WebhookSubscription } from "../db/repositories/webhooks.js";
import type { WebhookDelivery } from "../db/repositories/webhooks-deliveries.js";
import { type EpochMs, toIso } from "../domain/time.js";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../domain/webhooks/events.js";
import { Id } from "./atoms.js";

const nullable = <T>(type: "string" | "integer", description: string) =>
  Type.Unsafe<T | null>({ type: [type, "null"], description });

export const EventType = Type.Unsafe<WebhookEventType>({
  type: "string",
  enum: [...WEBHOOK_EVENT_TYPES],
  description: "A subscribable event type.",
});

export const SubscriptionParams = Type.Object({ id: Id({ description: "Subscription id" }) });
export const DeliveryParams = Type.Object({
  id: Id({ description: "Subscription id" }),
  deliveryId: Id({ description: "Delivery id" }),
});

export const SubscriptionBody = Type.Object(
  {
    id: Type.String(),
    url: Type.String({ description: "Where events are POSTed." }),
    events: Type.Array(EventType),
    description: Type.String(),
    status: Type.Unsafe<"active" | "failing">({
      type: "string",
      enum: ["active", "failing"],
      description: "`failing` once a delivery gave up after 24 h of retries; back to `active` after a success.",
    }),
    created: Type.String({ format: "date-time" }),
  },
  { title: "WebhookSubscription" },
);

export const CreatedSubscriptionBody = Type.Object(
  {
    ...SubscriptionBody.properties,
    secret: Type.String({
      description: "The signing secret, `whsec_<base64>`. Shown only in this answer: store it now.",
    }),
  },
  { title: "WebhookSubscriptionWithSecret" },
);

export const DeliveryBody = Type.Object(
  {
    id: Type.String(),
    event_id: Type.String({ description: "The event's id, also sent as `webhook-id`." }),
    event_type: Type.String(),
    status: Type.Unsafe<"pending" | "succeeded" | "failed">({
      type: "string",
      enum: ["pending", "succeeded", "failed"],
    }),
    attempts: Type.Integer({ description: "Attempts made so far." }),
    next_attempt_at: nullable<string>("string", "When the next attempt is due; null once succeeded or failed."),
    last_attempt_at: nullable<string>("string", "When the last attempt started."),
    last_response_code: nullable<number>("integer", "HTTP status of the last answer; null if none came."),
    last_response_body: nullable<string>("string", "The last answer's body, at most 1 KiB of it."),
    last_error: nullable<string>("string", "Why the last attempt failed, when it did not get an answer or got a 3xx."),
    created: Type.String({ format: "date-time" }),
    completed_at: nullable<string>("string", "When it succeeded or was given up."),
  },
  { title: "WebhookDelivery" },
);

const isoOrNull = (ms: EpochMs | null): string | null => (ms === null ? null : toIso(ms));

export function subscriptionToWire(sub: WebhookSubscription) {
  return {
    id: sub.id,
    url: sub.url,
    events: [...sub.events],
    description: sub.description,
    status: sub.status,
    created: toIso(sub.createdAt),
  };
}

export function deliveryToWire(d: WebhookDelivery) {
  return {
    id: d.id,
    event_id: d.eventId,
    event_type: d.eventType,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: isoOrNull(d.nextAttemptAt),
    last_attempt_at: isoOrNull(d.lastAttemptAt),
    last_response_code: d.lastResponseCode,
    last_response_body: d.lastResponseBody,
    last_error: d.lastError,
    created: toIso(d.createdAt),
    completed_at: isoOrNull(d.completedAt),
  };
}

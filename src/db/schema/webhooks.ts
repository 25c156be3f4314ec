/** Webhook tables (subscriptions, the event outbox, deliveries). Instants are RFC 3339 UTC text with milliseconds. */

export type WebhookSubscriptionStatus = "active" | "failing";
export type WebhookDeliveryStatus = "pending" | "succeeded" | "failed";

export interface WebhookSubscriptionTable {
  id: string;
  organisation_id: string;
  url: string;
  description: string;
  /** JSON array of event types. */
  events: string;
  /** `whsec_<base64>`: needed to sign, so kept (not hashed); shown to the subscriber once. */
  secret: string;
  status: WebhookSubscriptionStatus;
  created_at: string;
}

/** The outbox: one row per announced change, written in the same transaction as the change. */
export interface WebhookEventTable {
  /** `msg_…`, sent as `webhook-id` and as the envelope's `id`. */
  id: string;
  organisation_id: string;
  type: string;
  /** The exact JSON body sent: `{id, type, created, data}`. */
  payload: string;
  created_at: string;
}

/** One row per (event, subscription) to deliver; a redelivery adds a row. */
export interface WebhookDeliveryTable {
  id: string;
  subscription_id: string;
  event_id: string;
  organisation_id: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** Due instant while pending; null once succeeded or failed. */
  next_attempt_at: string | null;
  /** No attempt starts after this instant (created + 24 h). */
  deadline_at: string;
  /** Lease of the worker attempting it now; an attempt whose lease expired (a crash) is claimed again. */
  locked_until: string | null;
  /** Fences a worker whose lease expired: only the current lease holder may record the outcome. */
  lease_id: string | null;
  last_attempt_at: string | null;
  last_response_code: number | null;
  /** At most 1 KiB of the last response body. */
  last_response_body: string | null;
  last_error: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface WebhookTables {
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_events: WebhookEventTable;
  webhook_deliveries: WebhookDeliveryTable;
}

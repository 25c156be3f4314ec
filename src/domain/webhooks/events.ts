/**
 * The webhook events Flexmarket announces, and the envelope every delivery carries:
 * `{id, type, created, data}` where `data` has the shape of the corresponding GET (the emitting area passes it).
 */
import { type EpochMs, toIso } from "../time.js";

/** Subscribable event types. */
export const WEBHOOK_EVENT_TYPES = [
  "bidding_opportunity.created",
  "competition.opened",
  "competition.closed",
  "bid_result.published",
  "obligation.created",
  "ancillary_bid.submitted",
  "ancillary_bid.result",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by `POST /webhooks/v1/{id}/test`, to that subscription, whatever it subscribes to. */
export const PING = "ping";

export type AnyWebhookEventType = WebhookEventType | typeof PING;

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

export interface WebhookEnvelope {
  readonly id: string;
  readonly type: AnyWebhookEventType;
  /** RFC 3339 UTC. */
  readonly created: string;
  readonly data: unknown;
}

/**
 * The exact body of every delivery of an event (stored once, so retries and redeliveries are byte-identical and
 * their signatures verify against the same bytes). Throws on data that JSON cannot carry (a bug in the caller).
 */
export function envelopeBody(id: string, type: AnyWebhookEventType, created: EpochMs, data: unknown): string {
  if (data === undefined || typeof data === "function" || typeof data === "bigint") {
    throw new Error(`webhook event ${type}: data must be a JSON value`);
  }
  const envelope: WebhookEnvelope = { id, type, created: toIso(created), data };
  return JSON.stringify(envelope);
}

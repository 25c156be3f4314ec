/**
 * The webhook events Flexmarket announces, and the envelope every delivery carries:
 * `{id, type, created, data}` where `data` has the shape of the corresponding GET (the emitting area passes it).
 *
 * | type | announced when | `data` (the shape of) | emitted in |
 * |---|---|---|---|
 * | `competition.opened` | a competition's bidding opens | `GET /competitions/v1/{id}/` | DSO engine |
 * | `competition.closed` | a competition's bidding closes | `GET /competitions/v1/{id}/` | DSO engine |
 * | `bidding_opportunity.created` | a provider gains an opportunity | one item of `GET /bidding-opportunities/v1/` | DSO engine |
 * | `bid_result.published` | results are published | the provider's `GET /bid-results/v1/{competition_id}/` | `publishResults` |
 * | `obligation.created` | accepted bids become obligations | the new items of `GET /obligations/v1/` | `publishResults` |
 * | `ancillary_bid.submitted` | pending bids are placed with the TSO | `GET …/ancillary/bids` items + `virtualAssetID` | `submitPendingBids` |
 * | `ancillary_bid.result` | the TSO's results are recorded | `GET …/ancillary/results` items + `virtualAssetID` | TSO engine |
 *
 * To emit one, call `emitEvent(tx, {organisationId, type, data, at: now})` (src/db/repositories/webhooks.ts) with the
 * transaction that makes the change, once per organisation concerned; examples in src/operations/webhooks/announce.ts.
 * A new type is added here (and to `WebhookEventType` in src/sdk/webhooks.ts and docs/webhooks.md).
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

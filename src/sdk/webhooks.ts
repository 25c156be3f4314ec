/**
 * Verifying Flexmarket webhooks (Standard Webhooks, https://www.standardwebhooks.com/):
 *
 * ```ts
 * import { verifyWebhook } from "flexmarket/sdk";
 * const event = verifyWebhook(process.env.FLEXMARKET_WEBHOOK_SECRET!, request.headers, rawBody);
 * ```
 *
 * Pass the body exactly as received (before any JSON parsing). Throws `WebhookVerificationError` (with a `code`)
 * unless one of the `v1` signatures in `webhook-signature` matches (compared in constant time) and
 * `webhook-timestamp` is within `toleranceSeconds` of `now`, which guards against replays.
 */
import { secretKey, signatureMatches } from "../domain/webhooks/signing.js";

export type WebhookVerificationErrorCode =
  | "invalid_secret"
  | "missing_header"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "invalid_signature"
  | "invalid_payload";

export class WebhookVerificationError extends Error {
  readonly code: WebhookVerificationErrorCode;
  constructor(code: WebhookVerificationErrorCode, message: string) {
    super(message);
    this.name = "WebhookVerificationError";
    this.code = code;
  }
}

export type WebhookEventType =
  | "bidding_opportunity.created"
  | "competition.opened"
  | "competition.closed"
  | "bid_result.published"
  | "obligation.created"
  | "ancillary_bid.submitted"
  | "ancillary_bid.result"
  | "ping";

export interface WebhookEvent<T = unknown> {
  /** Also the `webhook-id` header: the same across retries, so use it to drop duplicates. */
  readonly id: string;
  readonly type: WebhookEventType;
  /** RFC 3339 UTC. */
  readonly created: string;
  /** The object as the corresponding GET returns it. */
  readonly data: T;
}

export type WebhookHeaders =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyOptions {
  /** Largest accepted distance between `webhook-timestamp` and now, in seconds (default 300). */
  readonly toleranceSeconds?: number;
  /** Now, as epoch milliseconds or a Date (default: the system clock). */
  readonly now?: number | Date;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(" ") : (value as string | undefined);
}

/** Verifies a delivery and returns its event; throws `WebhookVerificationError` otherwise. */
export function verifyWebhook<T = unknown>(
  secret: string,
  headers: WebhookHeaders,
  body: string | Uint8Array,
  options: VerifyOptions = {},
): WebhookEvent<T> {
  const key = secretKey(secret);
  if (!key) throw new WebhookVerificationError("invalid_secret", "The secret is not a whsec_<base64> secret.");
  const id = header(headers, "webhook-id");
  const timestampText = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestampText || !signatures) {
    throw new WebhookVerificationError(
      "missing_header",
      "webhook-id, webhook-timestamp and webhook-signature headers are required.",
    );
  }
  if (!/^\d{1,15}$/.test(timestampText)) {
    throw new WebhookVerificationError("invalid_timestamp", "webhook-timestamp must be whole seconds since 1970.");
  }
  const timestamp = Number(timestampText);
  const nowMs =
    options.now === undefined ? Date.now() : typeof options.now === "number" ? options.now : options.now.getTime();
  const nowSeconds = Math.floor(nowMs / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (timestamp < nowSeconds - tolerance) {
    throw new WebhookVerificationError("timestamp_too_old", "The message timestamp is too old.");
  }
  if (timestamp > nowSeconds + tolerance) {
    throw new WebhookVerificationError("timestamp_too_new", "The message timestamp is too far in the future.");
  }
  if (!signatureMatches(key, id, timestamp, body, signatures)) {
    throw new WebhookVerificationError("invalid_signature", "No matching signature found.");
  }
  let event: WebhookEvent<T>;
  try {
    event = JSON.parse(typeof body === "string" ? body : Buffer.from(body).toString("utf8")) as WebhookEvent<T>;
  } catch {
    throw new WebhookVerificationError("invalid_payload", "The body is not JSON.");
  }
  if (typeof event !== "object" || event === null) {
    throw new WebhookVerificationError("invalid_payload", "The body is not a JSON object.");
  }
  return event;
}

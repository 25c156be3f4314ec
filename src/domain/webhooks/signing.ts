/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/): the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, the signature `v1,<base64 HMAC-SHA256>` keyed by the secret's
 * base64-decoded bytes. Secrets are written `whsec_<base64>`. Pure: no clock, no randomness (callers pass both).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SECRET_PREFIX = "whsec_";
/** Random bytes in a new signing secret (Standard Webhooks asks for 24 to 64). */
export const SECRET_BYTES = 32;

/** Formats random bytes as a signing secret, `whsec_<base64>`. */
export function formatSecret(bytes: Uint8Array): string {
  return `${SECRET_PREFIX}${Buffer.from(bytes).toString("base64")}`;
}

/** The HMAC key of a secret: the base64 after `whsec_` (the prefix is optional), decoded. Undefined if malformed. */
export function secretKey(secret: string): Buffer | undefined {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (b64 === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  return Buffer.from(b64, "base64");
}

/** `v1,<base64 HMAC-SHA256 of "${msgId}.${timestamp}.${body}">`; `timestamp` in whole seconds. */
export function sign(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  const key = secretKey(secret);
  if (!key) throw new Error("malformed webhook signing secret");
  return `v1,${hmac(key, msgId, timestampSeconds, body).toString("base64")}`;
}

function hmac(key: Buffer, msgId: string, timestampSeconds: number, body: string | Uint8Array): Buffer {
  return createHmac("sha256", key).update(`${msgId}.${timestampSeconds}.`).update(body).digest();
}

/**
 * Whether any of the space-separated signatures of a `webhook-signature` header is a valid `v1` signature.
 * Versions other than `v1` are ignored. Each candidate is compared in constant time.
 */
export function signatureMatches(
  key: Buffer,
  msgId: string,
  timestampSeconds: number,
  body: string | Uint8Array,
  header: string,
): boolean {
  const expected = hmac(key, msgId, timestampSeconds, body);
  let matched = false;
  for (const part of header.split(" ")) {
    const comma = part.indexOf(",");
    if (comma < 0 || part.slice(0, comma) !== "v1") continue;
    const given = Buffer.from(part.slice(comma + 1), "base64");
    // Compare every candidate (no early exit) so timing does not depend on which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}

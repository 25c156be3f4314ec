/** Opaque identifiers: short base62 strings for the marketplace (like `z8mpC6x`), UUIDs for virtual batteries. */
import { randomBytes, randomUUID } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A short opaque id: `length` base62 characters (default 10, ~59 bits), unbiased. */
export function newShortId(length = 10): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export const newUuid = (): string => randomUUID();

/** A high-entropy secret for API keys and webhook signing secrets. */
export const newSecret = (prefix: string): string => `${prefix}_${randomBytes(24).toString("base64url")}`;

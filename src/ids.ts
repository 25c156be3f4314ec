/** Opaque identifiers: short base62 strings for the marketplace (like `z8mpC6x`), UUIDs for virtual batteries. */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * Random bytes for identifiers, drawn from a pool refilled 4 KiB at a time (one `randomBytes` call per id cost more
 * than the id). Identifiers only: secrets use their own `randomBytes` call.
 */
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

function pooledBytes(n: number): Uint8Array {
  if (offset + n > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + n);
  offset += n;
  return bytes;
}

/** A short opaque id: `length` base62 characters (default 10, ~59 bits), unbiased. */
export function newShortId(length = 10): string {
  let out = "";
  while (out.length < length) {
    for (const byte of pooledBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * A UUID (RFC 9562 version 7): 48 bits of Unix milliseconds, then 74 random bits. Ids made close in time sort
 * close together, so the rows a request inserts share index pages instead of touching one random page each.
 * Opaque to clients like any UUID; the time in it is the machine's, used for nothing but locality.
 */
export function newUuid(): string {
  const b = pooledBytes(16);
  let ms = Date.now();
  const h: string[] = new Array(16);
  for (let i = 5; i >= 0; i--) {
    h[i] = HEX[ms % 256]!;
    ms = Math.floor(ms / 256);
  }
  h[6] = HEX[0x70 | (b[6]! & 0x0f)]!;
  h[7] = HEX[b[7]!]!;
  h[8] = HEX[0x80 | (b[8]! & 0x3f)]!;
  for (let i = 9; i < 16; i++) h[i] = HEX[b[i]!]!;
  return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h.slice(10).join("")}`;
}

/** A high-entropy secret for API keys and webhook signing secrets. */
export const newSecret = (prefix: string): string => `${prefix}_${randomBytes(24).toString("base64url")}`;

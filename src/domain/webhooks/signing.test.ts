import { describe, expect, it } from "vitest";
import { formatSecret, secretKey, sign, signatureMatches } from "./signing.js";

// The Standard Webhooks specification's worked example.
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("webhook signing", () => {
  it("signs the Standard Webhooks example exactly", () => {
    expect(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it("keys the HMAC with the base64-decoded secret, with or without the whsec_ prefix", () => {
    const raw = VECTOR.secret.slice("whsec_".length);
    expect(sign(raw, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(secretKey(VECTOR.secret)).toEqual(Buffer.from(raw, "base64"));
  });

  it("signs id, timestamp and body: changing any one changes the signature", () => {
    const s = (id: string, ts: number, body: string) => sign(VECTOR.secret, id, ts, body);
    expect(s(`${VECTOR.id}x`, VECTOR.timestamp, VECTOR.body)).not.toBe(VECTOR.signature);
    expect(s(VECTOR.id, VECTOR.timestamp + 1, VECTOR.body)).not.toBe(VECTOR.signature);
    expect(s(VECTOR.id, VECTOR.timestamp, '{"test":2432232314}')).not.toBe(VECTOR.signature);
  });

  it("formats secrets as whsec_ + base64 of the random bytes", () => {
    const bytes = new Uint8Array(32).map((_, i) => i);
    const secret = formatSecret(bytes);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(secretKey(secret)).toEqual(Buffer.from(bytes));
  });

  it("refuses malformed secrets", () => {
    expect(secretKey("whsec_")).toBeUndefined();
    expect(secretKey("whsec_not base64!")).toBeUndefined();
    expect(secretKey("whsec_abc")).toBeUndefined();
    expect(() => sign("whsec_", "m", 1, "{}")).toThrow();
  });

  it("matches any one of several space-separated signatures and ignores other versions", () => {
    const key = secretKey(VECTOR.secret)!;
    const m = (header: string) => signatureMatches(key, VECTOR.id, VECTOR.timestamp, VECTOR.body, header);
    expect(m(VECTOR.signature)).toBe(true);
    expect(m(`v1,AAAA ${VECTOR.signature}`)).toBe(true);
    expect(m(`${VECTOR.signature} v1,AAAA`)).toBe(true);
    expect(m("v1,AAAA v1,BBBB")).toBe(false);
    expect(m(`v2,${VECTOR.signature.slice(3)}`)).toBe(false);
    expect(m(VECTOR.signature.slice(3))).toBe(false);
    expect(m("")).toBe(false);
  });
});

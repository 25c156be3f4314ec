/**
 * Bearer tokens: HS256 JWTs (jose) carrying the organisation and its role. Access tokens are short-lived;
 * refresh tokens (virtual-battery auth) exchange for a new access token.
 */
import { errors, jwtVerify, SignJWT } from "jose";
import type { Role } from "./db/schema.js";

export interface Principal {
  /** The client_id or user id the token was issued to. */
  readonly subject: string;
  readonly organisationId: string;
  readonly role: Role;
}

export type TokenKind = "access" | "refresh" | "id";

export type VerifyResult = { ok: true; principal: Principal } | { ok: false; reason: "expired" | "invalid" };

export interface TokenService {
  issue(principal: Principal, kind: TokenKind, nowMs: number): Promise<{ token: string; expiresIn: number }>;
  verify(token: string, kind: TokenKind, nowMs: number): Promise<VerifyResult>;
}

const VERIFIED_CACHE_SIZE = 10_000;

export function createTokenService(secret: string, ttl: { access: number; refresh: number }): TokenService {
  // Imported once: jose would otherwise import the raw secret as a CryptoKey on every sign and verify.
  const key = crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  // Tokens already verified, with their expiry: a signature is checked once per token, not once per request.
  // Only successes are kept; expiry is checked on every use exactly as jose checks it (valid while now < exp).
  const verified = new Map<string, { kind: TokenKind; principal: Principal; exp: number }>();
  return {
    async issue(principal, kind, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      const expiresIn = kind === "refresh" ? ttl.refresh : ttl.access;
      const token = await new SignJWT({ org: principal.organisationId, role: principal.role, typ: kind })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(principal.subject)
        .setIssuedAt(iat)
        .setExpirationTime(iat + expiresIn)
        .setIssuer("flexmarket")
        .sign(await key);
      return { token, expiresIn };
    },
    async verify(token, kind, nowMs) {
      const hit = verified.get(token);
      if (hit !== undefined) {
        if (hit.kind !== kind) return { ok: false, reason: "invalid" };
        if (Math.floor(nowMs / 1000) >= hit.exp) return { ok: false, reason: "expired" };
        return { ok: true, principal: hit.principal };
      }
      try {
        const { payload } = await jwtVerify(token, await key, {
          algorithms: ["HS256"],
          issuer: "flexmarket",
          currentDate: new Date(nowMs),
        });
        const { sub, org, role, typ } = payload as Record<string, unknown>;
        if (typ !== kind || typeof sub !== "string" || typeof org !== "string") return { ok: false, reason: "invalid" };
        if (role !== "provider" && role !== "system_operator") return { ok: false, reason: "invalid" };
        const principal: Principal = { subject: sub, organisationId: org, role };
        if (typeof payload.exp === "number") {
          if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
          verified.set(token, { kind, principal, exp: payload.exp });
        }
        return { ok: true, principal };
      } catch (error) {
        return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
      }
    },
  };
}

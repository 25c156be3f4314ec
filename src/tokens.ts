/**
 * Bearer tokens: HS256 JWTs (jose) carrying the organisation, its role, and the credential they came from (an API
 * key's client_id or a user's id, and for a user the sign-in's token family), so that revoking the credential refuses
 * them (src/credentials.ts). Access tokens are short-lived; refresh tokens (virtual-battery auth) carry an id (`jti`)
 * and are exchanged once.
 *
 * Tokens are issued and expire on REAL time (`now`, the wall clock), never on the market clock: under a simulated
 * clock running 600 × faster a one-hour token still lives an hour.
 */
import { errors, jwtVerify, SignJWT } from "jose";
import type { Role } from "./db/schema.js";

/** What a token's subject is: an API key (`sub` = client_id) or a user (`sub` = user id). */
export type CredentialKind = "key" | "user";

export interface Principal {
  /** The client_id or user id the token was issued to. */
  readonly subject: string;
  readonly organisationId: string;
  readonly role: Role;
  readonly credential: CredentialKind;
  /** The user's sign-in (token family) the token belongs to; users only. */
  readonly family?: string;
}

export type TokenKind = "access" | "refresh" | "id";

export type VerifyResult =
  | { ok: true; principal: Principal; tokenId: string | undefined }
  | { ok: false; reason: "expired" | "invalid" };

export interface TokenService {
  /** `tokenId` becomes the `jti` (refresh tokens). */
  issue(
    principal: Principal,
    kind: TokenKind,
    options?: { tokenId?: string },
  ): Promise<{ token: string; expiresIn: number }>;
  verify(token: string, kind: TokenKind): Promise<VerifyResult>;
}

const VERIFIED_CACHE_SIZE = 10_000;

export function createTokenService(
  secret: string,
  ttl: { access: number; refresh: number },
  now: () => number = Date.now,
): TokenService {
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
  const verified = new Map<
    string,
    { kind: TokenKind; principal: Principal; tokenId: string | undefined; exp: number }
  >();
  return {
    async issue(principal, kind, options = {}) {
      const iat = Math.floor(now() / 1000);
      const expiresIn = kind === "refresh" ? ttl.refresh : ttl.access;
      const claims: Record<string, unknown> = {
        org: principal.organisationId,
        role: principal.role,
        typ: kind,
        cred: principal.credential,
      };
      if (principal.family !== undefined) claims.fam = principal.family;
      let jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(principal.subject)
        .setIssuedAt(iat)
        .setExpirationTime(iat + expiresIn)
        .setIssuer("flexmarket");
      if (options.tokenId !== undefined) jwt = jwt.setJti(options.tokenId);
      return { token: await jwt.sign(await key), expiresIn };
    },
    async verify(token, kind) {
      const nowMs = now();
      const hit = verified.get(token);
      if (hit !== undefined) {
        if (hit.kind !== kind) return { ok: false, reason: "invalid" };
        if (Math.floor(nowMs / 1000) >= hit.exp) return { ok: false, reason: "expired" };
        return { ok: true, principal: hit.principal, tokenId: hit.tokenId };
      }
      try {
        const { payload } = await jwtVerify(token, await key, {
          algorithms: ["HS256"],
          issuer: "flexmarket",
          currentDate: new Date(nowMs),
        });
        const { sub, org, role, typ, cred, fam, jti } = payload as Record<string, unknown>;
        if (typ !== kind || typeof sub !== "string" || typeof org !== "string") return { ok: false, reason: "invalid" };
        if (role !== "provider" && role !== "system_operator") return { ok: false, reason: "invalid" };
        // A token without the credential it came from cannot be revoked: refused (tokens issued before revocation
        // existed, at most one access-token lifetime old).
        if (cred !== "key" && cred !== "user") return { ok: false, reason: "invalid" };
        if (fam !== undefined && typeof fam !== "string") return { ok: false, reason: "invalid" };
        const principal: Principal = {
          subject: sub,
          organisationId: org,
          role,
          credential: cred,
          ...(fam !== undefined ? { family: fam } : {}),
        };
        const tokenId = typeof jti === "string" ? jti : undefined;
        if (typeof payload.exp === "number") {
          if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
          verified.set(token, { kind, principal, tokenId, exp: payload.exp });
        }
        return { ok: true, principal, tokenId };
      } catch (error) {
        return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
      }
    },
  };
}

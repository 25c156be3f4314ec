/**
 * Is the credential behind a token still valid? An API key not revoked, a user not disabled, a sign-in (token
 * family) not revoked, and the organisation still there. Answers are kept for `ttlMs` of real time per credential,
 * so a revocation made by another process (`flexmarket admin key revoke`) is seen within that delay; one made in
 * this process is seen at once (`forget`). docs/reliability.md, "Revocation".
 */
import type { Db } from "./db/connect.js";
import { isApiKeyActive, isUserActive } from "./db/repositories/credentials.js";
import type { Principal } from "./tokens.js";

export interface CredentialCheck {
  isActive(principal: Principal): Promise<boolean>;
  /** Drops every cached answer (after a revocation in this process). */
  forget(): void;
}

/** Bounded: at most this many credentials are remembered (oldest dropped first). */
const CACHE_SIZE = 10_000;

export function createCredentialCheck(db: Db, options: { ttlMs: number; now: () => number }): CredentialCheck {
  const cache = new Map<string, { active: boolean; until: number }>();
  return {
    async isActive(principal) {
      const key = `${principal.credential}\u0000${principal.subject}\u0000${principal.organisationId}\u0000${principal.family ?? ""}`;
      const now = options.now();
      const hit = cache.get(key);
      if (hit !== undefined && now < hit.until) return hit.active;
      const active =
        principal.credential === "key"
          ? await isApiKeyActive(db.kysely, principal.subject, principal.organisationId)
          : await isUserActive(db.kysely, principal.subject, principal.organisationId, principal.family);
      cache.delete(key);
      if (options.ttlMs > 0) {
        if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(key, { active, until: now + options.ttlMs });
      }
      return active;
    },
    forget: () => cache.clear(),
  };
}

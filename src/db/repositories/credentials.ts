/**
 * Credentials and their revocation: API keys, users, and the token families of user sign-ins (refresh tokens rotate
 * on use; a refresh token used twice revokes its family). docs/reliability.md, "Revocation".
 */
import { forUpdate } from "../lock.js";
import type { Executor } from "./organisations.js";

export interface ApiKeySummary {
  clientId: string;
  organisationId: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** API keys, newest first; of one organisation when given. Never the secret or its hash. */
export async function listApiKeys(db: Executor, organisationId?: string): Promise<ApiKeySummary[]> {
  let query = db
    .selectFrom("api_keys")
    .select(["id", "organisation_id", "name", "created_at", "revoked_at"])
    .orderBy("created_at", "desc")
    .orderBy("id");
  if (organisationId !== undefined) query = query.where("organisation_id", "=", organisationId);
  return (await query.execute()).map((r) => ({
    clientId: r.id,
    organisationId: r.organisation_id,
    name: r.name,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes an API key; false when unknown or already revoked. */
export async function revokeApiKey(db: Executor, clientId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: at })
    .where("id", "=", clientId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Disables a user and revokes all its token families; its id, or undefined when unknown or already disabled. */
export async function disableUser(db: Executor, username: string, at: string): Promise<string | undefined> {
  const user = await db
    .updateTable("users")
    .set({ disabled_at: at })
    .where("username", "=", username)
    .where("disabled_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!user) return undefined;
  await db
    .updateTable("token_families")
    .set({ revoked_at: at })
    .where("user_id", "=", user.id)
    .where("revoked_at", "is", null)
    .execute();
  return user.id;
}

/** True when the API key exists, is not revoked, and belongs to `organisationId`, which still exists. */
export async function isApiKeyActive(db: Executor, clientId: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom("api_keys")
    .innerJoin("organisations", "organisations.id", "api_keys.organisation_id")
    .select("api_keys.id")
    .where("api_keys.id", "=", clientId)
    .where("api_keys.organisation_id", "=", organisationId)
    .where("api_keys.revoked_at", "is", null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * True when the user exists, is enabled, belongs to `organisationId` (which still exists) and — when a family is
 * given — that sign-in's family is not revoked.
 */
export async function isUserActive(
  db: Executor,
  userId: string,
  organisationId: string,
  familyId: string | undefined,
): Promise<boolean> {
  const user = await db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select("users.id")
    .where("users.id", "=", userId)
    .where("users.organisation_id", "=", organisationId)
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
  if (!user) return false;
  if (familyId === undefined) return true;
  const family = await db
    .selectFrom("token_families")
    .select("id")
    .where("id", "=", familyId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return family !== undefined;
}

export async function insertTokenFamily(
  db: Executor,
  family: { id: string; userId: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto("token_families")
    .values({ id: family.id, user_id: family.userId, created_at: family.createdAt, revoked_at: null })
    .execute();
}

export async function insertRefreshToken(
  db: Executor,
  token: { id: string; familyId: string; issuedAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto("refresh_tokens")
    .values({
      id: token.id,
      family_id: token.familyId,
      issued_at: token.issuedAt,
      expires_at: token.expiresAt,
      used_at: null,
    })
    .execute();
}

/** A refresh token with its family's state, locked (`FOR UPDATE` on PostgreSQL) for the exchange. */
export async function lockRefreshToken(db: Executor, id: string) {
  const query = db
    .selectFrom("refresh_tokens")
    .innerJoin("token_families", "token_families.id", "refresh_tokens.family_id")
    .select([
      "refresh_tokens.id as id",
      "refresh_tokens.family_id as familyId",
      "refresh_tokens.used_at as usedAt",
      "token_families.user_id as userId",
      "token_families.revoked_at as familyRevokedAt",
    ])
    .where("refresh_tokens.id", "=", id);
  const row = await forUpdate(db, query).executeTakeFirst();
  return row && { ...row, used: row.usedAt !== null, familyRevoked: row.familyRevokedAt !== null };
}

/** Marks a refresh token used, and drops the family's tokens that have expired (they can no longer be replayed). */
export async function markRefreshTokenUsed(db: Executor, id: string, familyId: string, at: string): Promise<void> {
  await db.updateTable("refresh_tokens").set({ used_at: at }).where("id", "=", id).execute();
  await db.deleteFrom("refresh_tokens").where("family_id", "=", familyId).where("expires_at", "<", at).execute();
}

export async function revokeTokenFamily(db: Executor, familyId: string, at: string): Promise<void> {
  await db
    .updateTable("token_families")
    .set({ revoked_at: at })
    .where("id", "=", familyId)
    .where("revoked_at", "is", null)
    .execute();
}

import type { Kysely, Transaction } from "kysely";
import type { Database, Role } from "../schema.js";

export type Executor = Kysely<Database> | Transaction<Database>;

export interface Organisation {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
}

const toOrganisation = (row: Database["organisations"]): Organisation => ({
  id: row.id,
  name: row.name,
  role: row.role,
  createdAt: row.created_at,
});

export async function insertOrganisation(db: Executor, org: Organisation): Promise<void> {
  await db
    .insertInto("organisations")
    .values({ id: org.id, name: org.name, role: org.role, created_at: org.createdAt })
    .execute();
}

export async function findOrganisation(db: Executor, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toOrganisation(row);
}

export async function countOrganisations(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("organisations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertApiKey(
  db: Executor,
  key: { clientId: string; organisationId: string; name: string; secretHash: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto("api_keys")
    .values({
      id: key.clientId,
      organisation_id: key.organisationId,
      name: key.name,
      secret_hash: key.secretHash,
      created_at: key.createdAt,
      revoked_at: null,
    })
    .execute();
}

/** The active API key with its organisation, for authentication. */
export async function findActiveApiKey(db: Executor, clientId: string) {
  return db
    .selectFrom("api_keys")
    .innerJoin("organisations", "organisations.id", "api_keys.organisation_id")
    .select(["api_keys.id as clientId", "api_keys.secret_hash as secretHash", "organisations.id as organisationId"])
    .select("organisations.role as role")
    .where("api_keys.id", "=", clientId)
    .where("api_keys.revoked_at", "is", null)
    .executeTakeFirst();
}

export async function insertUser(
  db: Executor,
  user: { id: string; organisationId: string; username: string; passwordHash: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto("users")
    .values({
      id: user.id,
      organisation_id: user.organisationId,
      username: user.username,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
      disabled_at: null,
    })
    .execute();
}

export async function findUserByUsername(db: Executor, username: string) {
  return db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select(["users.id as userId", "users.password_hash as passwordHash", "organisations.id as organisationId"])
    .select("organisations.role as role")
    .where("users.username", "=", username)
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
}

/** An enabled user with its organisation (undefined if unknown, disabled, or its organisation is gone). */
export async function findUserById(db: Executor, id: string) {
  return db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select(["users.id as userId", "organisations.id as organisationId", "organisations.role as role"])
    .where("users.id", "=", id)
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
}

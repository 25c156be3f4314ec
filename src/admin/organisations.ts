/**
 * Administrative use cases (CLI and demo data): organisations, API keys and users. Secrets are returned once
 * and stored only as argon2 hashes.
 */
import type { Db } from "../db/connect.js";
import { insertApiKey, insertOrganisation, insertUser, type Organisation } from "../db/repositories/organisations.js";
import type { Role } from "../db/schema.js";
import { isUniqueViolation } from "../db/unique.js";
import { toIso } from "../domain/time.js";
import { newSecret, newShortId } from "../ids.js";
import { type HashCost, hashSecret } from "../secrets.js";

export interface AdminContext {
  db: Db;
  now: number;
  hashCost: HashCost;
}

export async function createOrganisation(
  ctx: AdminContext,
  input: { name: string; role: Role; id?: string },
): Promise<Organisation> {
  const org: Organisation = {
    id: input.id ?? newShortId(),
    name: input.name,
    role: input.role,
    createdAt: toIso(ctx.now),
  };
  await insertOrganisation(ctx.db.kysely, org);
  return org;
}

/** Creates an API key; the `apiKey` is returned once and never again. */
export async function createApiKey(
  ctx: AdminContext,
  input: { organisationId: string; name?: string; clientId?: string; apiKey?: string },
): Promise<{ clientId: string; apiKey: string }> {
  const clientId = input.clientId ?? `ck_${newShortId(16)}`;
  const apiKey = input.apiKey ?? newSecret("fmk");
  await insertApiKey(ctx.db.kysely, {
    clientId,
    organisationId: input.organisationId,
    name: input.name ?? "api key",
    secretHash: await hashSecret(apiKey, ctx.hashCost),
    createdAt: toIso(ctx.now),
  });
  return { clientId, apiKey };
}

export async function createUser(
  ctx: AdminContext,
  input: { organisationId: string; username: string; password: string },
): Promise<{ id: string; username: string }> {
  if (input.password.length < 8) throw new Error("The password must have at least 8 characters.");
  const id = newShortId();
  try {
    await insertUser(ctx.db.kysely, {
      id,
      organisationId: input.organisationId,
      username: input.username,
      passwordHash: await hashSecret(input.password, ctx.hashCost),
      createdAt: toIso(ctx.now),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Error(`The username "${input.username}" is taken.`);
    throw error;
  }
  return { id, username: input.username };
}

/**
 * Administrative use cases (CLI and demo data): organisations, API keys and users. Secrets are returned once
 * and stored only as argon2 hashes.
 */
import type { Db } from "../db/connect.js";
import { recordAudit, systemActor } from "../db/repositories/audit.js";
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
  /** Who acts, for the audit trail: the operator's command line (the default, with its login) or the demo data. */
  by?: { type: "operator" | "demo"; id?: string };
}

const actorFor = (ctx: AdminContext, organisationId: string) =>
  systemActor(ctx.by?.type ?? "operator", organisationId, ctx.by?.id ?? null);

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
  await ctx.db.kysely.transaction().execute(async (tx) => {
    await insertOrganisation(tx, org);
    await recordAudit(tx, actorFor(ctx, org.id), "organisation.created", org.id, { role: org.role });
  });
  return org;
}

/** Creates an API key; the `apiKey` is returned once and never again. */
export async function createApiKey(
  ctx: AdminContext,
  input: { organisationId: string; name?: string; clientId?: string; apiKey?: string },
): Promise<{ clientId: string; apiKey: string }> {
  const clientId = input.clientId ?? `ck_${newShortId(16)}`;
  const apiKey = input.apiKey ?? newSecret("fmk");
  const secretHash = await hashSecret(apiKey, ctx.hashCost);
  await ctx.db.kysely.transaction().execute(async (tx) => {
    const name = input.name ?? "api key";
    await insertApiKey(tx, {
      clientId,
      organisationId: input.organisationId,
      name,
      secretHash,
      createdAt: toIso(ctx.now),
    });
    await recordAudit(tx, actorFor(ctx, input.organisationId), "credential.created", clientId, { name });
  });
  return { clientId, apiKey };
}

export async function createUser(
  ctx: AdminContext,
  input: { organisationId: string; username: string; password: string },
): Promise<{ id: string; username: string }> {
  if (input.password.length < 8) throw new Error("The password must have at least 8 characters.");
  const id = newShortId();
  const passwordHash = await hashSecret(input.password, ctx.hashCost);
  try {
    await ctx.db.kysely.transaction().execute(async (tx) => {
      const { organisationId, username } = input;
      await insertUser(tx, { id, organisationId, username, passwordHash, createdAt: toIso(ctx.now) });
      await recordAudit(tx, actorFor(ctx, organisationId), "user.created", id, { username });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Error(`The username "${input.username}" is taken.`);
    throw error;
  }
  return { id, username: input.username };
}

/**
 * Revocation use cases (CLI `flexmarket admin key list|revoke`, `admin user disable`): each runs in one transaction,
 * so whatever must be written with a revocation (an audit entry) joins it. A token issued before is refused within
 * the revocation check delay (`FLEXMARKET_REVOCATION_CHECK_MS`, src/credentials.ts); docs/reliability.md.
 */

import { recordAudit, systemActor } from "../db/repositories/audit.js";
import {
  type ApiKeySummary,
  disableUser as disable,
  listApiKeys,
  revokeApiKey as revoke,
} from "../db/repositories/credentials.js";
import { toIso } from "../domain/time.js";
import type { AdminContext } from "./organisations.js";

type Context = Omit<AdminContext, "hashCost">;

export async function listKeys(ctx: Context, input: { organisationId?: string } = {}): Promise<ApiKeySummary[]> {
  return listApiKeys(ctx.db.kysely, input.organisationId);
}

/** Revokes an API key: no new token, and tokens issued with it are refused. False when unknown or already revoked. */
export async function revokeKey(ctx: Context, input: { clientId: string }): Promise<boolean> {
  return ctx.db.kysely.transaction().execute(async (tx) => {
    const revoked = await revoke(tx, input.clientId, toIso(ctx.now));
    if (revoked) await recordAudit(tx, operatorOf(ctx), "credential.revoked", input.clientId);
    return revoked;
  });
}

/**
 * Disables a user: no sign-in, no refresh, and tokens issued before are refused (all its sign-ins are revoked).
 * False when unknown or already disabled.
 */
export async function disableUser(ctx: Context, input: { username: string }): Promise<boolean> {
  const id = await ctx.db.kysely.transaction().execute(async (tx) => {
    const disabled = await disable(tx, input.username, toIso(ctx.now));
    if (disabled !== undefined) await recordAudit(tx, operatorOf(ctx), "credential.revoked", disabled);
    return disabled;
  });
  return id !== undefined;
}

/** The operator at the command line, on the platform's own trail (read with `flexmarket admin audit`). */
const operatorOf = (ctx: Context) => systemActor(ctx.by?.type ?? "operator", null, ctx.by?.id ?? null);

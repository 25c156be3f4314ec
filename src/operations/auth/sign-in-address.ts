/**
 * A credential used from an address it has not authenticated from before is a security-relevant event (a leaked
 * key shows up this way): the first sign-in from each address is appended to the audit trail, once.
 */
import type { FastifyRequest } from "fastify";
import type { Db } from "../../db/connect.js";
import { recordAudit, rememberCredentialAddress } from "../../db/repositories/audit.js";

export async function noteSignInAddress(
  db: Db,
  request: FastifyRequest,
  credential: { type: "credential" | "user"; id: string; organisationId: string },
): Promise<void> {
  const actor = {
    organisationId: credential.organisationId,
    type: credential.type,
    id: credential.id,
    requestId: request.id,
  };
  await db.kysely.transaction().execute(async (tx) => {
    if (await rememberCredentialAddress(tx, credential.id, request.ip, Date.now())) {
      await recordAudit(tx, actor, "credential.used_from_new_address", credential.id, { address: request.ip });
    }
  });
}

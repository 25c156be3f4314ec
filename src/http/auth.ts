/**
 * Authentication and tenancy, enforced once for every route:
 * - each route declares `config.auth`: `public`, `any` (any signed-in organisation), `provider` or `system_operator`;
 * - no, malformed or expired bearer token → 401; a token whose credential (API key, user, sign-in) was revoked or
 *   whose organisation is gone → 401 (within the revocation check delay, src/credentials.ts); wrong role → 403;
 * - a route under `/organisations/{organisationID}/…` answers 404 unless the id is the caller's organisation.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuditActor } from "../db/repositories/audit.js";
import type { Role } from "../db/schema.js";
import type { Deps } from "../deps.js";
import type { Principal } from "../tokens.js";
import { sendError } from "./errors.js";

export type AuthRequirement = "public" | "any" | Role;

declare module "fastify" {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/** The signed-in principal; only call from routes whose `auth` is not `public`. */
/** The signed-in caller of a request (only on routes that require one). */
export function actorOf(request: FastifyRequest): AuditActor {
  const principal = request.principal;
  if (!principal) throw new Error("actorOf called on a public route");
  return { organisationId: principal.organisationId, type: "credential", id: principal.subject, requestId: request.id };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error("principalOf called on a public route");
  return request.principal;
}

export function authHook(deps: Deps) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const requirement = request.routeOptions.config?.auth;
    if (requirement === undefined || requirement === "public") return;
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      return sendError(reply, "unauthorized", "Send an Authorization: Bearer <token> header.");
    }
    const result = await deps.tokens.verify(match[1]!, "access");
    if (!result.ok) {
      return result.reason === "expired"
        ? sendError(reply, "token_expired", "The token has expired; authenticate again.")
        : sendError(reply, "unauthorized", "The token is not valid.");
    }
    if (!(await deps.credentials.isActive(result.principal))) {
      return sendError(reply, "unauthorized", "The credential of this token has been revoked; authenticate again.");
    }
    request.principal = result.principal;
    if (requirement !== "any" && result.principal.role !== requirement) {
      return sendError(reply, "forbidden", `This operation is for ${requirement.replace("_", " ")} organisations.`);
    }
    const orgParam = (request.params as Record<string, string> | undefined)?.organisationID;
    if (orgParam !== undefined && orgParam !== result.principal.organisationId) {
      return sendError(reply, "not_found", "No such organisation.");
    }
  };
}

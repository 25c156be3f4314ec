/**
 * What the OpenAPI document says about each operation that a client generator needs, derived from the route itself
 * so that every route, a new one included, gets it without edits (docs/agent.md, "The OpenAPI document"):
 * - `security`: the bearer scheme on every route whose `config.auth` is not `public` (the auth hook answers 401 to
 *   them without a token), `[]` (explicitly none) on public ones;
 * - `operationId`: the method and the path in camelCase (`GET /assets/v1/{id}/` → `getAssetsV1ById`), unless the
 *   route's schema names one;
 * - the error answers every such route can give even when its schema does not list them: 401 when protected, 403
 *   when for one role only, 429 when rate limiting is on.
 */
import type { SwaggerTransform } from "@fastify/swagger";
import type { FastifySchema } from "fastify";
import type { AuthRequirement } from "./auth.js";
import { errorResponses } from "./schemas.js";

export const SECURITY_SCHEME = "bearer";

/**
 * `get` + `/organisations/:organisationID/auctions` → `getOrganisationsByOrganisationIDAuctions`;
 * `get` + `/bid-results/v1/:competition_id/` → `getBidResultsV1ByCompetitionId`.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url.split("/").flatMap((segment) => {
    if (segment === "*") return ["Wildcard"];
    const param = /^(?::(\w+)|\{(\w+)\})$/.exec(segment);
    return [...(param ? ["By"] : []), ...(param?.[1] ?? param?.[2] ?? segment).split(/[^A-Za-z0-9]+/)];
  });
  return method.toLowerCase() + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
}

interface OperationSchema extends FastifySchema {
  operationId?: string;
  security?: Record<string, string[]>[];
  response?: Record<string | number, unknown>;
}

/** The swagger `transform`: returns a copy of the route's schema with the fields above (never changes the route). */
export function describeOperation(options: { rateLimited: boolean }): SwaggerTransform {
  return ({ schema, url, route }) => {
    const given = (schema ?? {}) as OperationSchema;
    const auth = route.config?.auth as AuthRequirement | undefined;
    const isProtected = auth !== undefined && auth !== "public";
    const method = Array.isArray(route.method) ? route.method[0]! : route.method;
    const statuses = [
      ...(isProtected ? [401] : []),
      ...(auth === "provider" || auth === "system_operator" ? [403] : []),
      ...(options.rateLimited ? [429] : []),
    ];
    const response = { ...errorResponses(...statuses), ...given.response };
    const described: OperationSchema = {
      ...given,
      operationId: given.operationId ?? operationIdOf(method, url),
      security: isProtected ? [{ [SECURITY_SCHEME]: [] }] : [],
      response,
    };
    return { schema: described, url };
  };
}

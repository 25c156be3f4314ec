/**
 * `GET /so/v1/sandbox/` and `PUT /so/v1/sandbox/ {enabled}` — the system operator's opt-in to the DSO sandbox
 * operator (docs/dso-sandbox.md): when on, every competition of this system operator that closes is decided by the
 * sandbox's rules and its results are published, without anyone acting. Off by default; each system operator's
 * setting is its own.
 */
import { Type } from "typebox";
import type { SandboxSetting } from "../../db/repositories/marketplace/sandbox.js";
import { findSandboxSetting, saveSandboxSetting } from "../../db/repositories/marketplace/sandbox.js";
import { toIso } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";

const TAG = "system operator";

const SandboxWire = Type.Object({
  enabled: Type.Boolean({ description: "Whether the sandbox operator decides your closed competitions" }),
  modified: Type.Unsafe<string | null>({
    type: ["string", "null"],
    format: "date-time",
    description: "When the setting last changed; null if never set",
  }),
});

const SandboxBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

const toWire = (s: SandboxSetting) => ({
  enabled: s.enabled,
  modified: s.modified === null ? null : toIso(s.modified),
});

export const soGetSandbox: Operation = (app, deps) => {
  app.get(
    "/so/v1/sandbox/",
    {
      schema: {
        tags: [TAG],
        summary: "Whether the DSO sandbox operator decides your competitions after they close",
        response: { 200: SandboxWire, ...errorResponses(401, 403) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => toWire(await findSandboxSetting(deps.db.kysely, principalOf(request).organisationId)),
  );
};

export const soPutSandbox: Operation = (app, deps) => {
  app.put(
    "/so/v1/sandbox/",
    {
      schema: {
        tags: [TAG],
        summary: "Turn the DSO sandbox operator on or off for your competitions",
        body: SandboxBody,
        response: { 200: SandboxWire, ...errorResponses(400, 401, 403) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const now = deps.clock.now();
      await saveSandboxSetting(deps.db.kysely, organisationId, request.body.enabled, now);
      return toWire({ enabled: request.body.enabled, modified: now });
    },
  );
};

import { sql } from "kysely";
import { Type } from "typebox";
import { sendError } from "../../http/errors.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";

const Status = Type.Object({ status: Type.String() });

/** `/healthz`: the process is up. `/readyz`: the database answers. */
export const health: Operation = (app, deps) => {
  app.get(
    "/healthz",
    {
      schema: { tags: ["health"], summary: "Whether the process is up", response: { 200: Status } },
      config: { auth: "public" },
    },
    async () => ({ status: "ok" }),
  );
  app.get(
    "/readyz",
    {
      schema: {
        tags: ["health"],
        summary: "Whether the process is up and its database answers",
        response: { 200: Status, ...errorResponses(503) },
      },
      config: { auth: "public" },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(deps.db.kysely);
        return { status: "ok" };
      } catch {
        return sendError(reply, "unavailable", "The database is not reachable.");
      }
    },
  );
};

/**
 * `PATCH /so/v1/competitions/{id}/` — edits a draft competition: the given top-level fields replace the stored ones,
 * then the whole competition is validated again.
 */
import { Type } from "typebox";
import { lockKey } from "../../db/lock.js";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import { type CompetitionRecord, replaceDraftCompetition } from "../../db/repositories/marketplace/competitions.js";
import { loadOwnCompetition } from "../../db/repositories/marketplace/visibility.js";
import { AppError, unwrap } from "../../domain/errors.js";
import { checkDraftEditable } from "../../domain/marketplace/competition.js";
import { validateCompetitionBody } from "../../domain/marketplace/competition-body.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { CompetitionWire, competitionToWire, IdParams } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { CompetitionBody, checkKnownIds, saving, toWrite } from "./so-create-competition.js";

const TAG = "system operator";

/** The authoring body of a stored competition: what PATCH merges the given fields into. */
function authoringBodyOf(c: CompetitionRecord): Record<string, unknown> {
  const { id, system_operator_id, system_operator, status, created, modified, ...authoring } = competitionToWire(c, 0);
  return authoring;
}

/**
 * Edits a draft: the given top-level fields replace the stored ones (`service_periods`, when given, replaces every
 * period; periods and windows carrying their `id` keep it), then the whole competition is validated again.
 */
export async function updateDraftCompetition(
  ctx: UseCaseContext,
  input: { systemOperatorId: string; competitionId: string; body: unknown; actor: AuditActor },
): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (tx) => {
    await lockKey(tx, `competition:${input.competitionId}`);
    const current = await loadOwnCompetition(tx, input.systemOperatorId, input.competitionId);
    unwrap(checkDraftEditable(current));
    if (typeof input.body !== "object" || input.body === null || Array.isArray(input.body)) {
      throw new AppError("competition_invalid", "the body must be a JSON object of the fields to change", "body");
    }
    const parsed = unwrap(validateCompetitionBody({ ...authoringBodyOf(current), ...input.body }));
    checkKnownIds(parsed, {
      periods: new Set(current.servicePeriods.map((p) => p.id)),
      windows: new Set(current.servicePeriods.flatMap((p) => p.serviceWindows.map((w) => w.id))),
    });
    const write = toWrite(parsed, {
      id: current.id,
      systemOperatorId: current.systemOperatorId,
      created: current.created,
      now: ctx.now,
    });
    await saving(write.reference, () => replaceDraftCompetition(tx, write));
    await recordAudit(tx, input.actor, "competition.edited", current.id);
  });
}

export const soUpdateCompetition: Operation = (app, deps) => {
  app.patch(
    "/so/v1/competitions/:id/",
    {
      schema: {
        tags: [TAG],
        summary: "Edit a draft competition (the given top-level fields replace the stored ones)",
        params: IdParams,
        body: Type.Partial(CompetitionBody),
        response: { 200: CompetitionWire, ...errorResponses(400, 401, 403, 404, 409) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const { id } = request.params as { id: string };
      const ctx = contextOf(deps);
      await updateDraftCompetition(ctx, {
        systemOperatorId: organisationId,
        competitionId: id,
        body: request.body,
        actor: actorOf(request),
      });
      return competitionToWire(await loadOwnCompetition(deps.db.kysely, organisationId, id), ctx.now);
    },
  );
};

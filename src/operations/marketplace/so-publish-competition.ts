/**
 * `POST /so/v1/competitions/{id}/publish/` — publishes a draft: providers see it from now on and can qualify.
 */
import { lockKey } from "../../db/lock.js";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import { type CompetitionRecord, markCompetitionPublished } from "../../db/repositories/marketplace/competitions.js";
import { loadOwnCompetition } from "../../db/repositories/marketplace/visibility.js";
import { AppError, unwrap } from "../../domain/errors.js";
import { checkPublishable, windowOccurrences } from "../../domain/marketplace/competition.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { CompetitionWire, competitionToWire, IdParams } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

const TAG = "system operator";

/**
 * Every service window must lie inside its period: at least one of its service days falls between the period's
 * start and end dates (a weekday window in a weekend-only period could never be delivered, nor bid into usefully).
 */
function checkWindowsOccur(c: CompetitionRecord): void {
  for (const [i, period] of c.servicePeriods.entries()) {
    for (const [j, window] of period.serviceWindows.entries()) {
      if (windowOccurrences(period, window).length === 0) {
        throw new AppError(
          "competition_invalid",
          `service window "${window.name}" never occurs in its period ${period.start} … ${period.end}: ` +
            `none of its service days (${window.serviceDays.join(", ")}) falls inside it`,
          `service_periods[${i}].service_windows[${j}].service_days`,
        );
      }
    }
  }
}

/** Publishes a draft (domain `checkPublishable`, and its windows inside their periods): providers see it from now on. */
export async function publishCompetition(
  ctx: UseCaseContext,
  input: { systemOperatorId: string; competitionId: string; actor: AuditActor },
): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (tx) => {
    await lockKey(tx, `competition:${input.competitionId}`);
    const competition = await loadOwnCompetition(tx, input.systemOperatorId, input.competitionId);
    unwrap(checkPublishable(competition, ctx.now));
    checkWindowsOccur(competition);
    await markCompetitionPublished(tx, competition.id, ctx.now);
    await recordAudit(tx, input.actor, "competition.published", competition.id);
  });
}

export const soPublishCompetition: Operation = (app, deps) => {
  app.post(
    "/so/v1/competitions/:id/publish/",
    {
      schema: {
        tags: [TAG],
        summary: "Publish a draft: providers see it and can qualify",
        params: IdParams,
        response: { 200: CompetitionWire, ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const ctx = contextOf(deps);
      await publishCompetition(ctx, {
        systemOperatorId: organisationId,
        competitionId: request.params.id,
        actor: actorOf(request),
      });
      return competitionToWire(await loadOwnCompetition(deps.db.kysely, organisationId, request.params.id), ctx.now);
    },
  );
};

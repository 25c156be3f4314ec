/**
 * `GET /competitions/v1/{id}/` — one published competition with its service periods and windows (ids on each),
 * guide prices, boundary and timetable; `status` is its phase now.
 *
 * The hottest read of the marketplace, served from a read model: the answer's JSON is built once per version of the
 * stored competition (`competitionVersion`) and kept in this app's memory; each request reads only the version (one
 * narrow row by key, so a change made through any process is seen at once) and computes the phase from the stored
 * instants at read time. docs/marketplace.md, "Read model".
 */
import type { FastifyReply } from "fastify";
import {
  type CompetitionRecord,
  competitionVersion,
  findCompetitionVersion,
} from "../../db/repositories/marketplace/competitions.js";
import { competitionNotFound, loadPublishedCompetition } from "../../db/repositories/marketplace/visibility.js";
import { competitionPhase } from "../../domain/marketplace/competition.js";
import { answerCache, sendJson, sharedReads } from "../../http/answers.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { CompetitionWire, competitionToWire, IdParams } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

/** One published competition (404 for an unknown or unpublished one). */
export async function getPublishedCompetition(
  ctx: UseCaseContext,
  input: { competitionId: string },
): Promise<CompetitionRecord> {
  return loadPublishedCompetition(ctx.db.kysely, input.competitionId);
}

/** A competition's answer with its phase left out: the JSON before and after the phase's value. */
interface Answer {
  readonly version: string;
  readonly competition: CompetitionRecord;
  readonly before: string;
  readonly after: string;
}

const PHASE_MARK = "\u0000phase\u0000";
/** Where the phase goes in the serialised answer: quotes inside JSON strings are escaped, so this occurs once. */
const PHASE_SLOT = `"status":${JSON.stringify(PHASE_MARK)}`;

function answerOf(c: CompetitionRecord, reply: FastifyReply): Answer {
  // The route's own serializer (its response schema) writes the answer, exactly as for an object answer.
  const json = String(reply.serialize({ ...competitionToWire(c, c.created), status: PHASE_MARK }));
  const at = json.indexOf(PHASE_SLOT);
  if (at === -1 || json.indexOf(PHASE_SLOT, at + 1) !== -1) throw new Error("competition answer: no single status");
  return {
    version: competitionVersion(c),
    competition: c,
    before: `${json.slice(0, at)}"status":`,
    after: json.slice(at + PHASE_SLOT.length),
  };
}

export const getCompetition: Operation = (app, deps) => {
  // ANSWER_LIMITS (a competition of 1,000 windows answers ≈ 200 kB)
  const answers = answerCache<Answer>();
  const versions = sharedReads<string | undefined>();
  app.get(
    "/competitions/v1/:id/",
    {
      schema: {
        tags: ["competitions"],
        summary: "Fetch a competition by id",
        params: IdParams,
        response: { 200: CompetitionWire, ...errorResponses(401, 403, 404) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const ctx = contextOf(deps);
      const id = request.params.id;
      const version = await versions(id, () => findCompetitionVersion(ctx.db.kysely, id));
      if (version === undefined) throw competitionNotFound(id);
      let answer = answers.get(id);
      if (answer?.version !== version) {
        answer = answerOf(await getPublishedCompetition(ctx, { competitionId: id }), reply);
        answers.set(id, answer, answer.before.length + answer.after.length);
      }
      return sendJson(
        reply,
        answer.before + JSON.stringify(competitionPhase(answer.competition, ctx.now)) + answer.after,
      );
    },
  );
};

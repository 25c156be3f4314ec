/**
 * The system operator's competitions under `/so/v1/competitions/`: create and edit drafts, list and fetch its own
 * competitions (any status), publish a draft, run qualification. Another system operator's competition answers 404.
 * The use cases are in so-competition-use-cases.ts; these routes only translate HTTP.
 */
import { Type } from "typebox";
import { listCompetitions } from "../../db/repositories/marketplace/competitions.js";
import { loadOwnCompetition } from "../../db/repositories/marketplace/visibility.js";
import { competitionPhase } from "../../domain/marketplace/competition.js";
import { COMPETITION_TYPES } from "../../domain/marketplace/types.js";
import { actorOf, principalOf } from "../../http/auth.js";
import { limitsOnly } from "../../http/limits.js";
import type { Operation } from "../../http/operation.js";
import { pageOf, sendPage, sliceOf } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import {
  CompetitionBody,
  createCompetition,
  publishCompetition,
  QualificationRunWire,
  qualifyCompetition,
  updateDraftCompetition,
} from "./so-competition-use-cases.js";
import { CompetitionWire, competitionToWire, IdParams, PagedQuery, PHASES } from "./wire.js";

const TAG = "system operator";
/**
 * Bodies are validated by the domain (`validateCompetitionBody`), which names the field of every broken rule; the
 * schema's size limits are enforced before it runs.
 */
const domainValidates = limitsOnly;

export const soCreateCompetition: Operation = (app, deps) => {
  app.post(
    "/so/v1/competitions/",
    {
      schema: {
        tags: [TAG],
        summary: "Create a draft competition with its service periods and windows",
        body: CompetitionBody,
        response: { 201: CompetitionWire, ...errorResponses(400, 401, 403, 409) },
      },
      validatorCompiler: domainValidates,
      config: { auth: "system_operator" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const now = deps.clock.now();
      const id = await createCompetition(
        deps.db,
        { systemOperatorId: organisationId, body: request.body, actor: actorOf(request) },
        now,
      );
      const created = await loadOwnCompetition(deps.db.kysely, organisationId, id);
      return reply.code(201).send(competitionToWire(created, now));
    },
  );
};

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
      validatorCompiler: domainValidates,
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const { id } = request.params as { id: string };
      const now = deps.clock.now();
      await updateDraftCompetition(
        deps.db,
        { systemOperatorId: organisationId, competitionId: id, body: request.body, actor: actorOf(request) },
        now,
      );
      return competitionToWire(await loadOwnCompetition(deps.db.kysely, organisationId, id), now);
    },
  );
};

const ListQuery = PagedQuery({
  status: Type.Optional(Type.Union(PHASES.map((p) => Type.Literal(p)))),
  type: Type.Optional(Type.Union(COMPETITION_TYPES.map((t) => Type.Literal(t)))),
});

export const soListCompetitions: Operation = (app, deps) => {
  app.get(
    "/so/v1/competitions/",
    {
      schema: {
        tags: [TAG],
        summary: "List your competitions (drafts included)",
        querystring: ListQuery,
        response: { 200: Type.Array(CompetitionWire), ...errorResponses(400, 401, 403) },
      },
      config: { auth: "system_operator" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const now = deps.clock.now();
      const all = await listCompetitions(deps.db.kysely, {
        systemOperatorId: organisationId,
        type: request.query.type,
      });
      const status = request.query.status;
      const matching = all.filter((c) => status === undefined || competitionPhase(c, now) === status);
      return sendPage(
        reply,
        sliceOf(matching, pageOf(request.query)).map((c) => competitionToWire(c, now)),
        matching.length,
      );
    },
  );
};

export const soGetCompetition: Operation = (app, deps) => {
  app.get(
    "/so/v1/competitions/:id/",
    {
      schema: {
        tags: [TAG],
        summary: "Fetch one of your competitions",
        params: IdParams,
        response: { 200: CompetitionWire, ...errorResponses(401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const competition = await loadOwnCompetition(deps.db.kysely, organisationId, request.params.id);
      return competitionToWire(competition, deps.clock.now());
    },
  );
};

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
      const now = deps.clock.now();
      await publishCompetition(
        deps.db,
        { systemOperatorId: organisationId, competitionId: request.params.id, actor: actorOf(request) },
        now,
      );
      return competitionToWire(await loadOwnCompetition(deps.db.kysely, organisationId, request.params.id), now);
    },
  );
};

export const soQualifyCompetition: Operation = (app, deps) => {
  app.post(
    "/so/v1/competitions/:id/qualify/",
    {
      schema: {
        tags: [TAG],
        summary: "Run qualification: every provider's assets in the boundary with a fitting direction",
        params: IdParams,
        response: { 200: QualificationRunWire, ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      return qualifyCompetition(
        deps.db,
        { systemOperatorId: organisationId, competitionId: request.params.id, actor: actorOf(request) },
        deps.clock.now(),
      );
    },
  );
};

/**
 * `GET /competitions/v1/` — published competitions, oldest first. Filters: `status` (the phase now: upcoming,
 * qualification, pending_open, open, closed, results_published), `type`, and `boundary` (an area reference, or a
 * postcode at any level — area `OX`, district `OX4`, sector `OX4 2`, unit `OX4 2AB` — : competitions whose boundary
 * contains it). Bare array, total in `X-Total-Count`.
 */
import { Type } from "typebox";
import { type CompetitionRecord, selectCompetitions } from "../../db/repositories/marketplace/competitions.js";
import { MAX_AREA_REFERENCE_LENGTH } from "../../domain/limits.js";
import { competitionPhase } from "../../domain/marketplace/competition.js";
import { type PostcodeEntry, parsePostcodeEntry } from "../../domain/marketplace/postcode.js";
import { isInBoundary } from "../../domain/marketplace/qualification.js";
import { COMPETITION_TYPES, type CompetitionType } from "../../domain/marketplace/types.js";
import type { Operation } from "../../http/operation.js";
import { pageOf, sendPage, sliceOf } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { CompetitionWire, competitionToWire, PagedQuery, PHASES } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

const Query = PagedQuery({
  status: Type.Optional(Type.Union(PHASES.filter((p) => p !== "draft").map((p) => Type.Literal(p)))),
  type: Type.Optional(Type.Union(COMPETITION_TYPES.map((t) => Type.Literal(t)))),
  boundary: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: MAX_AREA_REFERENCE_LENGTH,
      description: "An area reference or a postcode, e.g. OX4 2AB",
    }),
  ),
});

const areaOf = (e: PostcodeEntry): string =>
  e.level === "area" ? e.area : (/^[A-Z]+/.exec(e.outward)?.[0] ?? e.outward);

/** Whether the postcode entry `inner` (any level) lies inside the boundary entry `outer`. */
function entryWithin(inner: PostcodeEntry, outer: PostcodeEntry): boolean {
  switch (outer.level) {
    case "area":
      return areaOf(inner) === outer.area;
    case "district":
      return inner.level !== "area" && inner.outward === outer.outward;
    case "sector_or_unit":
      return (
        inner.level === "sector_or_unit" &&
        inner.outward === outer.outward &&
        inner.inwardPrefix.startsWith(outer.inwardPrefix)
      );
  }
}

/** The `boundary` filter: an area reference of the boundary, or a postcode (any level) inside one of its entries. */
function boundaryContains(boundary: { areaReferences: readonly string[]; postcodes: readonly string[] }, text: string) {
  if (isInBoundary({ postcode: text, areaReference: text }, boundary)) return true;
  const entry = parsePostcodeEntry(text);
  if (entry === null) return false;
  return boundary.postcodes.some((b) => {
    const outer = parsePostcodeEntry(b);
    return outer !== null && entryWithin(entry, outer);
  });
}

/** The published competitions, oldest first, in the phase `status` now, of `type`, whose boundary contains `boundary`. */
export async function listPublishedCompetitions(
  ctx: UseCaseContext,
  input: { status: string | undefined; type: CompetitionType | undefined; boundary: string | undefined },
): Promise<CompetitionRecord[]> {
  const { status, type, boundary } = input;
  const all = await selectCompetitions(ctx.db.kysely, { publishedOnly: true, type });
  return all.filter(
    (c) =>
      (status === undefined || competitionPhase(c, ctx.now) === status) &&
      (boundary === undefined || boundaryContains(c.boundary, boundary)),
  );
}

export const listCompetitions: Operation = (app, deps) => {
  app.get(
    "/competitions/v1/",
    {
      schema: {
        tags: ["competitions"],
        summary: "List published competitions",
        querystring: Query,
        response: { 200: Type.Array(CompetitionWire), ...errorResponses(400, 401, 403) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { status, type, boundary } = request.query;
      const ctx = contextOf(deps);
      const matching = await listPublishedCompetitions(ctx, { status, type, boundary });
      const page = pageOf(request.query);
      const items = sliceOf(matching, page).map((c) => competitionToWire(c, ctx.now));
      return sendPage(reply, items, matching.length);
    },
  );
};

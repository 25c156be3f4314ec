/**
 * `GET /obligations/v1/` — what I must deliver: one obligation per accepted bid and occurrence of its service window
 * (start/end instants in UTC, computed in Europe/London), with the accepted capacity, the bid's rates, the
 * competition and the ballot's asset ids. Filters: `start_date` / `end_date` (London dates, inclusive: obligations
 * overlapping those days), `competition_id`, `bid_id`. Bare array by start, total in `X-Total-Count`.
 */
import { Temporal } from "temporal-polyfill";
import { Type } from "typebox";
import type { Page } from "../../db/chunks.js";
import type { ChunkedList } from "../../db/repositories/marketplace/assets.js";
import { listObligations as listStored, type ObligationRecord } from "../../db/repositories/marketplace/results.js";
import { AppError, unwrap } from "../../domain/errors.js";
import { MAX_DATE_LENGTH } from "../../domain/limits.js";
import type { AssetIds } from "../../domain/marketplace/types.js";
import { LONDON, parsePlainDate, startOfDay } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { mapChunks, pageOf, sendChunks } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { ObligationWire, obligationToWire, PagedQuery } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

const Query = PagedQuery({
  start_date: Type.Optional(
    Type.String({ maxLength: MAX_DATE_LENGTH, description: "YYYY-MM-DD (Europe/London), inclusive" }),
  ),
  end_date: Type.Optional(
    Type.String({ maxLength: MAX_DATE_LENGTH, description: "YYYY-MM-DD (Europe/London), inclusive" }),
  ),
  competition_id: Type.Optional(Id()),
  bid_id: Type.Optional(Id()),
});

/**
 * A provider's obligations by start, in chunks: overlapping the London days `startDate`..`endDate` (inclusive;
 * 400 when malformed or reversed), of a competition, of a bid.
 */
export async function listProviderObligations(
  ctx: UseCaseContext,
  input: {
    providerId: string;
    startDate: string | undefined;
    endDate: string | undefined;
    competitionId: string | undefined;
    bidId: string | undefined;
    page: Page;
  },
): Promise<ChunkedList<ObligationRecord & { assets: AssetIds }>> {
  const from = input.startDate === undefined ? undefined : unwrap(parsePlainDate(input.startDate, "start_date"));
  const to = input.endDate === undefined ? undefined : unwrap(parsePlainDate(input.endDate, "end_date"));
  if (from !== undefined && to !== undefined && Temporal.PlainDate.compare(from, to) > 0) {
    throw new AppError("validation_failed", "start_date must not be after end_date", "start_date");
  }
  return listStored(
    ctx.db.kysely,
    input.providerId,
    {
      competitionId: input.competitionId,
      bidId: input.bidId,
      endsAfter: from === undefined ? undefined : startOfDay(from, LONDON),
      startsBefore: to === undefined ? undefined : startOfDay(to.add({ days: 1 }), LONDON),
    },
    input.page,
  );
}

export const listObligations: Operation = (app, deps) => {
  app.get(
    "/obligations/v1/",
    {
      schema: {
        tags: ["obligations"],
        summary: "List your obligations",
        querystring: Query,
        response: { 200: Type.Array(ObligationWire), ...errorResponses(400, 401, 403) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const q = request.query;
      const { chunks, total } = await listProviderObligations(contextOf(deps), {
        providerId: organisationId,
        startDate: q.start_date,
        endDate: q.end_date,
        competitionId: q.competition_id,
        bidId: q.bid_id,
        page: pageOf(q),
      });
      return sendChunks(
        reply,
        mapChunks(chunks, (obligations) => obligations.map((o) => obligationToWire(o, o.assets))),
        total,
        ObligationWire,
      );
    },
  );
};

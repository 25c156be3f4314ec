/**
 * `POST /so/v1/competitions/` — a system operator creates a draft competition with its service periods and
 * windows. Each use case of the competition's authoring runs in one transaction: repositories read → the domain
 * decides (competition.ts) → repositories write; it throws AppError on a broken rule and changes nothing then. The
 * authoring body and its helpers here are shared with the edit (so-update-competition.ts).
 */
import { Type } from "typebox";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import { type CompetitionWrite, insertCompetition } from "../../db/repositories/marketplace/competitions.js";
import { loadOwnCompetition } from "../../db/repositories/marketplace/visibility.js";
import { isUniqueViolation } from "../../db/unique.js";
import { AppError, unwrap } from "../../domain/errors.js";
import {
  MAX_AREA_REFERENCE_LENGTH,
  MAX_BOUNDARY_AREAS,
  MAX_BOUNDARY_POSTCODES,
  MAX_DATE_LENGTH,
  MAX_DECIMAL_LENGTH,
  MAX_INSTANT_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_NAME_LENGTH,
  MAX_POSTCODE_LENGTH,
  MAX_SERVICE_DAYS,
  MAX_SERVICE_PERIODS,
  MAX_TIME_OF_DAY_LENGTH,
  MAX_WINDOWS_PER_COMPETITION,
  MAX_WINDOWS_PER_PERIOD,
} from "../../domain/limits.js";
import { type CompetitionInput, validateCompetitionBody } from "../../domain/marketplace/competition-body.js";
import type { EpochMs } from "../../domain/time.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { newShortId } from "../../ids.js";
import { Id } from "../../wire/atoms.js";
import { CompetitionWire, competitionToWire, Mw, NullableString } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

const TAG = "system operator";

// --- the authoring body: its shape, validated on the route before `validateCompetitionBody` judges its rules
// (competition-body.property.test.ts proves the two agree on shape) ---

/** No property beyond the listed ones (the system operator's routes are strict: src/http/wire-dialect.ts). */
const CLOSED = { additionalProperties: false } as const;

const Label = (examples: string[]) => Type.String({ maxLength: MAX_LABEL_LENGTH, examples });
const Instant = () => Type.String({ format: "date-time", maxLength: MAX_INSTANT_LENGTH });
const PlainDate = (description: string) => Type.String({ maxLength: MAX_DATE_LENGTH, description });
const TimeOfDay = (description: string, example: string) =>
  Type.String({ maxLength: MAX_TIME_OF_DAY_LENGTH, description, examples: [example] });
const Name = () => Type.String({ maxLength: MAX_NAME_LENGTH });
const GbpOrNull = (description: string) => NullableString({ maxLength: MAX_DECIMAL_LENGTH, description });

const ServiceWindowBody = Type.Object(
  {
    id: Type.Optional(Id({ description: "PATCH only: keep this existing window" })),
    name: Name(),
    start: TimeOfDay("HH:MM, Europe/London", "17:00"),
    end: TimeOfDay("HH:MM; earlier than start = overnight", "19:30"),
    service_days: Type.Array(Type.String({ maxLength: MAX_LABEL_LENGTH }), {
      maxItems: MAX_SERVICE_DAYS,
      examples: [["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]],
    }),
    capacity_required: Mw("Capacity needed"),
    minimum_aggregate_asset_size: Type.Optional(NullableString({ maxLength: MAX_DECIMAL_LENGTH, description: "MW" })),
  },
  CLOSED,
);

export const CompetitionBody = Type.Object(
  {
    reference: Type.String({ pattern: "^[A-Za-z0-9_]{1,40}$", maxLength: 40, examples: ["OXF_2026_W"] }),
    name: Name(),
    type: Label(["Availability & Utilisation"]),
    need_type: Label(["Pre Fault"]),
    need_direction: Label(["Deficit"]),
    power_type: Label(["Active Power"]),
    product_type: Label(["Scheduled Availability + Operational Utilisation"]),
    pricing_type: Type.Optional(Label(["auction"])),
    availability_guide_price: Type.Optional(GbpOrNull("£/MW/h")),
    utilisation_guide_price: Type.Optional(GbpOrNull("£/MWh")),
    service_fee: Type.Optional(GbpOrNull("£")),
    qualification_open: Instant(),
    qualification_closed: Instant(),
    open: Instant(),
    closed: Instant(),
    boundary: Type.Object(
      {
        area_references: Type.Array(Type.String({ maxLength: MAX_AREA_REFERENCE_LENGTH }), {
          maxItems: MAX_BOUNDARY_AREAS,
        }),
        postcodes: Type.Array(Type.String({ maxLength: MAX_POSTCODE_LENGTH }), { maxItems: MAX_BOUNDARY_POSTCODES }),
      },
      CLOSED,
    ),
    service_periods: Type.Array(
      Type.Object(
        {
          id: Type.Optional(Id({ description: "PATCH only: keep this existing period" })),
          name: Name(),
          start: PlainDate("YYYY-MM-DD"),
          end: PlainDate("YYYY-MM-DD, inclusive"),
          service_windows: Type.Array(ServiceWindowBody, {
            maxItems: MAX_WINDOWS_PER_PERIOD,
            description: `At most ${MAX_WINDOWS_PER_COMPETITION} windows over all periods of a competition`,
          }),
        },
        CLOSED,
      ),
      { maxItems: MAX_SERVICE_PERIODS },
    ),
  },
  CLOSED,
);

// --- create ---

export function toWrite(
  input: CompetitionInput,
  ids: { id: string; systemOperatorId: string; created: EpochMs; now: EpochMs },
): CompetitionWrite {
  return {
    ...input,
    id: ids.id,
    systemOperatorId: ids.systemOperatorId,
    servicePeriods: input.servicePeriods.map((p) => ({
      ...p,
      id: p.id ?? newShortId(),
      serviceWindows: p.serviceWindows.map((w) => ({ ...w, id: w.id ?? newShortId() })),
    })),
    created: ids.created,
    modified: ids.now,
  };
}

/** Period and window ids in a body must be ones the competition already has (`known`); new ones get fresh ids. */
export function checkKnownIds(input: CompetitionInput, known: { periods: Set<string>; windows: Set<string> }): void {
  for (const [i, p] of input.servicePeriods.entries()) {
    if (p.id !== undefined && !known.periods.has(p.id)) {
      throw new AppError(
        "competition_invalid",
        `service period "${p.id}" is not a period of this competition; leave id out for a new one`,
        `service_periods[${i}].id`,
      );
    }
    for (const [j, w] of p.serviceWindows.entries()) {
      if (w.id !== undefined && !known.windows.has(w.id)) {
        throw new AppError(
          "competition_invalid",
          `service window "${w.id}" is not a window of this competition; leave id out for a new one`,
          `service_periods[${i}].service_windows[${j}].id`,
        );
      }
    }
  }
}

export async function saving<T>(reference: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("ref_taken", `You already have a competition with reference "${reference}".`, "reference");
    }
    throw error;
  }
}

/** Creates a draft competition from the authoring body. Ids are assigned here (a body carrying ids is refused). */
export async function createCompetition(
  ctx: UseCaseContext,
  input: { systemOperatorId: string; body: unknown; actor: AuditActor },
): Promise<string> {
  const parsed = unwrap(validateCompetitionBody(input.body));
  checkKnownIds(parsed, { periods: new Set(), windows: new Set() });
  const write = toWrite(parsed, {
    id: newShortId(),
    systemOperatorId: input.systemOperatorId,
    created: ctx.now,
    now: ctx.now,
  });
  await saving(write.reference, () =>
    ctx.db.kysely.transaction().execute(async (tx) => {
      await insertCompetition(tx, write);
      await recordAudit(tx, input.actor, "competition.created", write.id);
    }),
  );
  return write.id;
}

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
      config: { auth: "system_operator" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const ctx = contextOf(deps);
      const id = await createCompetition(ctx, {
        systemOperatorId: organisationId,
        body: request.body,
        actor: actorOf(request),
      });
      const created = await loadOwnCompetition(deps.db.kysely, organisationId, id);
      return reply.code(201).send(competitionToWire(created, ctx.now));
    },
  );
};

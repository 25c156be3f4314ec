/**
 * The system operator's competition use cases: author a draft (create, edit), publish it, run qualification.
 * Each runs in one transaction: repositories read → the domain decides (competition.ts, qualification.ts) →
 * repositories write. They throw AppError on a broken rule and change nothing then.
 */
import { type Static, Type } from "typebox";
import type { Db } from "../../db/connect.js";
import { lockKey } from "../../db/lock.js";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import { listQualifiableAssets } from "../../db/repositories/marketplace/assets.js";
import {
  type CompetitionRecord,
  type CompetitionWrite,
  insertCompetition,
  markCompetitionPublished,
  replaceDraftCompetition,
} from "../../db/repositories/marketplace/competitions.js";
import {
  insertQualifications,
  listCompetitionQualifications,
} from "../../db/repositories/marketplace/qualifications.js";
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
import {
  type CompetitionInput,
  checkDraftEditable,
  checkPublishable,
  validateCompetitionBody,
  windowOccurrences,
} from "../../domain/marketplace/competition.js";
import { DEFAULT_ENTRY_STATUS, entryStatusOf, qualifyAsset } from "../../domain/marketplace/qualification.js";
import type { Asset } from "../../domain/marketplace/types.js";
import type { EpochMs } from "../../domain/time.js";
import { formatMw } from "../../domain/units.js";
import { newShortId } from "../../ids.js";
import { competitionToWire, Id, Mw, NullableString } from "./wire.js";

// --- the authoring body (documentation; `validateCompetitionBody` validates) ---

const Label = (examples: string[]) => Type.String({ maxLength: MAX_LABEL_LENGTH, examples });
const Instant = () => Type.String({ format: "date-time", maxLength: MAX_INSTANT_LENGTH });
const PlainDate = (description: string) => Type.String({ maxLength: MAX_DATE_LENGTH, description });
const TimeOfDay = (description: string, example: string) =>
  Type.String({ maxLength: MAX_TIME_OF_DAY_LENGTH, description, examples: [example] });
const Name = () => Type.String({ maxLength: MAX_NAME_LENGTH });
const GbpOrNull = (description: string) => NullableString({ maxLength: MAX_DECIMAL_LENGTH, description });

const ServiceWindowBody = Type.Object({
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
});

export const CompetitionBody = Type.Object({
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
  boundary: Type.Object({
    area_references: Type.Array(Type.String({ maxLength: MAX_AREA_REFERENCE_LENGTH }), {
      maxItems: MAX_BOUNDARY_AREAS,
    }),
    postcodes: Type.Array(Type.String({ maxLength: MAX_POSTCODE_LENGTH }), { maxItems: MAX_BOUNDARY_POSTCODES }),
  }),
  service_periods: Type.Array(
    Type.Object({
      id: Type.Optional(Id({ description: "PATCH only: keep this existing period" })),
      name: Name(),
      start: PlainDate("YYYY-MM-DD"),
      end: PlainDate("YYYY-MM-DD, inclusive"),
      service_windows: Type.Array(ServiceWindowBody, {
        maxItems: MAX_WINDOWS_PER_PERIOD,
        description: `At most ${MAX_WINDOWS_PER_COMPETITION} windows over all periods of a competition`,
      }),
    }),
    { maxItems: MAX_SERVICE_PERIODS },
  ),
});

// --- create and edit ---

function toWrite(
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
function checkKnownIds(input: CompetitionInput, known: { periods: Set<string>; windows: Set<string> }): void {
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

async function saving<T>(reference: string, write: () => Promise<T>): Promise<T> {
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
  db: Db,
  input: { systemOperatorId: string; body: unknown; actor: AuditActor },
  now: EpochMs,
): Promise<string> {
  const parsed = unwrap(validateCompetitionBody(input.body));
  checkKnownIds(parsed, { periods: new Set(), windows: new Set() });
  const write = toWrite(parsed, { id: newShortId(), systemOperatorId: input.systemOperatorId, created: now, now });
  await saving(write.reference, () =>
    db.kysely.transaction().execute(async (tx) => {
      await insertCompetition(tx, write);
      await recordAudit(tx, input.actor, "competition.created", write.id);
    }),
  );
  return write.id;
}

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
  db: Db,
  input: { systemOperatorId: string; competitionId: string; body: unknown; actor: AuditActor },
  now: EpochMs,
): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
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
      now,
    });
    await saving(write.reference, () => replaceDraftCompetition(tx, write));
    await recordAudit(tx, input.actor, "competition.edited", current.id);
  });
}

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
  db: Db,
  input: { systemOperatorId: string; competitionId: string; actor: AuditActor },
  now: EpochMs,
): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    await lockKey(tx, `competition:${input.competitionId}`);
    const competition = await loadOwnCompetition(tx, input.systemOperatorId, input.competitionId);
    unwrap(checkPublishable(competition, now));
    checkWindowsOccur(competition);
    await markCompetitionPublished(tx, competition.id, now);
    await recordAudit(tx, input.actor, "competition.published", competition.id);
  });
}

// --- qualification run ---

export const SoQualificationWire = Type.Object({
  id: Type.String(),
  provider_id: Type.String(),
  asset_kind: Type.String(),
  asset_id: Type.String(),
  status: Type.String({
    description: "The provider's entry: Entered, Withdrawn, Undecided (Not applicable if it no longer qualifies)",
  }),
  capacity: Type.String({ description: "MW the asset brings to the need direction (0 when it no longer qualifies)" }),
});

export const QualificationRunWire = Type.Object({
  competition_id: Type.String(),
  added: Type.Integer({ description: "Qualification rows created by this run" }),
  qualifications: Type.Array(SoQualificationWire),
});

/**
 * Qualifies the assets of every provider for a published competition (domain `qualifyAsset`: in the boundary, a
 * fitting direction, not archived). Each newly qualified asset gets a row with status `Undecided`; rows that exist
 * keep the provider's choice. Re-running is safe. Returns every row of the competition.
 */
export async function qualifyCompetition(
  db: Db,
  input: { systemOperatorId: string; competitionId: string; actor: AuditActor },
  now: EpochMs,
): Promise<Static<typeof QualificationRunWire>> {
  return db.kysely.transaction().execute(async (tx) => {
    await lockKey(tx, `competition:${input.competitionId}`);
    const competition = await loadOwnCompetition(tx, input.systemOperatorId, input.competitionId);
    if (competition.status !== "published") {
      throw new AppError(
        "competition_not_published",
        `competition ${competition.id} is a draft; publish it before running qualification`,
      );
    }
    const assets = await listQualifiableAssets(tx);
    const qualified = assets.filter((a) => qualifyAsset(competition, a).qualified);
    const added = await insertQualifications(
      tx,
      qualified.map((a) => ({
        id: newShortId(),
        competitionId: competition.id,
        providerId: a.providerId,
        assetKind: a.kind,
        assetId: a.id,
        status: DEFAULT_ENTRY_STATUS,
        created: now,
      })),
    );
    await recordAudit(tx, input.actor, "competition.qualified", competition.id, { added });
    const rows = await listCompetitionQualifications(tx, competition.id);
    const byKey = new Map<string, Asset>(assets.map((a) => [`${a.kind}:${a.id}`, a]));
    return {
      competition_id: competition.id,
      added,
      qualifications: rows.map((r) => {
        const asset = byKey.get(`${r.assetKind}:${r.assetId}`);
        const verdict = asset === undefined ? undefined : qualifyAsset(competition, asset);
        return {
          id: r.id,
          provider_id: r.providerId,
          asset_kind: r.assetKind,
          asset_id: r.assetId,
          status: verdict === undefined ? "Not applicable" : entryStatusOf(verdict, r.status),
          capacity: formatMw(verdict?.qualified ? verdict.capacityMilliMw : 0),
        };
      }),
    };
  });
}

/**
 * `PATCH /qualifications/v1/{id}/` `{status: "Entered" | "Withdrawn" | "Undecided"}` — enter an asset into a
 * competition (only `Entered` assets bid), withdraw it, or leave it undecided. Rules (domain qualification.ts):
 * the asset must still qualify (`asset_not_qualified`); `Not applicable` is derived, never chosen. Entries change
 * until bidding closes (`competition_not_open`).
 */
import { Type } from "typebox";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import { findCompetition } from "../../db/repositories/marketplace/competitions.js";
import { findQualification, updateEntryStatus } from "../../db/repositories/marketplace/qualifications.js";
import { AppError, unwrap } from "../../domain/errors.js";
import { MAX_LABEL_LENGTH } from "../../domain/limits.js";
import { competitionPhase } from "../../domain/marketplace/competition.js";
import { validateEntryChange } from "../../domain/marketplace/qualification.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { IdParams } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";
import {
  QualificationWire,
  type QualificationWireShape,
  qualificationToWire,
  verdictsOf,
} from "./list-qualifications.js";

const Body = Type.Object(
  {
    status: Type.String({
      maxLength: MAX_LABEL_LENGTH,
      description: "Entered, Withdrawn or Undecided",
      examples: ["Entered"],
    }),
  },
  { additionalProperties: false },
);

/** Sets the provider's entry status of one qualification row. Throws AppError (404, 400) and changes nothing then. */
export async function changeEntryStatus(
  { db, now }: UseCaseContext,
  input: { providerId: string; qualificationId: string; status: unknown; actor: AuditActor },
): Promise<QualificationWireShape> {
  return db.kysely.transaction().execute(async (tx) => {
    const row = await findQualification(tx, input.providerId, input.qualificationId);
    if (row === undefined) throw new AppError("not_found", `No qualification ${input.qualificationId}.`);
    const competition = await findCompetition(tx, row.competitionId);
    if (competition === undefined) throw new AppError("not_found", `No qualification ${input.qualificationId}.`);
    const phase = competitionPhase(competition, now);
    if (phase === "closed" || phase === "results_published") {
      throw new AppError(
        "competition_not_open",
        `competition ${competition.id} is ${phase}; entries can change until bidding closes`,
        "status",
      );
    }
    const [verdict] = await verdictsOf(tx, input.providerId, [row], new Map([[competition.id, competition]]));
    const status = unwrap(validateEntryChange(verdict!, input.status, "status"));
    await updateEntryStatus(tx, row.id, status, now);
    await recordAudit(tx, input.actor, "qualification.entry_changed", row.id, { status });
    return qualificationToWire({ ...row, status, modified: now }, verdict!);
  });
}

export const updateQualification: Operation = (app, deps) => {
  app.patch(
    "/qualifications/v1/:id/",
    {
      schema: {
        tags: ["qualifications"],
        summary: "Enter an asset into a competition, or withdraw it",
        params: IdParams,
        body: Body,
        response: { 200: QualificationWire, ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      return changeEntryStatus(contextOf(deps), {
        providerId: organisationId,
        qualificationId: request.params.id,
        status: request.body.status,
        actor: actorOf(request),
      });
    },
  );
};

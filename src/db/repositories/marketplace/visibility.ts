/**
 * Who sees which competition: providers see published competitions; a system operator sees its own (any status).
 * Anything else answers 404, exactly like an unknown id.
 */

import { AppError } from "../../../domain/errors.js";
import type { Executor } from "../organisations.js";
import { type CompetitionRecord, findCompetition } from "./competitions.js";

export const competitionNotFound = (id: string) => new AppError("not_found", `No competition ${id}.`);

/** A published competition, as a provider sees it. */
export async function loadPublishedCompetition(db: Executor, id: string): Promise<CompetitionRecord> {
  const c = await findCompetition(db, id);
  if (c === undefined || c.status !== "published") throw competitionNotFound(id);
  return c;
}

/** One of the system operator's own competitions. */
export async function loadOwnCompetition(
  db: Executor,
  systemOperatorId: string,
  id: string,
): Promise<CompetitionRecord> {
  const c = await findCompetition(db, id);
  if (c === undefined || c.systemOperatorId !== systemOperatorId) throw competitionNotFound(id);
  return c;
}

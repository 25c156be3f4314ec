/**
 * The DSO sandbox operator's opt-in per system-operator organisation (no row = off), and the closed competitions
 * it has to decide.
 */
import type { EpochMs } from "../../../domain/time.js";
import { isPostgres } from "../../lock.js";
import type { Executor } from "../organisations.js";
import { iso, ms } from "./instants.js";

export interface SandboxSetting {
  readonly enabled: boolean;
  /** When it was last set; null when never set (off). */
  readonly modified: EpochMs | null;
}

/** The organisation's opt-in. `lock` takes a share lock on PostgreSQL so a concurrent switch waits for the job. */
export async function findSandboxSetting(
  db: Executor,
  organisationId: string,
  options: { lock?: boolean } = {},
): Promise<SandboxSetting> {
  let query = db
    .selectFrom("dso_sandbox_settings")
    .select(["enabled", "modified_at"])
    .where("organisation_id", "=", organisationId);
  if (options.lock && isPostgres(db)) query = query.forShare();
  const row = await query.executeTakeFirst();
  return row === undefined
    ? { enabled: false, modified: null }
    : { enabled: row.enabled === 1, modified: ms(row.modified_at) };
}

/** Turns the organisation's sandbox operator on or off. */
export async function saveSandboxSetting(
  db: Executor,
  organisationId: string,
  enabled: boolean,
  now: EpochMs,
): Promise<void> {
  const values = { enabled: enabled ? 1 : 0, modified_at: iso(now) };
  await db
    .insertInto("dso_sandbox_settings")
    .values({ organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column("organisation_id").doUpdateSet(values))
    .execute();
}

/**
 * Ids of the published competitions, closed at `now`, with results not yet published, whose system operator has
 * the sandbox on — what the sandbox operator decides next. Closing order, then id.
 */
export async function listSandboxDueCompetitionIds(db: Executor, now: EpochMs): Promise<string[]> {
  const rows = await db
    .selectFrom("competitions")
    .innerJoin("dso_sandbox_settings", "dso_sandbox_settings.organisation_id", "competitions.system_operator_id")
    .select("competitions.id")
    .where("dso_sandbox_settings.enabled", "=", 1)
    .where("competitions.status", "=", "published")
    .where("competitions.results_published_at", "is", null)
    .where("competitions.closed_at", "<=", iso(now))
    .orderBy("competitions.closed_at")
    .orderBy("competitions.id")
    .execute();
  return rows.map((r) => r.id);
}

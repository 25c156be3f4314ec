/**
 * `flexmarket admin audit [--org <id>] [--since <instant>] [--limit <n>] [--json]`: the audit trail as the platform's
 * operator reads it (every organisation's, or one's), newest first.
 */
import { Command } from "commander";
import { renderTable } from "../cli/table.js";
import type { Db } from "../db/connect.js";
import { listAudit } from "../db/repositories/audit.js";
import { unwrap } from "../domain/errors.js";
import { parseRfc3339 } from "../domain/time.js";
import { auditEntryToWire } from "../operations/audit/list-audit.js";

export function auditCommand(
  withDb: <T>(fn: (db: Db) => Promise<T>) => Promise<T>,
  write: (text: string) => void,
): Command {
  return new Command("audit")
    .description("Read the audit trail, newest first (append-only; see docs/operating.md)")
    .option("--org <id>", "only this organisation's entries")
    .option("--since <instant>", "only entries at or after this RFC 3339 instant, e.g. 2026-06-01T00:00:00Z")
    .option("--limit <n>", "at most this many entries", "100")
    .option("--json", "print the entries as JSON")
    .action(async (opts: { org?: string; since?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new Error("--limit must be 1 … 100000");
      const since = opts.since === undefined ? undefined : unwrap(parseRfc3339(opts.since, "--since"));
      const { items, total } = await withDb((db) =>
        listAudit(db.kysely, { organisationId: opts.org, since }, { limit, offset: 0 }),
      );
      const entries = items.map(auditEntryToWire);
      if (opts.json) {
        write(`${JSON.stringify(entries, null, 2)}\n`);
        return;
      }
      write(
        renderTable(entries, [
          { header: "at (UTC)", value: (e) => e.at },
          { header: "organisation", value: (e) => e.organisation_id },
          { header: "actor", value: (e) => `${e.actor_type}${e.actor_id ? `:${e.actor_id}` : ""}` },
          { header: "action", value: (e) => e.action },
          { header: "object", value: (e) => e.object_id },
          { header: "request", value: (e) => e.request_id },
          { header: "detail", value: (e) => (e.detail ? JSON.stringify(e.detail) : null) },
        ]),
      );
      if (total > entries.length) write(`(${entries.length} of ${total}; --limit for more)\n`);
    });
}

/**
 * The agent's memory, a small SQLite file of its own (better-sqlite3, synchronous and durable): when it last polled,
 * which ballot it last sent for each competition (so an unchanged plan is never sent twice, across restarts) and
 * which ancillary bids it placed for which delivery day. Each write is one statement, committed at once.
 */
import Database from "better-sqlite3";

export interface BallotRecord {
  readonly competitionId: string;
  readonly planKey: string;
  readonly ballotId: string;
  readonly submittedAt: number;
  /** `pending` until every bid has a result, then `decided`. */
  readonly resultStatus: "pending" | "decided";
  readonly lastResultsPollAt: number | null;
  readonly resultsSummary: string | null;
}

export interface AncillaryRecord {
  readonly virtualAssetId: string;
  readonly deliveryDay: string;
  readonly market: string;
  readonly submittedAt: number;
  readonly bidCount: number;
  readonly status: string;
}

export class AgentState {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS ballots (
        competition_id TEXT PRIMARY KEY, plan_key TEXT NOT NULL, ballot_id TEXT NOT NULL,
        submitted_at INTEGER NOT NULL, result_status TEXT NOT NULL DEFAULT 'pending',
        last_results_poll_at INTEGER, results_summary TEXT);
      CREATE TABLE IF NOT EXISTS ancillary (
        virtual_asset_id TEXT NOT NULL, delivery_day TEXT NOT NULL, market TEXT NOT NULL,
        submitted_at INTEGER NOT NULL, bid_count INTEGER NOT NULL, status TEXT NOT NULL,
        PRIMARY KEY (virtual_asset_id, delivery_day, market));
    `);
  }

  getNumber(key: string): number | null {
    const row = this.db.prepare("SELECT value FROM kv WHERE key = ?").get(key) as { value: string } | undefined;
    return row === undefined ? null : Number(row.value);
  }

  setNumber(key: string, value: number): void {
    this.db
      .prepare("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(key, String(value));
  }

  ballot(competitionId: string): BallotRecord | undefined {
    const row = this.db.prepare("SELECT * FROM ballots WHERE competition_id = ?").get(competitionId) as
      | Record<string, unknown>
      | undefined;
    return row === undefined ? undefined : toBallot(row);
  }

  ballots(): BallotRecord[] {
    return (this.db.prepare("SELECT * FROM ballots ORDER BY submitted_at").all() as Record<string, unknown>[]).map(
      toBallot,
    );
  }

  recordBallot(competitionId: string, planKey: string, ballotId: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO ballots (competition_id, plan_key, ballot_id, submitted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (competition_id) DO UPDATE SET plan_key = excluded.plan_key, ballot_id = excluded.ballot_id,
           submitted_at = excluded.submitted_at, result_status = 'pending', results_summary = NULL`,
      )
      .run(competitionId, planKey, ballotId, at);
  }

  recordResults(competitionId: string, at: number, decided: boolean, summary: string): void {
    this.db
      .prepare(
        "UPDATE ballots SET last_results_poll_at = ?, result_status = ?, results_summary = ? WHERE competition_id = ?",
      )
      .run(at, decided ? "decided" : "pending", summary, competitionId);
  }

  ancillary(virtualAssetId: string, deliveryDay: string, market: string): AncillaryRecord | undefined {
    const row = this.db
      .prepare("SELECT * FROM ancillary WHERE virtual_asset_id = ? AND delivery_day = ? AND market = ?")
      .get(virtualAssetId, deliveryDay, market) as Record<string, unknown> | undefined;
    return row === undefined ? undefined : toAncillary(row);
  }

  ancillaryRecords(): AncillaryRecord[] {
    return (this.db.prepare("SELECT * FROM ancillary ORDER BY delivery_day").all() as Record<string, unknown>[]).map(
      toAncillary,
    );
  }

  recordAncillary(r: AncillaryRecord): void {
    this.db
      .prepare(
        `INSERT INTO ancillary (virtual_asset_id, delivery_day, market, submitted_at, bid_count, status)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (virtual_asset_id, delivery_day, market) DO UPDATE SET
           submitted_at = excluded.submitted_at, bid_count = excluded.bid_count, status = excluded.status`,
      )
      .run(r.virtualAssetId, r.deliveryDay, r.market, r.submittedAt, r.bidCount, r.status);
  }

  close(): void {
    this.db.close();
  }
}

function toBallot(row: Record<string, unknown>): BallotRecord {
  return {
    competitionId: String(row.competition_id),
    planKey: String(row.plan_key),
    ballotId: String(row.ballot_id),
    submittedAt: Number(row.submitted_at),
    resultStatus: row.result_status === "decided" ? "decided" : "pending",
    lastResultsPollAt: row.last_results_poll_at === null ? null : Number(row.last_results_poll_at),
    resultsSummary: row.results_summary === null ? null : String(row.results_summary),
  };
}

function toAncillary(row: Record<string, unknown>): AncillaryRecord {
  return {
    virtualAssetId: String(row.virtual_asset_id),
    deliveryDay: String(row.delivery_day),
    market: String(row.market),
    submittedAt: Number(row.submitted_at),
    bidCount: Number(row.bid_count),
    status: String(row.status),
  };
}

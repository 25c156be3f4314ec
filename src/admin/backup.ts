/**
 * Backup and restore of the embedded SQLite database (docs/operating.md#backup-and-restore).
 *
 * `backupSqlite` runs beside a serving server: SQLite's online backup API (better-sqlite3 `db.backup`) from a
 * connection of its own, asked to copy every page in one step, i.e. inside one read transaction of the WAL — a
 * consistent snapshot that holds every transaction committed before it started, while the server keeps reading
 * and writing. The copy is written to a temporary file, checked (`PRAGMA integrity_check`), fsynced and renamed into
 * place, mode 0600 (it holds webhook secrets and credential hashes).
 *
 * The token-signing key: `FLEXMARKET_DATA/signing.key` is copied beside the backup as `<FILE>.signing.key`
 * (0600) unless `withKey` is false; restored with it, tokens issued before the backup stay valid. Without it, the
 * restored server keeps the key already in its data directory (or generates one): every outstanding token is then
 * refused and clients authenticate again (API keys and passwords are in the database, unaffected). With
 * FLEXMARKET_SECRET the key is not in the data directory and is not copied: keep the variable.
 *
 * `restoreSqlite` needs the server stopped: a running server holds `<database>.server.pid` (written at start,
 * removed at stop; a file left by a killed process names a process that no longer exists and is ignored). It checks
 * the backup's integrity and that its migration level is one this version knows (an older level is migrated at the
 * next start; a newer one is refused), moves the current database (and its -wal / -shm) aside as
 * `<database>.before-restore-<time>`, and puts the backup in its place.
 */
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { MIGRATION_NAMES, MIGRATION_TABLE } from "../db/migrate.js";

export interface BackupTarget {
  /** The SQLite file of the server. */
  readonly sqlitePath: string;
  /** The data directory (where `signing.key` is). */
  readonly dataDir: string;
  /** FLEXMARKET_SECRET is set: there is no key file to copy or restore. */
  readonly secretFromEnvironment: boolean;
}

export interface BackupReport {
  file: string;
  pages: number;
  bytes: number;
  migration: string | null;
  signingKey: string;
}

const keyFileOf = (dataDir: string) => join(dataDir, "signing.key");
const keyBeside = (file: string) => `${file}.signing.key`;

/** The file a serving process holds while it runs (see the header). */
export const serverPidFile = (sqlitePath: string) => `${sqlitePath}.server.pid`;

/** Marks the database as served by this process; returns the function that removes the mark. */
export function holdServerPidFile(sqlitePath: string): () => void {
  const file = serverPidFile(sqlitePath);
  writeFileSync(file, String(process.pid), { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file);
    } catch {}
  };
}

/** The pid of a live process serving the database, if any. */
export function runningServerPid(sqlitePath: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(serverPidFile(sqlitePath), "utf8").trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to another user — still a running process.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : undefined;
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(path: string): void {
  try {
    fsyncFile(path);
  } catch {
    // Some platforms cannot open a directory for fsync; the rename is then as durable as the platform makes it.
  }
}

/** Integrity and migration level of a database file; throws with a sentence for a person when unusable. */
export function inspectDatabase(file: string): { migration: string | null; applied: string[] } {
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`${file} cannot be opened as a SQLite database: ${(error as Error).message}`);
  }
  try {
    let problems: string[];
    try {
      problems = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (error) {
      throw new Error(`${file} is not a usable SQLite database: ${(error as Error).message}`);
    }
    if (problems.length !== 1 || problems[0] !== "ok") {
      throw new Error(`${file} fails PRAGMA integrity_check: ${problems.slice(0, 5).join("; ")}`);
    }
    const hasTable = db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(MIGRATION_TABLE);
    if (!hasTable) throw new Error(`${file} is not a Flexmarket database (no ${MIGRATION_TABLE} table)`);
    const applied = (db.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as { name: string }[]).map(
      (r) => r.name,
    );
    const unknown = applied.filter((name) => !MIGRATION_NAMES.includes(name));
    if (unknown.length > 0) {
      throw new Error(
        `${file} was written by a newer Flexmarket (migrations ${unknown.join(", ")} are unknown to this version); ` +
          "restore it with that version",
      );
    }
    return { migration: applied.at(-1) ?? null, applied };
  } finally {
    db.close();
  }
}

/** Takes a consistent copy of the live database into `to` (see the header). */
export async function backupSqlite(
  target: BackupTarget,
  to: string,
  options: { withKey: boolean },
): Promise<BackupReport> {
  const file = resolve(to);
  if (resolve(target.sqlitePath) === file) throw new Error("--to must not be the database itself");
  if (!existsSync(target.sqlitePath)) throw new Error(`no database at ${target.sqlitePath}`);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.partial-${randomBytes(4).toString("hex")}`;
  const source = new SqliteDatabase(target.sqlitePath, { fileMustExist: true });
  let pages = 0;
  try {
    source.pragma("busy_timeout = 5000");
    // First step (0 pages) learns the size; the second copies every page at once, inside one read transaction.
    const result = await source.backup(temporary, { progress: () => 0x7fffffff });
    pages = result.totalPages;
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    source.close();
  }
  let migration: string | null;
  try {
    // The copy is a database of its own: fold any journal into the file so it travels as one file.
    const copy = new SqliteDatabase(temporary);
    copy.pragma("journal_mode = DELETE");
    copy.close();
    chmodSync(temporary, 0o600);
    migration = inspectDatabase(temporary).migration;
    fsyncFile(temporary);
    renameSync(temporary, file);
    fsyncDir(dirname(file));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  let signingKey: string;
  if (target.secretFromEnvironment) {
    signingKey = "not copied: it comes from FLEXMARKET_SECRET; keep that variable to restore";
  } else if (!options.withKey) {
    signingKey = "excluded (--without-key): after a restore, tokens issued before it are refused";
  } else if (!existsSync(keyFileOf(target.dataDir))) {
    signingKey = "none yet in the data directory";
  } else {
    writeFileSync(keyBeside(file), readFileSync(keyFileOf(target.dataDir)), { mode: 0o600 });
    chmodSync(keyBeside(file), 0o600);
    fsyncFile(keyBeside(file));
    signingKey = `copied to ${keyBeside(file)} (mode 0600)`;
  }
  return { file, pages, bytes: readFileSync(file).byteLength, migration, signingKey };
}

export interface RestoreReport {
  restored: string;
  migration: string | null;
  movedAside: string[];
  signingKey: string;
}

/** Replaces the (stopped) server's database with a backup (see the header). */
export function restoreSqlite(target: BackupTarget, from: string, options: { withKey: boolean }): RestoreReport {
  const backup = resolve(from);
  const pid = runningServerPid(target.sqlitePath);
  if (pid !== undefined) {
    throw new Error(
      `a Flexmarket server (pid ${pid}) is serving ${target.sqlitePath}; stop it before restoring ` +
        `(or remove ${serverPidFile(target.sqlitePath)} if that process is not Flexmarket)`,
    );
  }
  const { migration } = inspectDatabase(backup);
  mkdirSync(dirname(target.sqlitePath), { recursive: true });
  const temporary = `${target.sqlitePath}.restoring-${randomBytes(4).toString("hex")}`;
  copyFileSync(backup, temporary);
  chmodSync(temporary, 0o600);
  fsyncFile(temporary);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const movedAside: string[] = [];
  for (const suffix of ["", "-wal", "-shm"]) {
    const current = `${target.sqlitePath}${suffix}`;
    if (!existsSync(current)) continue;
    // A WAL left beside the restored file would be replayed onto it: every companion goes aside with the database.
    const aside = `${target.sqlitePath}.before-restore-${stamp}${suffix}`;
    renameSync(current, aside);
    movedAside.push(aside);
  }
  renameSync(temporary, target.sqlitePath);
  fsyncDir(dirname(target.sqlitePath));

  let signingKey: string;
  const keyFile = keyBeside(backup);
  if (target.secretFromEnvironment) {
    signingKey = "FLEXMARKET_SECRET is set: the key file is not used";
  } else if (!options.withKey) {
    signingKey = "kept the data directory's own key (--without-key)";
  } else if (!existsSync(keyFile)) {
    signingKey = `no ${keyFile}: kept the data directory's own key (tokens issued before the backup are refused)`;
  } else {
    const current = keyFileOf(target.dataDir);
    if (existsSync(current)) {
      const aside = `${current}.before-restore-${stamp}`;
      renameSync(current, aside);
      movedAside.push(aside);
    }
    writeFileSync(current, readFileSync(keyFile), { mode: 0o600 });
    fsyncFile(current);
    signingKey = `restored from ${keyFile}`;
  }
  return { restored: target.sqlitePath, migration, movedAside, signingKey };
}

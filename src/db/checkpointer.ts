/**
 * WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever COMMIT crosses the
 * threshold (1,000 pages): that commit copies the WAL into the database file and fsyncs both, 15–35 ms on the
 * event loop every ~80 ballot submissions — most of a write's average cost and all of its p99.
 *
 * Instead a worker thread with its own connection runs `PRAGMA wal_checkpoint(PASSIVE)` every few hundred ms
 * (PASSIVE never waits for and never blocks readers or writers). Durability is unchanged: a commit is exactly as
 * durable once it is in the WAL (journal mode and `synchronous` are untouched), and after a crash SQLite replays
 * the WAL on open. The main connection keeps a high automatic threshold as a backstop should the worker stall.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Pages the WAL may reach before the main connection checkpoints itself (the worker normally keeps it far lower). */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 20_000;

const INTERVAL_MS = 250;

// CommonJS evaluated in the worker: no TypeScript loader needed under tsx, vitest or a build.
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 0");
let stopped = false;
const timer = setInterval(() => {
  if (stopped) return;
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch { /* busy or closing: next tick */ }
}, workerData.intervalMs);
parentPort.on("message", () => {
  stopped = true;
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts checkpointing the WAL of the SQLite file at `path` from a worker thread. */
export function startCheckpointer(path: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: INTERVAL_MS } });
  worker.unref();
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  // A failed worker only means checkpoints fall back to the main connection's threshold.
  worker.on("error", () => {});
  return {
    async stop() {
      if (exited) return;
      // Held open until the worker has closed its connection (an unref'd worker alone would let the process
      // exit, or a top-level await settle never, mid-close).
      worker.ref();
      worker.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exit, new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
      clearTimeout(timer);
      if (!exited) await worker.terminate();
    },
  };
}

/**
 * The one place that decides whether a database error means "the connection to the primary was lost" (the server
 * shut down or crashed, the network cut, the node is now a read-only standby, no primary is reachable) rather than
 * a fault in the request. Such an error is answered 503 with `Retry-After` (src/http/errors.ts), a transaction cut
 * by it before its COMMIT is retried once (src/db/connect.ts), and it sends the primary-following pool looking for
 * the new primary (src/db/primary-pool.ts). docs/scale-out.md, "What a client sees during a failover".
 */

/** SQLSTATEs of a lost or unusable primary (PostgreSQL documentation, Appendix A "PostgreSQL Error Codes"). */
const LOST_SQLSTATES = new Set([
  "08000", // connection_exception
  "08001", // sqlclient_unable_to_establish_sqlconnection (also: no primary found, src/db/primary-pool.ts)
  "08003", // connection_does_not_exist
  "08004", // sqlserver_rejected_establishment_of_sqlconnection
  "08006", // connection_failure
  "08007", // transaction_resolution_unknown
  "25006", // read_only_sql_transaction: the node we hold is a standby now
  "57P01", // admin_shutdown: fast or immediate shutdown (a switchover, a demotion)
  "57P02", // crash_shutdown: another backend crashed, the server restarts
  "57P03", // cannot_connect_now: starting up or shutting down
]);

/** Socket errors from Node when the server or the network goes away. */
const LOST_SOCKET_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);

/** node-postgres reports a dropped connection with a message, not a code. */
const LOST_MESSAGE = /^Connection terminated|not queryable|timeout exceeded when trying to connect/;

/** Seconds a client is asked to wait before retrying a request the failover cut (longer than a promotion). */
export const RETRY_AFTER_SECONDS = 5;

export function isConnectionLoss(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (LOST_SQLSTATES.has(code) || LOST_SOCKET_CODES.has(code))) return true;
  return typeof message === "string" && LOST_MESSAGE.test(message);
}

/** Thrown when no host of a multi-host URL accepts writes within the wait. */
export class NoPrimaryError extends Error {
  readonly code = "08001";
  constructor(hosts: readonly string[], waitedMs: number) {
    super(`No primary among ${hosts.join(", ")} after ${waitedMs} ms`);
    this.name = "NoPrimaryError";
  }
}

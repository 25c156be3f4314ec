/**
 * What the HTTP benchmarks' child processes (bench/app-server.ts, bench/bare-server.ts) read and print: kept apart
 * from bench/servers.ts so that the bare server loads nothing of the app.
 */

/** A child prints this word, a space and a JSON object (`{"url": …}`) on one stdout line once it listens. */
export const READY = "BENCH_READY";

/** One answer of the bare server (bench/bare-server.ts). */
export interface BareRoute {
  /** The row this answer belongs to (sent as `x-bench-row`). */
  row: string;
  method: "GET" | "POST";
  /** A Fastify path pattern matching the row's requests, e.g. `/competitions/v1/:id/`. */
  pattern: string;
  status: number;
  contentType: string;
  /** The captured body, base64. */
  body: string;
}

/**
 * HTTP benchmarking with autocannon on loopback, always next to a bare Fastify route measured in the same run.
 */
// @ts-expect-error autocannon ships no types
import autocannon from "autocannon";
import Fastify from "fastify";

export interface HttpResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  body?: string;
  /** Builds each request's body (e.g. for unique payloads). */
  setupRequest?: (req: Record<string, unknown>) => Record<string, unknown>;
  connections?: number;
  seconds?: number;
}

export async function load(name: string, opts: LoadOptions): Promise<HttpResult> {
  const result = await autocannon({
    url: opts.url,
    method: opts.method ?? "GET",
    headers: { "content-type": "application/json", ...(opts.headers ?? {}) },
    body: opts.body,
    connections: opts.connections ?? 50,
    duration: opts.seconds ?? Number(process.env.BENCH_SECONDS ?? 5),
    ...(opts.setupRequest ? { requests: [{ setupRequest: opts.setupRequest }] } : {}),
  });
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** A bare Fastify app with one JSON GET and one JSON POST route: the baseline for every HTTP benchmark. */
export async function startBare(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get("/bare", async () => ({ id: "z8mpC6x", name: "bare", capacity_required: "1.250" }));
  app.post("/bare", async (request) => ({ received: request.body }));
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, close: () => app.close() };
}

export async function measureBaseline(): Promise<{ get: HttpResult; post: HttpResult }> {
  const bare = await startBare();
  try {
    const get = await load("bare Fastify GET", { url: `${bare.url}/bare` });
    const post = await load("bare Fastify POST", {
      url: `${bare.url}/bare`,
      method: "POST",
      body: JSON.stringify({ competition_id: "x", bids: [{ service_window_id: "w", capacity: "1.000" }] }),
    });
    return { get, post };
  } finally {
    await bare.close();
  }
}

export function ratioRow(result: HttpResult, baseline: HttpResult, target: number) {
  const ratio = result.rps / baseline.rps;
  return {
    benchmark: result.name,
    "req/s": result.rps,
    "p50 ms": result.p50,
    "p99 ms": result.p99,
    non2xx: result.non2xx,
    "vs bare": `${(ratio * 100).toFixed(0)} %`,
    target: `≥ ${(target * 100).toFixed(0)} %`,
    met: ratio >= target && result.non2xx === 0 ? "yes" : "NO",
  };
}

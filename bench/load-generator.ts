/**
 * The load generator of the HTTP benchmarks, in a process of its own so that it never shares an event loop (or a
 * core's time slice, beyond what the OS decides) with the server it measures. Prints autocannon's JSON result on
 * stdout, one line per target.
 *
 *   npx tsx bench/load-generator.ts --url http://127.0.0.1:8080/competitions/v1/x/ [--method POST] [--body '{…}']
 *     [--header 'authorization: Bearer …'] [--connections 50] [--duration 5]
 *   npx tsx bench/load-generator.ts --spec spec.json   # LoadSpec: several targets at once, bodies to rotate
 *
 * With a spec, every target runs at the same time (one autocannon instance each, in this one process) and a target
 * with `rotate` sends its path and body pairs in turn, one per request.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
// @ts-expect-error autocannon ships no types
import autocannon from "autocannon";

export interface LoadTarget {
  /** The server's URL with the path of the first request (the path alone when `rotate` is given). */
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  /** Requests in turn (path and body each), e.g. one product per request, since a product is bid once. */
  rotate?: { path: string; body: string }[];
  connections: number;
}

export interface LoadSpec {
  /** Seconds. */
  duration: number;
  targets: LoadTarget[];
}

/** The part of autocannon's result the benchmarks read. */
export interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

function run(target: LoadTarget, duration: number): Promise<AutocannonResult> {
  let next = 0;
  const rotate = target.rotate;
  return autocannon({
    url: target.url,
    method: target.method,
    headers: { "content-type": "application/json", ...target.headers },
    body: target.body,
    connections: target.connections,
    duration,
    ...(rotate
      ? {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => {
                const r = rotate[next++ % rotate.length]!;
                return { ...req, method: target.method, path: r.path, body: r.body };
              },
            },
          ],
        }
      : {}),
  });
}

function specFromArgs(): LoadSpec {
  const { values } = parseArgs({
    options: {
      spec: { type: "string" },
      url: { type: "string" },
      method: { type: "string", default: "GET" },
      body: { type: "string" },
      header: { type: "string", multiple: true, default: [] },
      connections: { type: "string", default: "50" },
      duration: { type: "string", default: "5" },
    },
  });
  if (values.spec) return JSON.parse(readFileSync(values.spec, "utf8")) as LoadSpec;
  if (!values.url)
    throw new Error("usage: load-generator.ts --url <url> [--method] [--body] [--header] … | --spec <file>");
  const headers: Record<string, string> = {};
  for (const h of values.header) {
    const at = h.indexOf(":");
    headers[h.slice(0, at).trim().toLowerCase()] = h.slice(at + 1).trim();
  }
  return {
    duration: Number(values.duration),
    targets: [
      {
        url: values.url,
        method: values.method === "POST" ? "POST" : "GET",
        headers,
        body: values.body,
        connections: Number(values.connections),
      },
    ],
  };
}

const spec = specFromArgs();
const results = await Promise.all(spec.targets.map((t) => run(t, spec.duration)));
for (const result of results) process.stdout.write(`${JSON.stringify(result)}\n`);

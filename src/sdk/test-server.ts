/**
 * Test support for the SDK and the CLI: the real app (src/testing/harness.ts) with the demo data, listening on a free
 * local port, so the client speaks real HTTP to it. The harness clocks are fixed; tests move the market with `h.clock`, token time with `h.wallClock`.
 */

import type { Config } from "../config.js";
import type { DialectName } from "../db/connect.js";
import { seedDemoIfEmpty } from "../demo/seed.js";
import { createHarness, type Harness } from "../testing/harness.js";

export interface TestServer {
  h: Harness;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startTestServer(
  dialect: DialectName,
  options: { demo?: boolean; config?: Partial<Config> } = {},
): Promise<TestServer> {
  const h = await createHarness(dialect, options.config);
  if (options.demo ?? true) await seedDemoIfEmpty(h.deps);
  const address = await h.app.listen({ port: 0, host: "127.0.0.1" });
  return { h, baseUrl: address, close: () => h.close() };
}

/** A fetch that records every request's method and path before passing it on. */
export function recordingFetch(): {
  fetch: (request: Request) => Promise<Response>;
  calls: { method: string; path: string; authorization: string | null }[];
} {
  const calls: { method: string; path: string; authorization: string | null }[] = [];
  return {
    calls,
    fetch: (request) => {
      calls.push({
        method: request.method,
        path: new URL(request.url).pathname,
        authorization: request.headers.get("authorization"),
      });
      return globalThis.fetch(request);
    },
  };
}

/**
 * A real HTTP receiver for webhook tests: listens on 127.0.0.1 port 0, records every request, answers as the
 * test's `respond` says (status, body, or `"hang"` to never answer).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { Role } from "../db/schema.js";
import type { Harness } from "./harness.js";

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Answer = { status: number; body?: string; headers?: Record<string, string> } | "hang";

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  /** How to answer the n-th request (0-based). Default: 200. */
  respond: (n: number, request: Received) => Answer;
  /** Resolves when at least `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(respond: Receiver["respond"] = () => ({ status: 200 })): Promise<Receiver> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      const n = received.length;
      received.push(request);
      for (const w of waiters.splice(0)) w();
      const answer = receiver.respond(n, request);
      if (answer === "hang") {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.body ?? "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    respond,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} of ${count} requests`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

/** Subscribes `org` through the API and returns the answer's body (with the secret). */
export async function subscribe(
  h: Harness,
  org: { auth: { authorization: string } },
  url: string,
  events: string[] = ["competition.opened"],
): Promise<{ id: string; secret: string; url: string; events: string[]; status: string }> {
  const res = await h.app.inject({
    method: "POST",
    url: "/webhooks/v1/",
    headers: org.auth,
    payload: { url, events, description: "test" },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/**
 * An access token for `org` minted at the harness clock's current instant: tests that move the clock past the
 * token lifetime (24 h of retries) would otherwise read with an expired token.
 */
export async function freshAuth(
  h: Harness,
  org: { id: string },
  role: Role = "provider",
): Promise<{ authorization: string }> {
  const { token } = await h.token(org.id, role);
  return { authorization: `Bearer ${token}` };
}

/** The subscription's deliveries through the API (newest first), read with a token valid at the clock's now. */
export async function deliveriesOf(
  h: Harness,
  org: { id: string },
  subscriptionId: string,
): Promise<
  Array<{
    id: string;
    event_id: string;
    event_type: string;
    status: string;
    attempts: number;
    next_attempt_at: string | null;
    last_response_code: number | null;
    last_response_body: string | null;
    last_error: string | null;
  }>
> {
  const res = await h.app.inject({
    method: "GET",
    url: `/webhooks/v1/${subscriptionId}/deliveries/`,
    headers: await freshAuth(h, org),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

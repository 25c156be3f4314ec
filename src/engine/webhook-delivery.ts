/**
 * The webhook delivery worker. `deliverDue(deps, now)` claims due deliveries (with a lease, see
 * src/db/repositories/webhooks-deliveries.ts), POSTs each signed per Standard Webhooks, and records the outcome:
 * a 2xx ends it; anything else (3xx included: redirects are never followed) schedules a retry with exponential
 * back-off and jitter until 24 h after the event, then the delivery fails and its subscription is marked `failing`.
 *
 * Safety: the URL is checked again before each attempt (literal IPs skip name resolution), and every address a
 * host name resolves to is checked inside the socket's own lookup, so the address connected to is the address
 * checked (no DNS-rebinding window between check and connect). `config.webhookAllowPrivate` lifts the address rules.
 *
 * Real time: retry back-off, the retry window, leases and the signature's `webhook-timestamp` (which receivers check
 * against their own clock) are real time, also under a simulated market clock; instants stored on the delivery are
 * on the market clock, so real durations are converted with the clock's speed (`clockMsOf`).
 *
 * Tests call `deliverDue` directly with the fixed clock; `startWebhookDelivery` is the engine's polling loop.
 */
import { lookup as dnsLookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { performance } from "node:perf_hooks";
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  recordAttempt,
  releaseClaim,
} from "../db/repositories/webhooks-deliveries.js";
import type { Deps } from "../deps.js";
import { clockMsOf, type EpochMs } from "../domain/time.js";
import { nextStepAfterFailure, type Random } from "../domain/webhooks/backoff.js";
import { sign } from "../domain/webhooks/signing.js";
import { checkWebhookUrl, isPublicAddress } from "../domain/webhooks/url.js";
import type { EngineStarter } from "./registry.js";

export const DELIVERY_TIMEOUT_MS = 10_000;
/**
 * Longer than the timeout, so a live attempt never loses its lease. A batch may take longer than one lease
 * (50 claims, 8 at a time, 10 s each = 70 s): an attempt is therefore started only while what is left of the
 * lease covers its timeout, and otherwise given back unsent (`released`), so that another process that claims it
 * once the lease expired is never sending the same attempt at the same time. Real time: stored as clock time
 * stretched by the clock's speed, so a simulated clock does not shorten it.
 */
export const LEASE_MS = 60_000;
export const BATCH_SIZE = 50;
export const CONCURRENCY = 8;
export const POLL_INTERVAL_MS = 1_000;
export const MAX_STORED_BODY_BYTES = 1024;
export const USER_AGENT = "Flexmarket-Webhooks/1.0";

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}
/** Resolves a host name to all its addresses (default: `dns.lookup` with `all: true`). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export interface DeliverOptions {
  /** Jitter source in [0, 1); tests pass a seeded generator. */
  readonly random?: Random;
  readonly resolve?: ResolveHost;
  readonly timeoutMs?: number;
  readonly limit?: number;
  readonly leaseMs?: number;
  readonly concurrency?: number;
}

export interface DeliverSummary {
  claimed: number;
  succeeded: number;
  retrying: number;
  failed: number;
  /** Claimed but given back unsent: the lease had too little time left to start them. */
  released: number;
}

const systemResolve: ResolveHost = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/** Delivers what is due at `now`; the outcome of each attempt is recorded at `now` too. */
export async function deliverDue(deps: Deps, now: EpochMs, options: DeliverOptions = {}): Promise<DeliverSummary> {
  // Leases are measured from the claim in elapsed real time, like the request timeout they must cover.
  const claimedAt = performance.now();
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const claims = await claimDueDeliveries(deps.db.kysely, {
    now,
    leaseMs: clockMsOf(deps.clock, leaseMs),
    limit: options.limit ?? BATCH_SIZE,
  });
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const summary: DeliverSummary = { claimed: claims.length, succeeded: 0, retrying: 0, failed: 0, released: 0 };
  const queue = [...claims];
  const worker = async () => {
    for (let claim = queue.shift(); claim; claim = queue.shift()) {
      if (performance.now() - claimedAt + timeoutMs > leaseMs) {
        await releaseClaim(deps.db.kysely, claim);
        summary.released++;
        continue;
      }
      const kind = await attempt(deps, now, claim, options);
      deps.metrics.webhookAttempts.inc({ outcome: kind });
      if (kind === "give_up") deps.metrics.webhookFailures.inc();
      if (kind === "succeeded") summary.succeeded++;
      else if (kind === "retry") summary.retrying++;
      else if (kind === "give_up") summary.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? CONCURRENCY, queue.length) }, worker));
  return summary;
}

async function attempt(
  deps: Deps,
  now: EpochMs,
  claim: ClaimedDelivery,
  options: DeliverOptions,
): Promise<"succeeded" | "retry" | "give_up" | "lease_lost"> {
  const allowPrivate = deps.config.webhookAllowPrivate;
  const checked = checkWebhookUrl(claim.url, { allowPrivate });
  const timestamp = Math.floor(deps.wallClock.now() / 1000);
  const result = checked.ok
    ? await post(
        checked.value,
        claim.payload,
        {
          "content-type": "application/json",
          "user-agent": USER_AGENT,
          "webhook-id": claim.eventId,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": sign(claim.secret, claim.eventId, timestamp, claim.payload),
        },
        {
          timeoutMs: options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
          allowPrivate,
          resolve: options.resolve ?? systemResolve,
        },
      )
    : { code: null, body: null, error: checked.error.message };

  const ok = result.code !== null && result.code >= 200 && result.code < 300;
  const error =
    result.error ??
    (ok ? null : result.code !== null && result.code >= 300 && result.code < 400 ? "redirects are not followed" : null);
  const next = ok
    ? ({ kind: "succeeded" } as const)
    : nextStepAfterFailure({
        now,
        // the stored window (24 h from creation) is real time: stretched by the clock's speed
        deadline: claim.createdAt + clockMsOf(deps.clock, claim.deadline - claim.createdAt),
        failedAttempts: claim.attempts,
        random: options.random ?? Math.random,
        speed: deps.clock.speed ?? 1,
      });
  const recorded = await recordAttempt(deps.db.kysely, claim, {
    at: now,
    responseCode: result.code,
    responseBody: result.body,
    error,
    next,
  });
  deps.logger.debug(
    { delivery: claim.id, event: claim.eventId, code: result.code, error, next: next.kind },
    "webhook attempt",
  );
  return recorded ? next.kind : "lease_lost";
}

interface PostResult {
  readonly code: number | null;
  readonly body: string | null;
  readonly error: string | null;
}

class AddressNotAllowed extends Error {
  readonly code = "ADDRESS_NOT_ALLOWED";
}

/** A socket lookup that resolves with `resolve` and refuses the connection if any address is not public. */
function guardedLookup(resolve: ResolveHost, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const family = typeof options.family === "number" ? options.family : 0;
        const addresses = family === 4 || family === 6 ? found.filter((a) => a.family === family) : found;
        if (addresses.length === 0) {
          return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
        }
        const refused = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
        if (refused) {
          return callback(
            new AddressNotAllowed(`${hostname} resolves to ${refused.address}, which is not a public address`),
            "",
            0,
          );
        }
        if (options.all) return (callback as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

function describeError(error: NodeJS.ErrnoException, timeoutMs: number): string {
  if (error instanceof AddressNotAllowed) return error.message;
  switch (error.code) {
    case "ETIMEDOUT_WEBHOOK":
      return `no response within ${timeoutMs / 1000} s`;
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    default:
      return `network error${error.code ? ` (${error.code})` : ""}`;
  }
}

/** Cuts to at most 1 KiB on a UTF-8 character boundary; NUL characters (which PostgreSQL text refuses) dropped. */
export function storedBody(bytes: Buffer): string {
  let end = Math.min(bytes.length, MAX_STORED_BODY_BYTES);
  if (end < bytes.length) while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8").replaceAll("\u0000", "");
}

function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean; resolve: ResolveHost },
): Promise<PostResult> {
  return new Promise((settle) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      settle(result);
    };
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.resolve, options.allowPrivate),
        agent: false,
      },
      (response) => {
        const code = response.statusCode ?? null;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => finish({ code, body: storedBody(Buffer.concat(chunks)), error: null });
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size > MAX_STORED_BODY_BYTES) done();
        });
        response.on("end", done);
        response.on("error", done);
        response.on("aborted", done);
      },
    );
    const timer = setTimeout(
      () => request.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT_WEBHOOK" })),
      options.timeoutMs,
    );
    request.on("error", (error: NodeJS.ErrnoException) =>
      finish({ code: null, body: null, error: describeError(error, options.timeoutMs) }),
    );
    request.end(body);
  });
}

/** The engine job: polls every second, draining full batches at once. */
export const startWebhookDelivery: EngineStarter = (deps) => {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = async () => {
    const started = deps.clock.now();
    deps.metrics.engineTicks.inc({ kind: "webhook-delivery" });
    try {
      let summary: DeliverSummary;
      do {
        summary = await deliverDue(deps, deps.clock.now());
      } while (!stopped && summary.claimed === BATCH_SIZE);
      deps.metrics.tickCompleted("webhook-delivery", started);
    } catch (error) {
      deps.metrics.engineTickFailures.inc({ kind: "webhook-delivery" });
      deps.logger.error({ err: error }, "webhook delivery run failed");
    } finally {
      if (!stopped) timer = setTimeout(tick, POLL_INTERVAL_MS);
    }
  };
  const tick = () => {
    running = run();
  };
  timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
};

/**
 * HTTP side of the metrics (docs/operating.md#metrics):
 * - every route gets a route-level `onResponse` hook (added as the route is registered) that knows its method and
 *   route pattern and keeps one histogram child per status: a response costs one Map lookup and one `observe`;
 *   requests matching no route are counted under the route `(unmatched)`, never under their raw URL;
 * - `GET /metrics` on the API port answers only `Authorization: Bearer <FLEXMARKET_METRICS_TOKEN>`, compared in
 *   constant time; without the variable, with a wrong or missing token, or when FLEXMARKET_METRICS_PORT moves the
 *   metrics to a port of their own, it is a 404 exactly like an unknown path (nothing tells a scanner it exists).
 *   It is not in the OpenAPI document.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest, onResponseHookHandler, RouteOptions } from "fastify";
import type { Histogram } from "prom-client";
import type { Config } from "../config.js";
import type { Metrics } from "../metrics.js";
import { sendError } from "./errors.js";

const OURS = Symbol("flexmarket.metrics");

type Child = ReturnType<Histogram<"method" | "route" | "status">["labels"]>;

function observer(metrics: Metrics, route: string): onResponseHookHandler {
  const children = new Map<number, Child>();
  const hook: onResponseHookHandler = (request, reply, done) => {
    const status = reply.statusCode;
    // HEAD shares the GET route's options (and so this hook) in Fastify: keep its own children.
    const key = request.method === "HEAD" ? -status : status;
    let child = children.get(key);
    if (child === undefined) {
      child = metrics.httpRequestDuration.labels(request.method, route, String(status));
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  };
  return Object.assign(hook, { [OURS]: true });
}

const isOurs = (hook: unknown) => typeof hook === "function" && OURS in hook;

/** To call on `onRoute`: adds the route's metrics hook (once, also when Fastify copies a GET route to HEAD). */
export function instrumentRoute(metrics: Metrics, route: RouteOptions): void {
  const existing =
    route.onResponse === undefined ? [] : Array.isArray(route.onResponse) ? route.onResponse : [route.onResponse];
  if (existing.some(isOurs)) return;
  route.onResponse = [...existing, observer(metrics, route.url)];
}

/** The global hook for requests no route matched (`request.is404`). */
export function unmatchedObserver(metrics: Metrics): onResponseHookHandler {
  const inner = observer(metrics, "(unmatched)");
  return function observeUnmatched(this: unknown, request, reply, done) {
    if (request.is404) return inner.call(this as never, request, reply, done);
    done();
  };
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether the request carries the metrics token (constant time in the token's content). */
export function hasMetricsToken(config: Config, authorization: string | undefined): boolean {
  if (!config.metricsToken || !authorization) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!), digest(config.metricsToken));
}

export function metricsRoute(config: Config, metrics: Metrics) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (config.metricsPort !== undefined || !hasMetricsToken(config, request.headers.authorization)) {
      return sendError(reply, "not_found", `No route ${request.method} ${request.url.split("?")[0]}.`);
    }
    reply.header("content-type", metrics.registry.contentType).header("cache-control", "no-store");
    return metrics.registry.metrics();
  };
}

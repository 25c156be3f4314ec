/**
 * `buildApp` assembles the HTTP application. It never listens (src/server.ts does); tests call `app.inject()`.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import Fastify, { type FastifyBaseLogger, type FastifyReply } from "fastify";
import { Redis } from "ioredis";
import type { Config } from "../config.js";
import { createDeps, type Deps, type DepsOverrides } from "../deps.js";
import { MAX_ID_LENGTH } from "../domain/limits.js";
import { authHook } from "./auth.js";
import { registerCompression } from "./compression.js";
import { clientErrorHandler, errorHandler, frameworkErrors, sendError } from "./errors.js";
import { instrumentRoute, metricsRoute, unmatchedObserver } from "./metrics.js";
import { describeOperation, SECURITY_SCHEME } from "./openapi.js";
import type { App, RouteInfo } from "./operation.js";
import { OPERATIONS } from "./routes.js";
import { ErrorBody } from "./schemas.js";
import { rejectBadText } from "./text-guard.js";
import { isPicloPath, type WireDialect, wireDialectOf } from "./wire-dialect.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean, dialect: WireDialect): Ajv {
  // Bodies are never coerced ("9.32" stays a string, 9.32 is not turned into one). Query strings and path
  // parameters arrive as text and are coerced. Unknown properties (where a schema says `additionalProperties:
  // false`) are rejected on strict routes and removed before the handler sees them on compatible ones
  // (wire-dialect.ts).
  const ajv = new Ajv({
    allErrors: false,
    removeAdditional: dialect === "compatible",
    useDefaults: true,
    coerceTypes: coerce ? "array" : false,
    strict: false,
  });
  addFormats(ajv);
  ajv.addSchema(ErrorBody);
  return ajv;
}

export async function buildApp(config: Config, overrides: DepsOverrides & { deps?: Deps } = {}): Promise<App> {
  const deps = overrides.deps ?? createDeps(config, overrides);
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    // Slow clients are cut off (Fastify's default requestTimeout of 0 also turns off Node's header timeout):
    // see the configuration table in README.md. Node checks the header and request timeouts every
    // `connectionsCheckingInterval`, so that interval is kept well below the header timeout.
    connectionTimeout: config.connectionTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      keepAliveTimeout: config.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(config.headersTimeoutMs / 4))),
    },
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // A path parameter longer than any id (src/domain/limits.ts) is refused by the router with 414 uri_too_long.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: MAX_ID_LENGTH },
    // Errors raised before a route or a request exists answer the catalogue's shape too (src/http/errors.ts).
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // First, so that every route registered after it (all of them) is measured (src/http/metrics.ts).
  app.addHook("onRoute", (route) => instrumentRoute(deps.metrics, route));
  app.addHook("onResponse", unmatchedObserver(deps.metrics));

  const ajv = {
    strict: { body: makeAjv(false, "strict"), other: makeAjv(true, "strict") },
    compatible: { body: makeAjv(false, "compatible"), other: makeAjv(true, "compatible") },
  };
  app.setValidatorCompiler(({ schema, httpPart, url }) =>
    ajv[wireDialectOf(url)][httpPart === "body" ? "body" : "other"].compile(schema),
  );
  app.addSchema(ErrorBody);
  app.decorateRequest("principal", undefined);
  app.decorate("deps", deps);

  await registerCompression(app);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Flexmarket API",
        version: "0.1.0",
        description:
          "Local flexibility marketplace (Piclo Flex compatible bidding flow) and virtual batteries with TSO " +
          "ancillary bids (terralayr v1 compatible). Errors are `{error, message, field?, requestId}`.",
        license: { name: "MIT", identifier: "MIT" },
      },
      // Relative: the server that serves this document (`npm start`: http://localhost:8080, README).
      servers: [{ url: "/", description: "The server that serves this document" }],
      components: { securitySchemes: { [SECURITY_SCHEME]: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
    transform: describeOperation({ rateLimited: config.rateLimitPerMinute > 0 }),
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string) ?? `def-${i}` },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  // Helmet's headers are the same on every response: computed once, set by the one onRequest hook below
  // (@fastify/helmet rebuilt its middleware, CSP parsing included, on every request).
  const securityHeaders = await helmetHeaders();
  if (config.rateLimitPerMinute > 0) {
    // Per credential (the signed-in organisation and subject), else per client address; after auth has run.
    // With REDIS_URL the counts live in Redis, shared by every API process; without it, in this process only
    // (docs/scale-out.md, "Rate limits"). Redis unreachable: requests pass (skipOnError) and the error is logged.
    const redis = config.redisUrl
      ? new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1, lazyConnect: false })
      : undefined;
    if (redis) {
      redis.on("error", (error) => app.log.warn({ err: error }, "rate-limit store unreachable"));
      app.addHook("onClose", async () => {
        await redis.quit().catch(() => redis.disconnect());
      });
    }
    await app.register(rateLimit, {
      ...(redis ? { redis, nameSpace: "flexmarket-rate-limit:", skipOnError: true } : {}),
      hook: "preHandler",
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) =>
        request.principal ? `${request.principal.organisationId}/${request.principal.subject}` : request.ip,
      onExceeded: () => deps.metrics.rateLimitRefusals.inc(),
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`Rate limit exceeded; retry in ${context.after}.`), { statusCode: 429 }),
    });
  }

  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(securityHeaders);
    reply.header("x-request-id", request.id);
    done();
  });
  app.addHook("onRequest", authHook(deps));
  app.addHook("preValidation", rejectBadText);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    if (isWebAppPath(app, request.method, request.url, request.headers.accept)) return sendWebApp(reply);
    const [path = "", query] = splitUrl(request.url);
    const slashed = slashedPiclo(app, path);
    if (slashed === undefined) return sendError(reply, "not_found", `No route ${request.method} ${path}.`);
    // The real service's framework redirects a GET to the slashed path and cannot redirect a body.
    if (request.method === "GET" || request.method === "HEAD") {
      return reply.redirect(query === undefined ? slashed : `${slashed}?${query}`, 301);
    }
    return sendError(
      reply,
      "not_found",
      `No route ${request.method} ${path}. Paths of this API end with a slash: ${request.method} ${slashed}.`,
    );
  });
  app.addHook("onClose", async () => {
    if (!overrides.deps) await deps.optimizer.close();
    if (!overrides.deps && !overrides.db) await deps.db.close();
  });

  const routeList: RouteInfo[] = [];
  app.decorate("routeList", routeList);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routeList.push({ method, url: route.url, auth: route.config?.auth });
  });

  app.get("/openapi.json", { schema: { hide: true }, config: { auth: "public" } }, async () => app.swagger());
  app.get("/metrics", { schema: { hide: true }, config: { auth: "public" } }, metricsRoute(config, deps.metrics));
  for (const operation of OPERATIONS) operation(app, deps);
  await registerWebApp(app);
  return app;
}

const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    directives: {
      "script-src": ["'self'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:"],
      // The server speaks plain HTTP (README: http://localhost:8080/); TLS, if any, ends in front of it.
      "upgrade-insecure-requests": null,
    },
  },
};

let helmetHeadersOnce: Promise<Record<string, string>> | undefined;

/**
 * The headers @fastify/helmet sets with HELMET_OPTIONS (they depend on nothing in the request): read once from a
 * throwaway app, as the headers its response has and a bare Fastify response has not.
 */
function helmetHeaders(): Promise<Record<string, string>> {
  helmetHeadersOnce ??= (async () => {
    const probe = Fastify({ logger: false });
    await probe.register(helmet, HELMET_OPTIONS);
    probe.get("/", async () => "");
    const res = await probe.inject({ method: "GET", url: "/" });
    await probe.close();
    const bare = new Set(["content-type", "content-length", "date", "connection", "keep-alive"]);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (!bare.has(name) && typeof value === "string") headers[name] = value;
    }
    return Object.freeze(headers);
  })();
  return helmetHeadersOnce;
}

// --- the web dashboard (web/, built by `vite build` into web/dist; see docs/web.md) ---

const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

/** Serves the dashboard: `/` and its client-side paths get index.html, `/static/*` the hashed bundles. */
async function registerWebApp(app: App): Promise<void> {
  await app.register(fastifyStatic, { root: WEB_DIST, serve: false, preCompressed: true });
  const page = { schema: { hide: true }, config: { auth: "public" as const } };
  app.get("/", page, async (_request, reply) => sendWebApp(reply));
  app.get("/static/*", page, async (request, reply) => {
    const file = (request.params as { "*": string })["*"];
    return reply.sendFile(`static/${file}`, WEB_DIST, { immutable: true, maxAge: "365d" });
  });
}

function sendWebApp(reply: FastifyReply) {
  if (!existsSync(`${WEB_DIST}index.html`)) {
    return sendError(reply, "not_found", "The web dashboard is not built: `npm start` builds it (web/dist).");
  }
  return reply.header("cache-control", "no-cache").sendFile("index.html", WEB_DIST);
}

/** The dashboard's client-side sections: the first path segment of its views (web/src/main.tsx, docs/web.md). */
const WEB_APP_SECTIONS: ReadonlySet<string> = new Set(["provider", "operator", "batteries", "signin"]);
/** A plain path segment: no percent-encoding, no dot segment ("." or ".."), nothing a browser would rewrite. */
const PLAIN_SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;

/**
 * A browser navigating to one of the dashboard's own paths (`/provider/…`, `/operator/…`): a GET that accepts HTML,
 * in one of the dashboard's sections (an allow-list, never "anything the API does not use"), made of plain
 * segments, and not an API route's first segment. Every other unknown path keeps its JSON 404.
 */
export function isWebAppPath(app: App, method: string, url: string, accept: string | undefined): boolean {
  if ((method !== "GET" && method !== "HEAD") || !accept?.includes("text/html")) return false;
  const segments = url.split("?")[0]!.split("/").slice(1);
  if (!WEB_APP_SECTIONS.has(segments[0]!)) return false;
  const last = segments.length - 1;
  if (!segments.every((s, i) => PLAIN_SEGMENT.test(s) || (s === "" && i === last))) return false;
  const first = (path: string) => path.split("/")[1] ?? "";
  return !app.routeList.some((route) => route.url !== "/" && first(route.url) === segments[0]);
}

function splitUrl(url: string): [string, string | undefined] {
  const at = url.indexOf("?");
  return at === -1 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
}

/**
 * A Piclo Flex compatible path written without its trailing slash (`/assets/v1`, `/assets/v1/abc`): the slashed
 * path when a route answers it, else undefined. Only asked on the 404 path.
 */
function slashedPiclo(app: App, path: string): string | undefined {
  if (path.endsWith("/") || !isPicloPath(path)) return undefined;
  const slashed = `${path}/`;
  const matches = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z_]+/g, "[^/]+")}$`).test(slashed);
  return app.routeList.some((route) => isPicloPath(route.url) && matches(route.url)) ? slashed : undefined;
}

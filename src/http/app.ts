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
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import { Redis } from "ioredis";
import type { Config } from "../config.js";
import { createDeps, type Deps, type DepsOverrides } from "../deps.js";
import { authHook } from "./auth.js";
import { errorHandler, sendError } from "./errors.js";
import { OPERATIONS } from "./routes.js";
import { ErrorBody } from "./schemas.js";
import { rejectNulCharacters } from "./text-guard.js";

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** One API operation: registers its route(s) on the app. */
export type Operation = (app: App, deps: Deps) => void;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  // Bodies are never coerced ("9.32" stays a string, 9.32 is not turned into one) and unknown properties are
  // rejected, not silently dropped. Query strings and path parameters arrive as text and are coerced.
  const ajv = new Ajv({
    allErrors: false,
    removeAdditional: false,
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
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: false },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  const ajvBody = makeAjv(false);
  const ajvOther = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === "body" ? ajvBody : ajvOther).compile(schema));
  app.addSchema(ErrorBody);
  app.decorateRequest("principal", undefined);
  app.decorate("deps", deps);

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Flexmarket API",
        version: "0.1.0",
        description:
          "Local flexibility marketplace (Piclo Flex compatible bidding flow) and virtual batteries with TSO " +
          "ancillary bids (terralayr v1 compatible). Errors are `{error, message, field?, requestId}`.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
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
  app.addHook("preValidation", rejectNulCharacters);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    isWebAppPath(app, request.method, request.url, request.headers.accept)
      ? sendWebApp(reply)
      : sendError(reply, "not_found", `No route ${request.method} ${request.url.split("?")[0]}.`),
  );
  app.addHook("onClose", async () => {
    if (!overrides.deps && !overrides.db) await deps.db.close();
  });

  const routeList: RouteInfo[] = [];
  app.decorate("routeList", routeList);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routeList.push({ method, url: route.url, auth: route.config?.auth });
  });

  app.get("/openapi.json", { schema: { hide: true }, config: { auth: "public" } }, async () => app.swagger());
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
  await app.register(fastifyStatic, { root: WEB_DIST, serve: false });
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

/**
 * A browser navigating to one of the dashboard's own paths (`/provider/…`, `/operator/…`): a GET that accepts HTML
 * whose first path segment is not one the API uses. Unknown API paths keep their JSON 404.
 */
function isWebAppPath(app: App, method: string, url: string, accept: string | undefined): boolean {
  if ((method !== "GET" && method !== "HEAD") || !accept?.includes("text/html")) return false;
  const first = (path: string) => path.split("?")[0]!.split("/")[1] ?? "";
  const segment = first(url);
  if (segment === "" || segment === "static") return false;
  return !app.routeList.some((route) => route.url !== "/" && first(route.url) === segment);
}

export interface RouteInfo {
  method: string;
  url: string;
  auth: string | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    deps: Deps;
    routeList: RouteInfo[];
  }
}

/**
 * The only place that listens. Runs migrations and loads demo data on an empty database (demo mode) under the
 * start-up lock (one process at a time, however many start together on one database), listens, and only then starts
 * the engine: a server that cannot listen (port in use, no permission) stops everything it opened and rejects, so
 * `flexmarket serve` exits 1 instead of running market jobs without an API. Shuts down gracefully on SIGTERM/SIGINT
 * (finish in-flight requests, stop jobs, close the pool).
 */

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { holdServerPidFile } from "./admin/backup.js";
import type { Config } from "./config.js";
import { withStartupLock } from "./db/lock.js";
import { migrateToLatest } from "./db/migrate.js";
import { DEMO, seedDemoIfEmpty } from "./demo/seed.js";
import { createDeps, type Deps } from "./deps.js";
import { ENGINE_STARTERS, type EngineStarter } from "./engine/registry.js";
import { buildApp } from "./http/app.js";
import { hasMetricsToken } from "./http/metrics.js";

export async function startServer(
  config: Config,
  starters: readonly EngineStarter[] = ENGINE_STARTERS,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const deps = createDeps(config);
  // `admin restore` refuses while this mark names a live process (src/admin/backup.ts).
  const releasePidFile =
    deps.db.dialect === "sqlite" && config.sqlitePath !== ":memory:" ? holdServerPidFile(config.sqlitePath) : () => {};
  const seeded = await withStartupLock(deps.db, async () => {
    await migrateToLatest(deps.db);
    return config.demo && (await seedDemoIfEmpty(deps));
  });
  if (seeded) deps.logger.info("loaded demo data");
  const app = await buildApp(config, { deps });
  let url: string;
  try {
    url = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    deps.logger.error({ err: error }, "cannot listen; stopping");
    await app.close().catch(() => {});
    await deps.optimizer.close().catch(() => {});
    await deps.db.close().catch(() => {});
    throw error;
  }
  deps.logger.info({ url, database: deps.db.dialect }, "flexmarket listening");
  deps.metrics.collectProcessMetrics();
  let metricsServer: Server | undefined;
  try {
    metricsServer = config.metricsPort === undefined ? undefined : await listenMetrics(deps, config);
  } catch (error) {
    deps.logger.error({ err: error }, "cannot listen for metrics; stopping");
    await app.close().catch(() => {});
    await deps.optimizer.close().catch(() => {});
    await deps.db.close().catch(() => {});
    releasePidFile();
    throw error;
  }
  printBanner(browserUrl(url, config.host), seeded);
  const stopEngine = config.engine ? starters.map((start) => start(deps)) : [];

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const s of stopEngine) await s();
      await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
      await app.close();
      await deps.optimizer.close();
      await deps.db.close();
      releasePidFile();
    })();
    return stopping;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      deps.logger.info({ signal }, "shutting down");
      stop().then(
        () => process.exit(0),
        (error) => {
          deps.logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
  return { url, stop };
}

/**
 * FLEXMARKET_METRICS_PORT: `GET /metrics` on a port of its own (for a network only Prometheus reaches); with
 * FLEXMARKET_METRICS_TOKEN set the bearer token is required there too. Anything else is a 404.
 */
export async function listenMetrics(deps: Deps, config: Config): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    const allowed = !config.metricsToken || hasMetricsToken(config, request.headers.authorization);
    if (request.method !== "GET" || path !== "/metrics" || !allowed) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
      return;
    }
    deps.metrics.registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": deps.metrics.registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.metricsPort, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  deps.logger.info({ port: address.port }, "metrics listening");
  return server;
}

/** The address a person opens: `localhost` when listening on every interface (the default), else the one given. */
export function browserUrl(listening: string, host: string): string {
  const url = new URL(listening);
  if (host === "0.0.0.0" || host === "::") url.hostname = "localhost";
  return url.toString();
}

/** Said plainly, after the log lines: where the dashboard is and, when demo data was loaded now, how to sign in. */
function printBanner(url: string, demoLoaded: boolean): void {
  const { provider: p, systemOperator: so } = DEMO;
  const lines = ["", `Open ${url}  (API reference: ${url}docs)`];
  if (!demoLoaded) {
    process.stdout.write(`${lines.join("\n")}\n\n`);
    return;
  }
  process.stdout.write(
    [
      ...lines,
      "Demo credentials (FLEXMARKET_DEMO=0 to start without demo data):",
      `  marketplace provider:        client_id=${p.clientId}  api_key=${p.apiKey}   (POST /authtoken/v1/)`,
      `  marketplace system operator: client_id=${so.clientId}  api_key=${so.apiKey}   (POST /authtoken/v1/)`,
      `  virtual batteries:           username=${p.username}  password=${p.password}  organisation=${p.organisationId}   (POST /auth/public/authenticate)`,
      "",
    ].join("\n"),
  );
}

/**
 * The only place that listens. Runs migrations, loads demo data on an empty database (demo mode), listens, and only
 * then starts the engine: a server that cannot listen (port in use, no permission) stops everything it opened and
 * rejects, so `flexmarket serve` exits 1 instead of running market jobs without an API. Shuts down gracefully on
 * SIGTERM/SIGINT (finish in-flight requests, stop jobs, close the pool).
 */
import type { Config } from "./config.js";
import { migrateToLatest } from "./db/migrate.js";
import { DEMO, seedDemoIfEmpty } from "./demo/seed.js";
import { createDeps } from "./deps.js";
import { ENGINE_STARTERS, type EngineStarter } from "./engine/registry.js";
import { buildApp } from "./http/app.js";

export async function startServer(
  config: Config,
  starters: readonly EngineStarter[] = ENGINE_STARTERS,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const deps = createDeps(config);
  await migrateToLatest(deps.db);
  if (config.demo && (await seedDemoIfEmpty(deps))) {
    deps.logger.info("loaded demo data");
    printDemoCredentials();
  }
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
  const stopEngine = config.engine ? starters.map((start) => start(deps)) : [];

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const s of stopEngine) await s();
      await app.close();
      await deps.optimizer.close();
      await deps.db.close();
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

function printDemoCredentials(): void {
  const { provider: p, systemOperator: so } = DEMO;
  process.stdout.write(
    [
      "",
      "Demo credentials (FLEXMARKET_DEMO=0 to start without demo data):",
      `  marketplace provider:        client_id=${p.clientId}  api_key=${p.apiKey}   (POST /authtoken/v1/)`,
      `  marketplace system operator: client_id=${so.clientId}  api_key=${so.apiKey}   (POST /authtoken/v1/)`,
      `  virtual batteries:           username=${p.username}  password=${p.password}  organisation=${p.organisationId}   (POST /auth/public/authenticate)`,
      "",
    ].join("\n"),
  );
}

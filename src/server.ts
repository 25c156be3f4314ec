/**
 * The only place that listens. Runs migrations and loads demo data on an empty database (demo mode) under the
 * start-up lock (one process at a time, however many start together on one database), starts the engine, and shuts down gracefully on SIGTERM/SIGINT (finish in-flight requests, stop jobs, close the pool).
 */
import type { Config } from "./config.js";
import { withStartupLock } from "./db/lock.js";
import { migrateToLatest } from "./db/migrate.js";
import { DEMO, seedDemoIfEmpty } from "./demo/seed.js";
import { createDeps } from "./deps.js";
import { ENGINE_STARTERS } from "./engine/registry.js";
import { buildApp } from "./http/app.js";

export async function startServer(config: Config): Promise<{ url: string; stop: () => Promise<void> }> {
  const deps = createDeps(config);
  const seeded = await withStartupLock(deps.db, async () => {
    await migrateToLatest(deps.db);
    return config.demo && (await seedDemoIfEmpty(deps));
  });
  if (seeded) {
    deps.logger.info("loaded demo data");
    printDemoCredentials();
  }
  const app = await buildApp(config, { deps });
  const stopEngine = config.engine ? ENGINE_STARTERS.map((start) => start(deps)) : [];
  const url = await app.listen({ port: config.port, host: config.host });
  deps.logger.info({ url, database: deps.db.dialect }, "flexmarket listening");

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const s of stopEngine) await s();
      await app.close();
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

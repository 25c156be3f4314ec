/**
 * The `flexmarket` command line: `serve`, `migrate`, and `admin …` for organisations, keys and users.
 * Areas add their commands (agent, optimize, …) in `commands`.
 */

import { userInfo } from "node:os";
import { Command, Option } from "commander";
import { auditCommand } from "../admin/audit.js";
import { backupSqlite, restoreSqlite } from "../admin/backup.js";
import { disableUser, listKeys, revokeKey } from "../admin/credentials.js";
import { type AdminContext, createApiKey, createOrganisation, createUser } from "../admin/organisations.js";
import { virtualAssetCommand } from "../admin/virtual-assets.js";
import { loadConfig } from "../config.js";
import { connect } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";
import { startServer } from "../server.js";
import { agentCommand } from "./agent/command.js";
import { processIo } from "./connection.js";
import { marketCommands } from "./market-commands.js";
import { optimizeCommand } from "./optimize-command.js";

function openDb() {
  const config = loadConfig();
  return connect({
    databaseUrl: config.databaseUrl,
    sqlitePath: config.sqlitePath,
    sqliteSynchronous: config.sqliteSynchronous,
  });
}

async function withDb<T>(fn: (db: ReturnType<typeof connect>) => Promise<T>): Promise<T> {
  const db = openDb();
  try {
    await migrateToLatest(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

const REVOCATION_DELAY = "the revocation check delay (FLEXMARKET_REVOCATION_CHECK_MS, default 5 s)";
/** The SQLite database of this configuration; PostgreSQL has its own tools (docs/operating.md). */
function sqliteTarget() {
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new Error(
      "DATABASE_URL is set: back up PostgreSQL with pg_dump or pg_basebackup (docs/operating.md#postgresql)",
    );
  }
  return { sqlitePath: config.sqlitePath, dataDir: config.dataDir, secretFromEnvironment: config.secret !== undefined };
}

/** The operator's login names them in the audit trail. */
const adminContext = (db: ReturnType<typeof connect>): AdminContext => ({
  db,
  now: Date.now(),
  hashCost: "standard",
  by: { type: "operator", id: operatorLogin() },
});

function operatorLogin(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

export function buildCli(): Command {
  const program = new Command("flexmarket")
    .description("Flexmarket: trade electricity flexibility (marketplace, virtual batteries, market engine).")
    .showHelpAfterError();

  program
    .command("serve")
    .description(
      "Start the platform (migrations run at start; demo data on an empty database unless FLEXMARKET_DEMO=0)",
    )
    .option("-p, --port <port>", "port to listen on (env PORT, default 8080)")
    .action(async (opts: { port?: string }) => {
      const config = loadConfig(process.env, opts.port ? { port: Number(opts.port) } : {});
      try {
        await startServer(config);
      } catch (error) {
        // Nothing may keep running without the API (startServer has stopped what it opened): exit at once.
        process.stderr.write(`flexmarket: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      }
    });

  program
    .command("migrate")
    .description("Apply database migrations and exit")
    .action(async () => {
      const applied = await withDb((db) => migrateToLatest(db));
      print({ applied });
    });

  const admin = program
    .command("admin")
    .description("Administer organisations, API keys and users; read the audit trail; back up and restore");
  const org = admin.command("org").description("Organisations");
  org
    .command("create")
    .requiredOption("--name <name>", "organisation name")
    .addOption(new Option("--role <role>", "its role").choices(["provider", "system_operator"]).makeOptionMandatory())
    .option("--id <id>", "a chosen id (default: generated)")
    .action(async (opts: { name: string; role: "provider" | "system_operator"; id?: string }) => {
      print(await withDb((db) => createOrganisation(adminContext(db), opts)));
    });
  const keyCommand = admin.command("key").description("API keys");
  keyCommand
    .command("create")
    .requiredOption("--org <id>", "organisation id")
    .option("--name <name>", "a label for the key")
    .action(async (opts: { org: string; name?: string }) => {
      const key = await withDb((db) => createApiKey(adminContext(db), { organisationId: opts.org, name: opts.name }));
      print({ client_id: key.clientId, api_key: key.apiKey, note: "The api_key is shown once; store it now." });
    });
  keyCommand
    .command("list")
    .description("List API keys (never their secrets), newest first")
    .option("--org <id>", "only this organisation's")
    .action(async (opts: { org?: string }) => {
      const keys = await withDb((db) => listKeys({ db, now: Date.now() }, { organisationId: opts.org }));
      print(
        keys.map((k) => ({
          client_id: k.clientId,
          organisation: k.organisationId,
          name: k.name,
          created_at: k.createdAt,
          revoked_at: k.revokedAt,
        })),
      );
    });
  keyCommand
    .command("revoke")
    .description(`Revoke an API key; tokens issued with it are refused within ${REVOCATION_DELAY}`)
    .argument("<client_id>")
    .action(async (clientId: string) => {
      const revoked = await withDb((db) => revokeKey(adminContext(db), { clientId }));
      if (!revoked) throw new Error(`No active API key "${clientId}".`);
      print({ client_id: clientId, revoked: true });
    });
  const userCommand = admin.command("user").description("Users (virtual-battery sign-in)");
  userCommand
    .command("disable")
    .description(`Disable a user; its tokens (access and refresh) are refused within ${REVOCATION_DELAY}`)
    .argument("<username>")
    .action(async (username: string) => {
      const disabled = await withDb((db) => disableUser(adminContext(db), { username }));
      if (!disabled) throw new Error(`No enabled user "${username}".`);
      print({ username, disabled: true });
    });
  userCommand
    .command("create")
    .requiredOption("--org <id>", "organisation id")
    .requiredOption("--username <username>")
    .requiredOption("--password <password>")
    .action(async (opts: { org: string; username: string; password: string }) => {
      print(
        await withDb((db) =>
          createUser(adminContext(db), { organisationId: opts.org, username: opts.username, password: opts.password }),
        ),
      );
    });
  admin.addCommand(virtualAssetCommand(withDb, print));
  admin.addCommand(auditCommand(withDb, (text) => process.stdout.write(text)));
  admin
    .command("backup")
    .description(
      "Copy the SQLite database consistently while the server keeps serving (PostgreSQL: see docs/operating.md)",
    )
    .requiredOption("--to <file>", "the backup file to write")
    .option("--without-key", "do not copy the token-signing key beside the backup (<file>.signing.key, mode 0600)")
    .action(async (opts: { to: string; withoutKey?: boolean }) => {
      print(await backupSqlite(sqliteTarget(), opts.to, { withKey: !opts.withoutKey }));
    });
  admin
    .command("restore")
    .description("Replace the SQLite database with a backup (server stopped; integrity and migration level checked)")
    .requiredOption("--from <file>", "the backup file to restore")
    .option("--without-key", "keep the data directory's signing key even if <file>.signing.key exists")
    .action((opts: { from: string; withoutKey?: boolean }) => {
      print(restoreSqlite(sqliteTarget(), opts.from, { withKey: !opts.withoutKey }));
    });
  for (const command of marketCommands(processIo())) program.addCommand(command);
  program.addCommand(agentCommand(processIo()));
  program.addCommand(optimizeCommand(processIo()));
  return program;
}

buildCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`flexmarket: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });

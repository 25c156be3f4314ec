/**
 * Where the CLI connects and as whom: `--base-url` and credentials from flags, else the environment
 * (FLEXMARKET_URL, FLEXMARKET_CLIENT_ID + FLEXMARKET_API_KEY, FLEXMARKET_USERNAME + FLEXMARKET_PASSWORD), so the
 * same commands point at a local sandbox or at the real services.
 */
import type { Command } from "commander";
import pino, { type Logger } from "pino";
import { createFlexmarketClient, type FlexmarketClient, FlexmarketError } from "../sdk/index.js";

export const DEFAULT_BASE_URL = "http://localhost:8080";

/** What a command needs from the outside world; tests pass their own. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The CLI's clock (local validation decides "open" with it). */
  readonly now: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: (request: Request) => Promise<Response>;
  readonly logger?: Logger;
  /** Whether to draw progress bars (default: stderr is a terminal). */
  readonly progress?: boolean;
  /** Sets the process's exit status (tests leave it out). */
  readonly setExitCode?: (code: number) => void;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    now: Date.now,
    progress: process.stderr.isTTY === true,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

export function loggerOf(io: CliIo): Logger {
  return io.logger ?? pino({ level: io.env.LOG_LEVEL ?? "info" }, pino.destination(2));
}

export interface ConnectionFlags {
  baseUrl?: string;
  clientId?: string;
  apiKey?: string;
  username?: string;
  password?: string;
}

/** Adds the connection flags to a command. */
export function withConnection(command: Command): Command {
  return command
    .option("--base-url <url>", `API base URL (env FLEXMARKET_URL, default ${DEFAULT_BASE_URL})`)
    .option("--client-id <id>", "marketplace client id (env FLEXMARKET_CLIENT_ID)")
    .option("--api-key <key>", "marketplace API key (env FLEXMARKET_API_KEY)")
    .option("--username <name>", "virtual-battery user (env FLEXMARKET_USERNAME)")
    .option("--password <password>", "virtual-battery password (env FLEXMARKET_PASSWORD)");
}

export interface Connection {
  readonly baseUrl: string;
  readonly marketplace?: { clientId: string; apiKey: string };
  readonly virtualBattery?: { username: string; password: string };
}

/** Flags win over the environment, the environment over `fallback` (e.g. an agent config's `baseUrl`). */
export function resolveConnection(flags: ConnectionFlags, io: CliIo, fallback: { baseUrl?: string } = {}): Connection {
  const env = io.env;
  const clientId = flags.clientId ?? env.FLEXMARKET_CLIENT_ID;
  const apiKey = flags.apiKey ?? env.FLEXMARKET_API_KEY;
  const username = flags.username ?? env.FLEXMARKET_USERNAME;
  const password = flags.password ?? env.FLEXMARKET_PASSWORD;
  return {
    baseUrl: flags.baseUrl ?? env.FLEXMARKET_URL ?? fallback.baseUrl ?? DEFAULT_BASE_URL,
    ...(clientId && apiKey ? { marketplace: { clientId, apiKey } } : {}),
    ...(username && password ? { virtualBattery: { username, password } } : {}),
  };
}

export function clientFor(connection: Connection, io: CliIo): FlexmarketClient {
  if (!connection.marketplace && !connection.virtualBattery) {
    throw new Error(
      "no credentials: pass --client-id and --api-key (or --username and --password), " +
        "or set FLEXMARKET_CLIENT_ID and FLEXMARKET_API_KEY (or FLEXMARKET_USERNAME and FLEXMARKET_PASSWORD)",
    );
  }
  return createFlexmarketClient({
    baseUrl: connection.baseUrl,
    ...(connection.marketplace ? { marketplace: connection.marketplace } : {}),
    ...(connection.virtualBattery ? { virtualBattery: connection.virtualBattery } : {}),
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(io.sleep ? { sleep: io.sleep } : {}),
  });
}

/** One line for a person: the server's message with its code and field. */
export function describeError(error: unknown): string {
  if (error instanceof FlexmarketError) {
    return `${error.status} ${error.code}${error.field ? ` (field ${error.field})` : ""}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

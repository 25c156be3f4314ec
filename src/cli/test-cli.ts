/** Test support: the CLI's commands on a program of their own, with captured output and an injected clock. */
import { Command } from "commander";
import pino from "pino";
import { DEMO } from "../demo/seed.js";
import type { TestServer } from "../sdk/test-server.js";
import { agentCommand } from "./agent/command.js";
import type { CliIo } from "./connection.js";
import { marketCommands } from "./market-commands.js";

export interface TestCli {
  run(...args: string[]): Promise<string>;
  io: CliIo;
  output: string[];
}

export function testCli(s: TestServer, env: Record<string, string | undefined> = {}, fetch?: CliIo["fetch"]): TestCli {
  const output: string[] = [];
  const io: CliIo = {
    env: {
      FLEXMARKET_URL: s.baseUrl,
      FLEXMARKET_CLIENT_ID: DEMO.provider.clientId,
      FLEXMARKET_API_KEY: DEMO.provider.apiKey,
      FLEXMARKET_USERNAME: DEMO.provider.username,
      FLEXMARKET_PASSWORD: DEMO.provider.password,
      ...env,
    },
    out: (text) => output.push(text),
    err: () => {},
    now: () => s.h.clock.now(),
    sleep: async () => {},
    logger: pino({ level: "silent" }),
    progress: false,
    ...(fetch ? { fetch } : {}),
  };
  return {
    io,
    output,
    async run(...args) {
      const program = new Command("flexmarket").exitOverride();
      for (const command of marketCommands(io)) program.addCommand(command);
      program.addCommand(agentCommand(io));
      for (const c of program.commands) c.exitOverride();
      const before = output.length;
      await program.parseAsync(args, { from: "user" });
      return output.slice(before).join("");
    },
  };
}

/**
 * `flexmarket agent run --config agent.json [--once] [--state file]`: the bidding agent. Credentials come from the
 * flags or the environment (never from the config file); see docs/agent.md.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import {
  type CliIo,
  type ConnectionFlags,
  clientFor,
  loggerOf,
  resolveConnection,
  withConnection,
} from "../connection.js";
import { runAgent } from "./agent.js";
import { optimizerPlanner, pricesPlanner } from "./ancillary.js";
import { type AgentConfig, configDir, parseAgentConfig } from "./config.js";
import { AgentState } from "./state.js";

export function loadAgentConfig(file: string): AgentConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the agent config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseAgentConfig(raw, configDir(file));
}

export function agentCommand(io: CliIo, options: { signal?: AbortSignal } = {}): Command {
  const agent = new Command("agent").description("The bidding agent: bids for you from a strategy in agent.json");
  agent.addCommand(
    withConnection(new Command("run"))
      .description("Run the agent loop (one line of status per cycle; --once runs one cycle)")
      .requiredOption("--config <file>", "agent configuration (see agent.example.json)")
      .option("--state <file>", "state file (default: the config's `state`)")
      .option("--once", "run one cycle and exit")
      .action(async (flags: ConnectionFlags & { config: string; state?: string; once?: boolean }) => {
        const config = loadAgentConfig(flags.config);
        const connection = resolveConnection(
          flags,
          io,
          config.baseUrl !== undefined ? { baseUrl: config.baseUrl } : {},
        );
        const fm = clientFor(connection, io);
        const state = new AgentState(flags.state ?? config.statePath);
        const vb = config.virtualBatteries;
        const planner = vb
          ? vb.planner === "optimizer"
            ? optimizerPlanner()
            : pricesPlanner(vb.offeredCapacityKw)
          : undefined;
        const controller = new AbortController();
        const stop = () => controller.abort();
        options.signal?.addEventListener("abort", stop);
        if (!flags.once) {
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        }
        try {
          const report = await runAgent(
            { fm, config, state, now: io.now, logger: loggerOf(io), ...(planner ? { planner } : {}) },
            {
              once: flags.once ?? false,
              out: io.out,
              signal: controller.signal,
              sleep:
                io.sleep ??
                ((ms) =>
                  new Promise<void>((resolve) => {
                    const timer = setTimeout(resolve, ms);
                    controller.signal.addEventListener("abort", () => {
                      clearTimeout(timer);
                      resolve();
                    });
                  })),
            },
          );
          if (flags.once && report.problems.length > 0) io.setExitCode?.(2);
        } finally {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          state.close();
        }
      }),
  );
  return agent;
}

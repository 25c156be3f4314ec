/**
 * The engine's heartbeat: calls `tick(now)` every `intervalMs` of real time with the injected clock's time.
 * Ticks never overlap; an error is logged (a lost database connection as a warning) and the next tick tries again. Returns the stop function, which
 * waits for a running tick to finish (graceful shutdown).
 */
import { isConnectionLoss } from "../db/connection-loss.js";
import type { Deps } from "../deps.js";

export function startTicker(
  deps: Deps,
  name: string,
  intervalMs: number,
  tick: (now: number) => Promise<void>,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick(deps.clock.now())
      .catch((error: unknown) =>
        // A failover cuts ticks; the next tick runs on the new primary (docs/scale-out.md).
        isConnectionLoss(error)
          ? deps.logger.warn({ err: error, job: name }, "engine tick cut by a lost database connection")
          : deps.logger.error({ err: error, job: name }, "engine tick failed"),
      )
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

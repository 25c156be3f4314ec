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
    const now = deps.clock.now();
    deps.metrics.engineTicks.inc({ kind: name });
    running = tick(now)
      .then(
        () => deps.metrics.tickCompleted(name, now),
        (error: unknown) => {
          deps.metrics.engineTickFailures.inc({ kind: name });
          // A failover cuts ticks; the next tick runs on the new primary (docs/scale-out.md).
          if (isConnectionLoss(error)) {
            deps.logger.warn({ err: error, job: name }, "engine tick cut by a lost database connection");
          } else {
            deps.logger.error({ err: error, job: name }, "engine tick failed");
          }
        },
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

/**
 * Builds the clock from its configuration string: `real`, `sim:<RFC3339>:x<speed>`, or `sim:now:x<speed>` (a simulated
 * clock that starts at the real time of start-up, e.g. `sim:now:x600` runs ten market minutes per second).
 */
import { type Clock, parseRfc3339, simulatedClock, systemClock } from "./domain/time.js";

export function parseClock(spec: string, realNow: () => number = Date.now): Clock {
  if (spec === "real" || spec === "") return systemClock;
  const m = /^sim:(.+):x(\d+(?:\.\d+)?)$/.exec(spec);
  if (!m)
    throw new Error(`FLEXMARKET_CLOCK must be "real", "sim:<RFC3339>:x<speed>" or "sim:now:x<speed>", got "${spec}"`);
  if (m[1] === "now") return simulatedClock(realNow(), Number(m[2]), realNow);
  const start = parseRfc3339(m[1], "FLEXMARKET_CLOCK");
  if (!start.ok) throw new Error(start.error.message);
  return simulatedClock(start.value, Number(m[2]), realNow);
}

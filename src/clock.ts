/** Builds the clock from its configuration string: `real` or `sim:<RFC3339>:x<speed>`. */
import { type Clock, parseRfc3339, simulatedClock, systemClock } from "./domain/time.js";

export function parseClock(spec: string): Clock {
  if (spec === "real" || spec === "") return systemClock;
  const m = /^sim:(.+):x(\d+(?:\.\d+)?)$/.exec(spec);
  if (!m) throw new Error(`FLEXMARKET_CLOCK must be "real" or "sim:<RFC3339>:x<speed>", got "${spec}"`);
  const start = parseRfc3339(m[1], "FLEXMARKET_CLOCK");
  if (!start.ok) throw new Error(start.error.message);
  return simulatedClock(start.value, Number(m[2]));
}

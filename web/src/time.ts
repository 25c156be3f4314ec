/**
 * One rule for times on the dashboard: marketplace pages in UK time (Europe/London, the marketplace's zone),
 * virtual-battery and TSO pages in Berlin time (Europe/Berlin, the German markets' zone), every time labelled with
 * its zone. A user setting (kept in this browser) shows the browser's own zone instead, still labelled.
 */
export type Market = "uk" | "berlin";
export type TimeMode = "market" | "local";

const MARKET_ZONES: Record<Market, { zone: string; label: string }> = {
  uk: { zone: "Europe/London", label: "UK time" },
  berlin: { zone: "Europe/Berlin", label: "Berlin time" },
};

const STORAGE_KEY = "flexmarket.timeMode";
const listeners = new Set<(mode: TimeMode) => void>();
let mode: TimeMode = readMode();

function readMode(): TimeMode {
  try {
    return localStorage.getItem(STORAGE_KEY) === "local" ? "local" : "market";
  } catch {
    return "market";
  }
}

export const getTimeMode = (): TimeMode => mode;

export function setTimeMode(next: TimeMode): void {
  mode = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // storage unavailable (private mode): the setting lasts this page only
  }
  for (const listener of listeners) listener(next);
}

export function onTimeModeChange(listener: (mode: TimeMode) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The zone and its label that a page of `market` shows times in, under the current setting. */
export function zoneOf(market: Market): { zone: string; label: string } {
  if (mode === "local") return { zone: localZone(), label: `your time (${localZone()})` };
  return MARKET_ZONES[market];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, kind: "dateTime" | "time" | "date"): Intl.DateTimeFormat {
  const key = `${zone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "dateTime"
        ? { dateStyle: "medium", timeStyle: "short" }
        : kind === "time"
          ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
          : { dateStyle: "medium" };
    f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/** An instant with its zone: "1 Jun 2026, 09:00 UK time". */
export function formatInstant(iso: string, market: Market = "uk"): string {
  const { zone, label } = zoneOf(market);
  return `${formatter(zone, "dateTime").format(new Date(iso))} ${label}`;
}

/** An interval with its zone said once: "1 Jun 2026, 09:00 – 2 Jun 2026, 09:00 UK time". */
export function formatInterval(startIso: string, endIso: string, market: Market = "uk"): string {
  const { zone, label } = zoneOf(market);
  const f = formatter(zone, "dateTime");
  return `${f.format(new Date(startIso))} – ${f.format(new Date(endIso))} ${label}`;
}

/** Only the wall-clock time (for chart axes): "09:00". */
export function formatClock(ms: number, market: Market): string {
  return formatter(zoneOf(market).zone, "time").format(new Date(ms));
}

/** Only the date (for chart axes): "1 Jun 2026". */
export function formatDate(ms: number, market: Market): string {
  return formatter(zoneOf(market).zone, "date").format(new Date(ms));
}

/** Offset of `zone` from UTC at the instant `ms`, in ms. */
function offsetAt(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - ms;
}

/**
 * `YYYY-MM-DDTHH:MM` (a datetime-local input) read as wall time in the zone of `market` → ISO instant (UTC).
 * A wall time skipped by a DST change resolves forward, a repeated one to its first occurrence.
 */
export function wallTimeToIso(local: string, market: Market = "uk"): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return local;
  const zone = zoneOf(market).zone;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let instant = wall - offsetAt(wall, zone);
  instant = wall - offsetAt(instant, zone);
  return new Date(instant).toISOString();
}

/** An instant → `YYYY-MM-DDTHH:MM` wall time in the zone of `market` (for datetime-local inputs). */
export function isoToWallTime(ms: number, market: Market = "uk"): string {
  const wall = new Date(ms + offsetAt(ms, zoneOf(market).zone));
  return wall.toISOString().slice(0, 16);
}

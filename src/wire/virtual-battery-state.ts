/**
 * The wire of the state and operational-data views of a virtual asset (docs/wire-compatibility.md, "Virtual
 * batteries"): the required `start` / `end` window, the `categories` list and the operational-data body
 * `{<category>: {metadata: {unit, alignment, description}, timeseries: [{time, value}]}}` (latest: one `time` and
 * `value` instead of the series). Every value comes from domain/ancillary/operational.ts and soc.ts.
 */
import { type TSchema, Type } from "typebox";
import type { CategoryInfo, OperationalSeries } from "../domain/ancillary/operational.js";
import { fail, ok, type Result } from "../domain/errors.js";
import { type EpochMs, parseRfc3339, toIso } from "../domain/time.js";

const INSTANT_MAX = 64;

/** `start` and `end`, both required RFC 3339 instants (greedy: every point with start ≤ time ≤ end). */
export const WindowQuery = Type.Object(
  {
    start: Type.String({ maxLength: INSTANT_MAX, description: "RFC 3339 instant, e.g. 2025-06-17T00:00:00Z" }),
    end: Type.String({ maxLength: INSTANT_MAX, description: "RFC 3339 instant, e.g. 2025-06-17T00:30:00Z" }),
  },
  { additionalProperties: false },
);

const categoriesParam = (names: readonly string[]) =>
  Type.String({
    maxLength: 2000,
    description: `Comma separated, case sensitive, one or more of: ${names.join(", ")}`,
    examples: [names.slice(0, 2).join(",")],
  });

export const categoriesQuery = (names: readonly string[]) =>
  Type.Object({ categories: categoriesParam(names) }, { additionalProperties: false });

export const categoriesWindowQuery = (names: readonly string[]) =>
  Type.Object(
    { categories: categoriesParam(names), start: WindowQuery.properties.start, end: WindowQuery.properties.end },
    { additionalProperties: false },
  );

/** `start` ≤ `end`, both RFC 3339. */
export function parseRequiredWindow(query: { start: string; end: string }): Result<{ start: EpochMs; end: EpochMs }> {
  const start = parseRfc3339(query.start, "start");
  if (!start.ok) return start;
  const end = parseRfc3339(query.end, "end");
  if (!end.ok) return end;
  if (start.value > end.value) return fail("interval_invalid", "start must not be after end", "start");
  return ok({ start: start.value, end: end.value });
}

const Metadata = Type.Object({
  unit: Type.Union([Type.Literal("kWh"), Type.Literal("kW"), Type.Literal("%"), Type.Literal("ratio")]),
  alignment: Type.Union([Type.Literal("period"), Type.Literal("end"), Type.Literal("start")], {
    description:
      "period: the value holds over [time, time + 15 min); end: the instantaneous value at time + 15 min; " +
      "start: the instantaneous value at time",
  }),
  description: Type.String(),
});

const Point = Type.Object({
  time: Type.String({ format: "date-time", description: "Start of the 15-minute slot" }),
  value: Type.Number(),
});

const SeriesBody = Type.Object({ metadata: Metadata, timeseries: Type.Array(Point) });
const LatestBody = Type.Object({
  metadata: Metadata,
  time: Type.String({ format: "date-time", description: "Start of the current 15-minute slot" }),
  value: Type.Number(),
});

function byCategory(names: readonly string[], item: TSchema, title: string) {
  return Type.Object(Object.fromEntries(names.map((n) => [n, Type.Optional(item)])), {
    title,
    description: "One entry per requested category",
  });
}

export const operationalSeriesBody = (names: readonly string[], title: string) => byCategory(names, SeriesBody, title);
export const operationalLatestBody = (names: readonly string[], title: string) => byCategory(names, LatestBody, title);

export function seriesToWire<C extends string>(series: OperationalSeries<C>, catalogue: Record<C, CategoryInfo>) {
  const times = series.times.map(toIso);
  const out: Record<string, unknown> = {};
  for (const [category, values] of Object.entries(series.values) as [C, number[]][]) {
    out[category] = {
      metadata: catalogue[category],
      timeseries: values.map((value, k) => ({ time: times[k]!, value })),
    };
  }
  return out;
}

/** A one-slot series as the latest view: `{<category>: {metadata, time, value}}`. */
export function latestToWire<C extends string>(series: OperationalSeries<C>, catalogue: Record<C, CategoryInfo>) {
  const out: Record<string, unknown> = {};
  const time = series.times[0];
  if (time === undefined) return out;
  for (const [category, values] of Object.entries(series.values) as [C, number[]][]) {
    out[category] = { metadata: catalogue[category], time: toIso(time), value: values[0]! };
  }
  return out;
}

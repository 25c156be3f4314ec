/** Pieces of a competition page shared by providers and system operators: facts, timetable, windows on a timeline. */
import { useMemo } from "react";
import type { CompetitionWire } from "../../../src/sdk/index.js";
import { Chart, type ChartOption } from "../chart.js";
import { pounds, statusText } from "../labels.js";
import { formatInterval } from "../time.js";
import { ScrollRegion, Section } from "../ui.js";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const COLOURS = ["#2563eb", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d"];

const hours = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) + (m ?? 0) / 60;
};

/** Each window's occurrences in a week as [dayIndex, startHour, endHour, windowIndex] (overnight ones split). */
export function weekSegments(c: CompetitionWire): { name: string; segments: [number, number, number, number][] }[] {
  const windows = c.service_periods.flatMap((p) =>
    p.service_windows.map((w) => ({ ...w, label: c.service_periods.length > 1 ? `${p.name}: ${w.name}` : w.name })),
  );
  return windows.map((w, index) => {
    const start = hours(w.start);
    const end = hours(w.end);
    const segments: [number, number, number, number][] = [];
    for (const day of w.service_days) {
      const d = DAYS.indexOf(day);
      if (d < 0) continue;
      if (end > start) segments.push([d, start, end, index]);
      else {
        segments.push([d, start, 24, index]);
        if (end > 0) segments.push([(d + 1) % 7, 0, end, index]);
      }
    }
    return { name: w.label, segments };
  });
}

export function WindowTimeline({ competition }: { competition: CompetitionWire }) {
  const option = useMemo<ChartOption>(() => {
    const series = weekSegments(competition);
    const count = Math.max(1, series.length);
    return {
      animation: false,
      tooltip: {
        formatter: (p: { seriesName: string; value: number[] }) => {
          const [d, s, e] = p.value as [number, number, number];
          const t = (x: number) =>
            `${String(Math.floor(x)).padStart(2, "0")}:${String(Math.round((x % 1) * 60)).padStart(2, "0")}`;
          return `${p.seriesName}<br/>${DAYS[d]} ${t(s)}–${t(e)}`;
        },
      },
      legend: { top: 0, type: "scroll" },
      grid: { left: 90, right: 20, top: 40, bottom: 40 },
      xAxis: {
        type: "value",
        min: 0,
        max: 24,
        interval: 2,
        name: "hour of day (UK time)",
        nameLocation: "middle",
        nameGap: 22,
      },
      yAxis: { type: "category", data: DAYS, inverse: true },
      series: series.map((s, i) => ({
        type: "custom",
        name: s.name,
        itemStyle: { color: COLOURS[i % COLOURS.length] },
        encode: { x: [1, 2], y: 0 },
        data: s.segments,
        renderItem: (
          _params: unknown,
          api: {
            value: (n: number) => number;
            coord: (v: [number, number]) => [number, number];
            size: (v: [number, number]) => [number, number];
            style: () => unknown;
          },
        ) => {
          const day = api.value(0);
          const from = api.coord([api.value(1), day]);
          const to = api.coord([api.value(2), day]);
          const band = api.size([0, 1])[1] * 0.8;
          const h = band / count;
          return {
            type: "rect",
            shape: { x: from[0], y: from[1] - band / 2 + h * api.value(3), width: to[0] - from[0], height: h },
            style: api.style(),
          };
        },
      })),
    };
  }, [competition]);
  return (
    <Chart
      option={option}
      testId="window-timeline"
      height={320}
      label={`Service windows of ${competition.name} over a week`}
    />
  );
}

export function CompetitionFacts({ competition: c }: { competition: CompetitionWire }) {
  const guides = [
    c.availability_guide_price !== null ? `availability ${pounds(c.availability_guide_price)}/MW/h` : null,
    c.utilisation_guide_price !== null ? `utilisation ${pounds(c.utilisation_guide_price)}/MWh` : null,
    c.service_fee !== null ? `service fee ${pounds(c.service_fee)}` : null,
  ].filter(Boolean);
  return (
    <Section title="Competition">
      <dl className="facts">
        <dt>Reference</dt>
        <dd>{c.reference}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge ${c.status}`} data-testid="competition-status">
            {statusText(c.status)}
          </span>
        </dd>
        <dt>Type</dt>
        <dd>{c.type}</dd>
        <dt>Need</dt>
        <dd>
          {c.need_type}, {c.need_direction} ({c.power_type}, {c.product_type})
        </dd>
        <dt>Guide prices</dt>
        <dd>{guides.length ? guides.join("; ") : "none given"}</dd>
        <dt>Boundary</dt>
        <dd>{[...c.boundary.area_references, ...c.boundary.postcodes].join(", ") || "—"}</dd>
        <dt>System operator</dt>
        <dd>{c.system_operator}</dd>
      </dl>
      <ul className="timetable" aria-label="Timetable">
        <li>
          <span>Qualification</span> {formatInterval(c.qualification_open, c.qualification_closed)}
        </li>
        <li>
          <span>Bidding</span> {formatInterval(c.open, c.closed)}
        </li>
        <li>
          <span>Delivery</span> {c.service_periods[0]?.start ?? "—"} – {c.service_periods.at(-1)?.end ?? "—"}
        </li>
      </ul>
    </Section>
  );
}

export function ServiceWindows({ competition: c }: { competition: CompetitionWire }) {
  return (
    <Section title="Service periods and windows">
      {c.service_periods.length === 0 ? (
        <p className="empty">No service periods yet.</p>
      ) : (
        <>
          <WindowTimeline competition={c} />
          <ScrollRegion label="Service windows">
            <table>
              <thead>
                <tr>
                  <th>Period</th>
                  <th>Dates</th>
                  <th>Window</th>
                  <th>Time (UK time)</th>
                  <th>Days</th>
                  <th className="num">Capacity required (MW)</th>
                </tr>
              </thead>
              <tbody>
                {c.service_periods.flatMap((p) =>
                  p.service_windows.map((w) => (
                    <tr key={w.id}>
                      <td>{p.name}</td>
                      <td>
                        {p.start} – {p.end}
                      </td>
                      <td>{w.name}</td>
                      <td>
                        {w.start}–{w.end}
                        {hours(w.end) <= hours(w.start) ? " (overnight)" : ""}
                      </td>
                      <td>{w.service_days.map((d) => d.slice(0, 3)).join(" ")}</td>
                      <td className="num">{w.capacity_required}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </Section>
  );
}

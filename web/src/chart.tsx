/**
 * A chart, drawn by ECharts (web/src/echart.tsx) in a chunk of its own that is fetched when a page first shows a
 * chart: the first load carries no ECharts (docs/web.md, "Bytes on the wire"). Until it has arrived the chart's box
 * is already in place, with its size and its label.
 */
import type { EChartsCoreOption } from "echarts/core";
import { lazy, Suspense } from "react";

export type ChartOption = EChartsCoreOption;

export interface ChartProps {
  option: ChartOption;
  /** Read by screen readers (the chart itself is a canvas). */
  label: string;
  height?: number;
  testId?: string;
}

const EChart = lazy(() => import("./echart.js"));

export function Chart(props: ChartProps) {
  const placeholder = (
    <div
      className="chart"
      role="img"
      aria-label={props.label}
      aria-busy="true"
      data-testid={props.testId}
      style={{ height: props.height ?? 320 }}
    />
  );
  return (
    <Suspense fallback={placeholder}>
      <EChart {...props} />
    </Suspense>
  );
}

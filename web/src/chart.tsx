/**
 * A chart, drawn by ECharts (web/src/echart.tsx) in a chunk of its own: the first load carries no ECharts
 * (docs/web.md, "Bytes on the wire"). The chunk is fetched once the page has loaded and the browser is idle, or at
 * once when a chart is shown before that; until it has arrived the chart's box is in place with its size and label.
 */
import type { EChartsCoreOption } from "echarts/core";
import { type ComponentType, useEffect, useState } from "react";

export type ChartOption = EChartsCoreOption;

export interface ChartProps {
  option: ChartOption;
  /** Read by screen readers (the chart itself is a canvas). */
  label: string;
  height?: number;
  testId?: string;
}

let loaded: ComponentType<ChartProps> | undefined;
let loading: Promise<ComponentType<ChartProps>> | undefined;

function loadEChart(): Promise<ComponentType<ChartProps>> {
  loading ??= import("./echart.js").then((m) => {
    loaded = m.default;
    return m.default;
  });
  return loading;
}

// After the first paint, when nothing else is going on: a page's first chart then draws at once.
window.addEventListener("load", () => {
  const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 200));
  idle(() => void loadEChart());
});

export function Chart(props: ChartProps) {
  const [EChart, setEChart] = useState(() => loaded);
  useEffect(() => {
    if (EChart) return;
    let live = true;
    loadEChart().then((component) => live && setEChart(() => component));
    return () => {
      live = false;
    };
  }, [EChart]);
  if (EChart) return <EChart {...props} />;
  return (
    <div
      className="chart"
      role="img"
      aria-label={props.label}
      aria-busy="true"
      data-testid={props.testId}
      style={{ height: props.height ?? 320 }}
    />
  );
}

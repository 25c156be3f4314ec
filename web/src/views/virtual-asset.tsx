/**
 * One virtual battery: projected state of charge and schedule (charts), blocks, and ancillary bids as a calendar of
 * delivery days × products with their status and result. Times come from the server's answers (its clock), so the
 * page shows the same instants as the API.
 */
import { useMemo } from "react";
import type {
  AncillaryBidsWire,
  AncillaryResultsWire,
  BlockWire,
  SocPointWire,
  VirtualAssetWire,
} from "../../../src/sdk/index.js";
import { get, query } from "../api.js";
import { Chart, type ChartOption } from "../chart.js";
import {
  batteryName,
  eur,
  isEnergyMarket,
  kw,
  kwh,
  marketName,
  marketPriceUnit,
  percent,
  zoneName,
} from "../labels.js";
import { formatClock, formatDate, formatInstant, zoneOf } from "../time.js";
import { Empty, Loaded, ScrollRegion, Section, useLoad } from "../ui.js";
import { OptimizePanel } from "./optimize-panel.js";

interface Page {
  base: string;
  asset: VirtualAssetWire;
  soc: SocPointWire[];
  blocks: BlockWire[];
  bids: AncillaryBidsWire[];
  results: AncillaryResultsWire[];
}

const DAY = 86_400_000;

async function loadPage(organisationId: string, id: string): Promise<Page> {
  const base = `/organisations/${encodeURIComponent(organisationId)}/virtual-assets/${encodeURIComponent(id)}`;
  const [asset, around] = await Promise.all([
    get<VirtualAssetWire>(base),
    get<{ stateOfChargePercentageTimeseries: SocPointWire[] }>(`${base}/state-of-charge/projected`),
  ]);
  // The server's default window starts a day before its now; the chart shows from there to nine days on (as far
  // as an optimized plan reaches), within the asset's lifetime.
  const from = around.stateOfChargePercentageTimeseries[0]?.time ?? asset.start;
  const until = Math.min(Date.parse(asset.end), Math.floor(Date.parse(from) / DAY) * DAY + 10 * DAY);
  const soc =
    until > Date.parse(from)
      ? (
          await get<{ stateOfChargePercentageTimeseries: SocPointWire[] }>(
            `${base}/state-of-charge/projected${query({ start: from, end: new Date(until).toISOString().replace(".000Z", "Z") })}`,
          )
        ).stateOfChargePercentageTimeseries
      : around.stateOfChargePercentageTimeseries;
  // Ancillary bids from the day before the server's now to a week after.
  const first = soc[0] ? Date.parse(soc[0].time) : Date.parse(asset.start);
  const range = {
    start: new Date(Math.floor(first / DAY) * DAY - DAY).toISOString().replace(".000Z", "Z"),
    end: new Date(Math.floor(first / DAY) * DAY + 9 * DAY).toISOString().replace(".000Z", "Z"),
  };
  const [blocks, bids, results] = await Promise.all([
    Promise.all(asset.blockIDs.map((b) => get<BlockWire>(`${base}/blocks/${encodeURIComponent(b)}`))),
    get<AncillaryBidsWire[]>(`${base}/ancillary/bids${query(range)}`),
    get<AncillaryResultsWire[]>(`${base}/ancillary/results${query(range)}`),
  ]);
  return { base, asset, soc, blocks, bids, results };
}

function socOption(soc: readonly SocPointWire[], blocks: readonly BlockWire[]): ChartOption {
  const times = new Set(soc.map((p) => p.time));
  const power = new Map<string, number>();
  for (const block of blocks) {
    for (const slot of block.schedule) {
      if (times.has(slot.time)) power.set(slot.time, (power.get(slot.time) ?? 0) + slot.power);
    }
  }
  // Times on the axis in Berlin time (the German markets' zone), said in the axis name; labels far enough apart
  // not to collide on a phone.
  const label = (ms: number) => {
    const clock = formatClock(ms, "berlin");
    return clock === "00:00" ? formatDate(ms, "berlin").replace(/ \d{4}$/, "") : clock;
  };
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: [
      { left: 56, right: 24, top: 56, height: "40%" },
      { left: 56, right: 24, top: "66%", bottom: 78 },
    ],
    xAxis: [
      { type: "time", gridIndex: 0, axisLabel: { show: false } },
      {
        type: "time",
        gridIndex: 1,
        name: zoneOf("berlin").label,
        nameLocation: "middle",
        nameGap: 26,
        axisLabel: { formatter: label, hideOverlap: true },
        splitNumber: 4,
      },
    ],
    yAxis: [
      { type: "value", gridIndex: 0, min: 0, max: 100, name: "SoC %", nameGap: 10 },
      { type: "value", gridIndex: 1, name: "kW (+ discharge)", nameGap: 10 },
    ],
    dataZoom: [{ type: "slider", xAxisIndex: [0, 1], bottom: 8, height: 18 }],
    series: [
      {
        name: "Projected state of charge",
        type: "line",
        color: "#2563eb",
        areaStyle: { opacity: 0.08 },
        showSymbol: false,
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: soc.map((p) => [p.time, p.soc]),
      },
      {
        name: "Lower bound",
        type: "line",
        showSymbol: false,
        color: "#9ca3af",
        lineStyle: { type: "dashed", width: 1 },
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: soc.map((p) => [p.time, p.boundaries.lower]),
      },
      {
        name: "Upper bound",
        type: "line",
        showSymbol: false,
        color: "#6b7280",
        lineStyle: { type: "dashed", width: 1 },
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: soc.map((p) => [p.time, p.boundaries.upper]),
      },
      {
        name: "Schedule",
        type: "bar",
        color: "#d97706",
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: soc.map((p) => [p.time, power.get(p.time) ?? 0]),
      },
    ],
  };
}

type Cell = { status: string; result?: string; title: string };

function calendar(bids: readonly AncillaryBidsWire[], results: readonly AncillaryResultsWire[]) {
  const outcome = new Map<string, AncillaryResultsWire["results"][number]>();
  for (const r of results) for (const x of r.results) outcome.set(x.bidID, x);
  const days = [...new Set(bids.map((b) => b.deliveryDay))].sort();
  // Capacity products (FCR, aFRR capacity) as columns; aFRR energy products are summarised per day.
  const products = [
    ...new Set(bids.filter((b) => !isEnergyMarket(b.market)).map((b) => `${marketName(b.market)} ${b.product}`)),
  ].sort();
  const cells = new Map<string, Cell>();
  const energy = new Map<string, number>();
  for (const p of bids) {
    if (isEnergyMarket(p.market)) {
      energy.set(p.deliveryDay, (energy.get(p.deliveryDay) ?? 0) + p.bids.length);
      continue;
    }
    const bid = p.bids[0];
    if (!bid) continue;
    const r = outcome.get(bid.bidID);
    const price = bid.capacityPrice === null ? "" : ` at ${eur(bid.capacityPrice, marketPriceUnit(p.market))}`;
    cells.set(`${p.deliveryDay}|${marketName(p.market)} ${p.product}`, {
      status: bid.status,
      ...(r ? { result: r.accepted ? `accepted ${kw(r.acceptedCapacity)}` : "rejected" } : {}),
      title: `${kw(bid.offeredCapacity)}${price}${bid.energyPrice === null ? "" : `, energy ${eur(bid.energyPrice, "MWh")}`}`,
    });
  }
  return { days, products, cells, energy };
}

export function VirtualAsset({ organisationId, id }: { organisationId: string; id: string }) {
  const [load, reload] = useLoad(() => loadPage(organisationId, id), [organisationId, id]);
  return (
    <Loaded load={load} what="the virtual asset" retry={reload}>
      {(page) => <AssetPage page={page} reload={reload} />}
    </Loaded>
  );
}

/** The first delivery day that still takes FCR bids (gate D-1 07:30 Berlin): the day after tomorrow, by this browser's clock. */
function firstBiddableDay(): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 2);
  return d.toISOString().slice(0, 10);
}

function AssetPage({ page, reload }: { page: Page; reload: () => void }) {
  const option = useMemo(() => socOption(page.soc, page.blocks), [page.soc, page.blocks]);
  const cal = useMemo(() => calendar(page.bids, page.results), [page.bids, page.results]);
  const a = page.asset;
  return (
    <>
      <h1>{batteryName(a)}</h1>
      <p className="hint">
        Virtual asset <code>{a.id}</code>; times on this page are {zoneOf("berlin").label}.
      </p>
      <Section title="Imbalance">
        <p data-testid="feedback">{a.feedback}</p>
        <dl className="facts">
          <dt>End state of charge</dt>
          <dd>{percent(a.endStateOfChargePercentage)}</dd>
          <dt>Still to charge / discharge</dt>
          <dd>
            {kwh(a.imbalanceCharge)} / {kwh(a.imbalanceDischarge)}
          </dd>
          <dt>Usable energy</dt>
          <dd>
            {kwh(a.availableEnergyCapacity)} of {kwh(a.energyCapacity)}
          </dd>
          <dt>Power</dt>
          <dd>
            charge {kw(a.ratedChargePower)}, discharge {kw(a.ratedDischargePower)}
          </dd>
          <dt>Delivery zone (control area)</dt>
          <dd>{zoneName(a.deliveryZone)}</dd>
          <dt>EIC code</dt>
          <dd>{a.eicCode === "" ? "—" : a.eicCode}</dd>
        </dl>
      </Section>
      <Section title="Projected state of charge and schedule">
        {page.soc.length === 0 ? (
          <Empty>No projection in this interval.</Empty>
        ) : (
          <Chart
            option={option}
            height={440}
            testId="soc-chart"
            label={`Projected state of charge of ${batteryName(a)} from ${formatInstant(page.soc[0]!.time, "berlin")} to ${formatInstant(page.soc.at(-1)!.time, "berlin")}`}
          />
        )}
      </Section>
      <Section title="Optimize">
        <OptimizePanel base={page.base} defaultDay={firstBiddableDay()} onSubmitted={reload} />
      </Section>
      <Section title="Blocks">
        {page.blocks.length === 0 ? (
          <Empty>No blocks.</Empty>
        ) : (
          <ScrollRegion label="Blocks">
            <table>
              <thead>
                <tr>
                  <th>Block</th>
                  <th>Market</th>
                  <th>From</th>
                  <th>To</th>
                  <th className="num">Charge / discharge</th>
                  <th className="num">Scheduled slots (shown)</th>
                </tr>
              </thead>
              <tbody>
                {page.blocks.map((b) => (
                  <tr key={b.id}>
                    <td>{b.id.slice(0, 8)}</td>
                    <td>{a.blockMetadata.find((m) => m.id === b.id)?.market ?? ""}</td>
                    <td>{formatInstant(b.start, "berlin")}</td>
                    <td>{formatInstant(b.end, "berlin")}</td>
                    <td className="num">
                      {kw(b.ratedChargePower)} / {kw(b.ratedDischargePower)}
                    </td>
                    <td className="num">{b.schedule.filter((s) => s.power !== 0).length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </Section>
      <Section title="Ancillary bids">
        {cal.days.length === 0 ? (
          <Empty>No FCR or aFRR bids around now.</Empty>
        ) : (
          <ScrollRegion label="Ancillary bids by delivery day">
            <table className="calendar" data-testid="ancillary-calendar">
              <thead>
                <tr>
                  <th>Delivery day (Berlin)</th>
                  {cal.products.map((p) => (
                    <th key={p}>{p}</th>
                  ))}
                  <th>aFRR energy bids</th>
                </tr>
              </thead>
              <tbody>
                {cal.days.map((day) => (
                  <tr key={day}>
                    <th scope="row">{day}</th>
                    {cal.products.map((p) => {
                      const cell = cal.cells.get(`${day}|${p}`);
                      return (
                        <td key={p} title={cell?.title}>
                          {cell ? (
                            <>
                              <span className={`badge ${cell.status}`}>{cell.status}</span>
                              {cell.result ? <div className="result">{cell.result}</div> : null}
                              <small>{cell.title}</small>
                            </>
                          ) : (
                            "—"
                          )}
                        </td>
                      );
                    })}
                    <td className="num">{cal.energy.get(day) ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </Section>
    </>
  );
}

/**
 * TSO sandbox auctions of a delivery day (`GET /tso/v1/auctions?deliveryDay=`, system operators): the merit order
 * of the chosen auction as a supply curve (cumulative offered MW against price) with the demand and the clearing
 * price, and every auction of the day in a table. The page asks the OpenAPI document first, so a server without
 * the sandbox says so instead of failing.
 */
import { useMemo, useState } from "react";
import type { TsoAuctionWire } from "../../../src/sdk/index.js";
import { get } from "../api.js";
import { Chart, type ChartOption } from "../chart.js";
import { eur, isEnergyMarket, marketName, marketPriceUnit, marketRank } from "../labels.js";
import { formatInterval } from "../time.js";
import { Empty, Loaded, ScrollRegion, Section, useLoad } from "../ui.js";

type AuctionWire = TsoAuctionWire;

const AUCTIONS = "/tso/v1/auctions";

type Result = { available: false } | { available: true; auctions: AuctionWire[] };

async function loadAuctions(day: string): Promise<Result> {
  const spec = await get<{ paths?: Record<string, unknown> }>("/openapi.json");
  if (!spec.paths?.[AUCTIONS]) return { available: false };
  return { available: true, auctions: await get<AuctionWire[]>(`${AUCTIONS}?deliveryDay=${encodeURIComponent(day)}`) };
}

/** Today in Europe/Berlin (the TSO markets' days), as `YYYY-MM-DD`. */
function berlinToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
}

function meritOrderOption(a: AuctionWire): ChartOption {
  const accepted: [number, number][] = [];
  const rejected: [number, number][] = [];
  const provider: [number, number][] = [];
  let total = 0;
  for (const bid of [...a.meritOrder].sort((x, y) => x.rank - y.rank)) {
    const from = total;
    const split = from + bid.acceptedCapacity / 1000; // a marginal bid may be accepted in part
    total += bid.offeredCapacity / 1000;
    if (split > from) accepted.push([from, bid.price], [split, bid.price]);
    if (total > split) rejected.push([split, bid.price], [total, bid.price]);
    if (bid.source === "provider") provider.push([(from + total) / 2, bid.price]);
  }
  // aFRR energy clears the activated volume (the table shows the demand beside it); capacity markets the demand.
  const energy = isEnergyMarket(a.market);
  const demandMw = (energy ? a.activatedVolume : a.demand) / 1000;
  const unit = `EUR/${marketPriceUnit(a.market)}`;
  return {
    animation: false,
    tooltip: { trigger: "item" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 64, right: 24, top: 48, bottom: 50 },
    xAxis: { type: "value", name: "cumulative offered MW", nameLocation: "middle", nameGap: 30 },
    yAxis: { type: "value", name: unit, scale: true },
    series: [
      {
        name: "Accepted",
        type: "line",
        showSymbol: false,
        color: "#059669",
        data: accepted,
        markLine: {
          symbol: "none",
          lineStyle: { type: "dashed" },
          data: [
            {
              xAxis: demandMw,
              label: { formatter: `${energy ? "activated" : "demand"} ${demandMw} MW`, position: "insideEndTop" },
              lineStyle: { color: "#6b7280" },
            },
            ...(a.clearingPrice === null
              ? []
              : [
                  {
                    yAxis: a.clearingPrice,
                    label: { formatter: `clearing ${a.clearingPrice} ${unit}`, position: "insideEndTop" },
                    lineStyle: { color: "#d97706" },
                  },
                ]),
          ],
        },
      },
      { name: "Not accepted", type: "line", showSymbol: false, color: "#9ca3af", data: rejected },
      { name: "Provider bids", type: "scatter", color: "#2563eb", symbolSize: 10, data: provider },
    ],
  };
}

export function AncillaryAuctions() {
  const [day, setDay] = useState(berlinToday);
  const [load, reload] = useLoad(() => loadAuctions(day), [day]);
  return (
    <>
      <h1>TSO sandbox auctions</h1>
      <Section
        title="Merit order and clearing price"
        actions={
          <label className="inline">
            Delivery day
            <input type="date" value={day} onChange={(e) => e.target.value && setDay(e.target.value)} />
          </label>
        }
      >
        <Loaded load={load} what="auctions" retry={reload}>
          {(result) =>
            !result.available ? (
              <Empty>This server runs no TSO sandbox (GET /tso/v1/auctions is not in its API).</Empty>
            ) : result.auctions.length === 0 ? (
              <Empty>No auction of {day} has cleared yet.</Empty>
            ) : (
              <AuctionsOfDay auctions={result.auctions} />
            )
          }
        </Loaded>
      </Section>
    </>
  );
}

function AuctionsOfDay({ auctions }: { auctions: AuctionWire[] }) {
  const sorted = useMemo(
    () => [...auctions].sort((a, b) => marketRank(a.market) - marketRank(b.market) || a.start.localeCompare(b.start)),
    [auctions],
  );
  const markets = [...new Set(sorted.map((a) => a.market))];
  const [market, setMarket] = useState<string>(markets[0]!);
  const shown = sorted.filter((a) => a.market === market);
  const [chosen, setChosen] = useState(sorted[0]!.productDateCode);
  const auction = shown.find((a) => a.productDateCode === chosen) ?? shown[0] ?? sorted[0]!;
  const option = useMemo(() => meritOrderOption(auction), [auction]);
  return (
    <>
      <label className="inline">
        Market
        <select value={market} onChange={(e) => setMarket(e.target.value)}>
          {markets.map((m) => (
            <option key={m} value={m}>
              {marketName(m)} ({sorted.filter((a) => a.market === m).length})
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        Auction
        <select value={auction.productDateCode} onChange={(e) => setChosen(e.target.value)}>
          {shown.map((a) => (
            <option key={a.productDateCode} value={a.productDateCode}>
              {marketName(a.market)} {a.product}
            </option>
          ))}
        </select>
      </label>
      <Chart
        option={option}
        height={340}
        testId="merit-order"
        label={`Merit order of ${auction.market} ${auction.product} on ${auction.deliveryDay}: clearing price ${auction.clearingPrice ?? "none"} EUR`}
      />
      <ScrollRegion label="Auctions of the day">
        <table>
          <thead>
            <tr>
              <th>Auction</th>
              <th>Delivery (Berlin time)</th>
              <th>Mechanism</th>
              <th className="num">Demand (MW)</th>
              {isEnergyMarket(market) ? <th className="num">Activated (MW)</th> : null}
              <th className="num">Accepted (MW)</th>
              <th className="num">Clearing price</th>
              <th className="num">Bids (provider / synthetic)</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <tr key={a.productDateCode} aria-selected={a.productDateCode === auction.productDateCode}>
                <td>
                  <button type="button" className="link" onClick={() => setChosen(a.productDateCode)}>
                    {marketName(a.market)} {a.product}
                  </button>
                </td>
                <td>{formatInterval(a.start, a.end, "berlin")}</td>
                <td>{a.mechanism.replace(/-/g, " ")}</td>
                <td className="num">{a.demand / 1000}</td>
                {isEnergyMarket(market) ? <td className="num">{a.activatedVolume / 1000}</td> : null}
                <td className="num">{a.acceptedVolume / 1000}</td>
                <td className="num">{eur(a.clearingPrice, marketPriceUnit(a.market))}</td>
                <td className="num">
                  {a.providerBids} / {a.syntheticBids}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}

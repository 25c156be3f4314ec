/**
 * System operator: one competition. Publish / qualify a draft; after bidding closes, the bids of every window
 * ranked against the guide price (chart and table), accept or reject each with a reason, and publish the results.
 */
import { type FormEvent, useMemo, useState } from "react";
import type { CompetitionWire, RankedBidWire, WindowBidsWire } from "../../../src/sdk/index.js";
import { get, post } from "../api.js";
import { Chart, type ChartOption } from "../chart.js";
import { pounds, rateName, rateUnit, statusText } from "../labels.js";
import { formatInstant } from "../time.js";
import { ConfirmButton, Empty, ErrorBox, Loaded, ScrollRegion, Section, useAction, useLoad } from "../ui.js";
import { CompetitionFacts, ServiceWindows } from "./competition-parts.js";
import { SandboxStatus } from "./sandbox-status.js";

const SEALED = new Set(["draft", "upcoming", "qualification", "pending_open", "open"]);

interface Page {
  competition: CompetitionWire;
  windows: WindowBidsWire[];
}

async function loadPage(id: string): Promise<Page> {
  const path = encodeURIComponent(id);
  const competition = await get<CompetitionWire>(`/so/v1/competitions/${path}/`);
  // Bids are sealed until bidding closes (the server answers competition_not_closed before).
  const windows = SEALED.has(competition.status)
    ? []
    : await get<WindowBidsWire[]>(`/so/v1/competitions/${path}/bids/`);
  return { competition, windows };
}

export function OperatorCompetition({ id }: { id: string }) {
  const [load, reload] = useLoad(() => loadPage(id), [id]);
  return (
    <Loaded load={load} what="the competition" retry={reload}>
      {(page) => <CompetitionPage page={page} reload={reload} />}
    </Loaded>
  );
}

function CompetitionPage({ page, reload }: { page: Page; reload: () => void }) {
  const c = page.competition;
  const act = useAction(async (path: string) => {
    await post(path);
    reload();
  });
  const base = `/so/v1/competitions/${encodeURIComponent(c.id)}`;
  const bidCount = page.windows.reduce((n, w) => n + w.bids.length, 0);
  const undecided = page.windows.reduce((n, w) => n + w.bids.filter((b) => b.decision === null).length, 0);
  const title = SEALED.has(c.status) ? "Bids" : `Bids (${bidCount})`;
  return (
    <>
      <h1>{c.name}</h1>
      <div className="actions">
        {c.status === "draft" ? (
          <button type="button" onClick={() => void act.run(`${base}/publish/`)} disabled={act.pending}>
            Publish competition
          </button>
        ) : null}
        {["upcoming", "qualification", "pending_open", "open"].includes(c.status) ? (
          <button type="button" onClick={() => void act.run(`${base}/qualify/`)} disabled={act.pending}>
            Run qualification
          </button>
        ) : null}
        {c.status === "closed" ? (
          <ConfirmButton
            label="Publish results"
            disabled={act.pending}
            onConfirm={() => void act.run(`${base}/results/`)}
            consequence={
              <>
                Publishing cannot be undone: providers see every decision at once, accepted bids become obligations, and{" "}
                {undecided === 0
                  ? "no bid is left undecided"
                  : `${undecided} undecided bid${undecided === 1 ? " is" : "s are"} rejected as not selected`}
                .
              </>
            }
          />
        ) : null}
      </div>
      {act.error ? <ErrorBox error={act.error} /> : null}
      {c.status === "draft" || c.status === "results_published" ? null : <SandboxStatus onChanged={reload} />}
      <CompetitionFacts competition={c} />
      <ServiceWindows competition={c} />
      <Section title={title} id="bids">
        {c.status === "draft" ? (
          <Empty>Publish the competition so providers can qualify and bid.</Empty>
        ) : SEALED.has(c.status) ? (
          <Empty>Bids are sealed until bidding closes ({formatInstant(c.closed)}).</Empty>
        ) : page.windows.every((w) => w.bids.length === 0) ? (
          <Empty>No bids were submitted.</Empty>
        ) : (
          page.windows.map((w) => (
            <WindowBids key={w.service_window_id} competition={c} window={w} onDecided={reload} />
          ))
        )}
      </Section>
    </>
  );
}

/** The price a bid is ranked by: the first rate (availability before utilisation, as the server ranks). */
const mainRate = (bid: RankedBidWire) => bid.rates[0];

export function rankingOption(w: WindowBidsWire): ChartOption {
  const guide = w.bids[0] ? mainRate(w.bids[0])?.guide_price : null;
  const type = w.bids[0] ? (mainRate(w.bids[0])?.type ?? "") : "";
  const prices = w.bids.map((b) => Number(mainRate(b)?.value ?? 0));
  // The axis always reaches the guide price, so its line is drawn even when every bid is below it.
  const top = Math.max(0, ...prices, guide ? Number(guide) : 0);
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    grid: { left: 70, right: 30, top: 36, bottom: 50 },
    xAxis: {
      type: "category",
      name: "rank",
      nameLocation: "middle",
      nameGap: 30,
      data: w.bids.map((b) => `#${b.rank} ${b.provider_name}`),
    },
    yAxis: { type: "value", name: `${rateName(type)} (${rateUnit(type)})`, max: Math.ceil(top * 1.15) || 1 },
    series: [
      {
        name: "Price",
        type: "bar",
        barMaxWidth: 56,
        data: w.bids.map((b) => ({
          value: Number(mainRate(b)?.value ?? 0),
          itemStyle: {
            color:
              b.decision?.status === "accepted" ? "#059669" : b.decision?.status === "rejected" ? "#dc2626" : "#2563eb",
          },
        })),
        ...(guide
          ? {
              markLine: {
                symbol: "none",
                label: { formatter: `guide ${pounds(guide)}`, position: "insideEndTop" },
                lineStyle: { color: "#d97706", type: "dashed" },
                data: [{ yAxis: Number(guide) }],
              },
            }
          : {}),
      },
    ],
  };
}

function WindowBids(props: { competition: CompetitionWire; window: WindowBidsWire; onDecided: () => void }) {
  const w = props.window;
  const option = useMemo(() => rankingOption(w), [w]);
  if (w.bids.length === 0) {
    return (
      <div className="window-bids">
        <h3>{w.service_window_name}</h3>
        <Empty>No bids in this window.</Empty>
      </div>
    );
  }
  return (
    <div className="window-bids" data-testid={`window-${w.service_window_id}`}>
      <h3>
        {w.service_window_name}: needs {w.capacity_required} MW, accepted {w.accepted_capacity} MW
      </h3>
      <Chart
        option={option}
        height={240}
        label={`Bids in ${w.service_window_name} ranked by price against the guide price`}
      />
      <ScrollRegion label={`Bids in ${w.service_window_name}`}>
        <table className="ranked">
          <thead>
            <tr>
              <th>Rank</th>
              <th>Provider</th>
              <th className="num">Capacity (MW)</th>
              <th>Rates vs guide</th>
              <th>Decision</th>
              {props.competition.status === "closed" ? <th>Decide</th> : null}
            </tr>
          </thead>
          <tbody>
            {w.bids.map((b) => (
              <tr key={b.bid_id} data-bid={b.bid_id}>
                <td>{b.rank}</td>
                <td>{b.provider_name}</td>
                <td className="num">{b.capacity}</td>
                <td>
                  {b.rates.map((r) => (
                    <div key={r.type}>
                      {rateName(r.type)} {pounds(r.value)}
                      {r.guide_price !== null
                        ? ` (guide ${pounds(r.guide_price)}, ${r.difference?.startsWith("-") ? "" : "+"}${r.difference})`
                        : ""}
                    </div>
                  ))}
                </td>
                <td>
                  {b.decision ? (
                    <>
                      <span className={`badge ${b.decision.status}`}>{statusText(b.decision.status)}</span>
                      {b.decision.accepted_capacity ? ` ${b.decision.accepted_capacity} MW` : ""}
                      {b.decision.reason ? <div className="reason">{b.decision.reason}</div> : null}
                    </>
                  ) : (
                    "undecided"
                  )}
                </td>
                {props.competition.status === "closed" ? (
                  <td>
                    <DecisionForm bid={b} onDecided={props.onDecided} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}

function DecisionForm({ bid, onDecided }: { bid: RankedBidWire; onDecided: () => void }) {
  const [status, setStatus] = useState<"accepted" | "rejected">("accepted");
  const [capacity, setCapacity] = useState("");
  const [reason, setReason] = useState("");
  const decide = useAction(async () => {
    const body: Record<string, string> = { decision: status };
    if (status === "accepted" && capacity.trim() !== "") body.accepted_capacity = capacity.trim();
    if (reason.trim() !== "") body.reason = reason.trim();
    await post(`/so/v1/bids/${encodeURIComponent(bid.bid_id)}/decision/`, body);
    onDecided();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void decide.run();
  };
  return (
    <form onSubmit={submit} className="decision" aria-label={`Decide bid ${bid.bid_id}`}>
      <select aria-label="Decision" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
        <option value="accepted">Accept</option>
        <option value="rejected">Reject</option>
      </select>
      {status === "accepted" ? (
        <input
          aria-label="Accepted capacity (MW)"
          placeholder={`all ${bid.capacity}`}
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
          size={8}
        />
      ) : null}
      <input aria-label="Reason" placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" disabled={decide.pending}>
        Save
      </button>
      {decide.error ? <ErrorBox error={decide.error} /> : null}
    </form>
  );
}

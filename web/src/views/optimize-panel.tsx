/**
 * "Optimize": asks the server's optimizer (`POST …/optimize`) for a plan over whole delivery days from editable
 * price forecasts, shows it (revenue, SoC trajectory, bids, schedule) before anything is placed. "Submit plan" first
 * lists what happens to the bids the asset already holds (kept, replaced, added: the answer's `actions`) and to the
 * schedule, then places it in the answer's order (`submitSteps`): FCR bids and aFRR bids in two requests, then the
 * schedule on the WHOLESALE block. Each step's answer is shown, errors with the server's message.
 */
import { type FormEvent, useMemo, useState } from "react";
import { ApiError, post, put } from "../api.js";
import { Chart, type ChartOption } from "../chart.js";
import { familyName } from "../labels.js";
import { ErrorBox, useAction } from "../ui.js";
import { DEFAULT_PRICES, describeAction, optimizeRequest, type Plan, submitSteps } from "./optimize-plan.js";

function planOption(plan: Plan): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 60, right: 60, top: 40, bottom: 40 },
    xAxis: { type: "time" },
    yAxis: [
      { type: "value", name: "SoC %", min: 0, max: 100 },
      { type: "value", name: "kW (+ discharge)" },
    ],
    series: [
      {
        name: "Planned state of charge",
        type: "line",
        showSymbol: false,
        color: "#2563eb",
        data: plan.stateOfCharge.map((p) => [p.time, p.soc]),
      },
      {
        name: "Planned schedule",
        type: "bar",
        yAxisIndex: 1,
        color: "#d97706",
        data: plan.schedule.map((s) => [s.time, s.power]),
      },
    ],
  };
}

export function OptimizePanel(props: { base: string; defaultDay: string; onSubmitted: () => void }) {
  const [day, setDay] = useState(props.defaultDay);
  const [days, setDays] = useState(1);
  const [prices, setPrices] = useState(DEFAULT_PRICES);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [steps, setSteps] = useState<{ what: string; ok: boolean; message: string }[]>([]);

  const body = useMemo(() => optimizeRequest(day, days, prices), [day, days, prices]);
  const [confirming, setConfirming] = useState(false);

  const optimize = useAction(async () => {
    setSteps([]);
    setPlan(null);
    setConfirming(false);
    setPlan(await post<Plan>(`${props.base}/optimize`, body));
  });

  const submit = useAction(async (p: Plan) => {
    const done: { what: string; ok: boolean; message: string }[] = [];
    const step = async (what: string, run: () => Promise<unknown>) => {
      try {
        await run();
        done.push({ what, ok: true, message: "placed" });
      } catch (error) {
        const e = error instanceof ApiError ? error : new ApiError(0, "client_error", String(error));
        done.push({ what, ok: false, message: `${e.code}: ${e.message}` });
      }
      setSteps([...done]);
    };
    // the answer's order: FCR, aFRR, then the schedule (each request is planned to be accepted after the one before)
    for (const s of submitSteps(p)) {
      await step(s.what, () =>
        s.method === "POST" ? post(props.base + s.path, s.body) : put(props.base + s.path, s.body),
      );
    }
    setConfirming(false);
    props.onSubmitted();
  });

  const onOptimize = (event: FormEvent) => {
    event.preventDefault();
    void optimize.run();
  };
  const field = (key: keyof typeof DEFAULT_PRICES, label: string) => (
    <label>
      {label}
      <input value={prices[key]} onChange={(e) => setPrices({ ...prices, [key]: e.target.value })} />
    </label>
  );
  const option = useMemo(() => (plan ? planOption(plan) : null), [plan]);
  const products = plan
    ? [
        ...plan.bids.fcr.map((b) => [familyName("FCR"), b] as const),
        ...plan.bids.afrr.map((b) => [familyName("AFRRCapacity"), b] as const),
      ]
    : [];

  return (
    <>
      <form onSubmit={onOptimize} aria-label="Optimize">
        <div className="grid">
          <label>
            First delivery day (Berlin)
            <input type="date" value={day} onChange={(e) => setDay(e.target.value)} required />
          </label>
          <label>
            Days
            <input
              type="number"
              min={1}
              max={7}
              value={days}
              onChange={(e) => setDays(Math.max(1, Math.min(7, Number(e.target.value) || 1)))}
            />
          </label>
          {field("fcr", "FCR forecast, EUR/MW per 4-h block (6)")}
          {field("afrrCapacityPos", "aFRR POS capacity, EUR/MW/h (6)")}
          {field("afrrCapacityNeg", "aFRR NEG capacity, EUR/MW/h (6)")}
          {field("afrrEnergyPos", "aFRR POS energy, EUR/MWh (6)")}
          {field("afrrEnergyNeg", "aFRR NEG energy, EUR/MWh (6)")}
        </div>
        <p className="hint">
          Wholesale forecast: a typical day shape ({body.prices.wholesale.length} quarter-hours). Nothing is placed
          until you submit the plan.
        </p>
        <button type="submit" disabled={optimize.pending}>
          {optimize.pending ? "Optimizing…" : "Optimize"}
        </button>
      </form>
      {optimize.error ? <ErrorBox error={optimize.error} /> : null}
      {plan && option ? (
        <div className="plan" data-testid="plan">
          <h3>
            Plan: {plan.status} ({plan.solver}
            {plan.mipGap !== null ? `, gap ${(plan.mipGap * 100).toFixed(2)} %` : ""}, {Math.round(plan.solveTimeMs)}{" "}
            ms)
          </h3>
          {plan.fallbackReason ? <p className="hint">{plan.fallbackReason}</p> : null}
          <table>
            <thead>
              <tr>
                {Object.keys(plan.expectedRevenue).map((k) => (
                  <th key={k} className="num">
                    {k} (EUR)
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {Object.entries(plan.expectedRevenue).map(([k, v]) => (
                  <td key={k} className="num">
                    {v.toFixed(2)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <Chart option={option} height={300} testId="plan-chart" label="Planned state of charge and schedule" />
          {products.length === 0 ? (
            <p className="empty">The plan places no FCR or aFRR bids.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Market</th>
                  <th>Product</th>
                  <th>Delivery day</th>
                  <th className="num">Offered (kW)</th>
                  <th className="num">Capacity price</th>
                  <th className="num">Energy price</th>
                </tr>
              </thead>
              <tbody>
                {products.map(([market, p]) => (
                  <tr key={`${market}-${p.deliveryDay}-${p.product}`}>
                    <td>{market}</td>
                    <td>{p.product}</td>
                    <td>{p.deliveryDay}</td>
                    <td className="num">{p.bids[0]?.offeredCapacity}</td>
                    <td className="num">{p.bids[0]?.capacityPrice}</td>
                    <td className="num">{p.bids[0]?.energyPrice ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {plan.slacks.length > 0 ? <p className="hint">{plan.slacks.length} limits the plan cannot meet.</p> : null}
          {confirming ? (
            <div data-testid="plan-confirm">
              <p>Submitting this plan will:</p>
              <ul className="plain">
                {plan.actions.map((a) => (
                  <li key={`${a.deliveryDay}-${a.product}`}>{describeAction(a)}</li>
                ))}
                <li>
                  {plan.scheduleAction === "replace"
                    ? "Replace the wholesale schedule of the planned days"
                    : `Keep the wholesale schedule (${plan.scheduleRefused?.message ?? "the plan's is not accepted"})`}
                </li>
              </ul>
              <button type="button" onClick={() => void submit.run(plan)} disabled={submit.pending}>
                {submit.pending ? "Submitting…" : "Confirm and submit"}
              </button>{" "}
              <button type="button" onClick={() => setConfirming(false)} disabled={submit.pending}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              Submit plan
            </button>
          )}
          {submit.error ? <ErrorBox error={submit.error} /> : null}
          {steps.length > 0 ? (
            <ul className="plain" data-testid="plan-steps">
              {steps.map((s) => (
                <li key={s.what} className={s.ok ? "success" : "error"} role={s.ok ? "status" : "alert"}>
                  {s.what}: {s.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

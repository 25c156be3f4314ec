/**
 * The ballot editor: one row per service window, the ballot's assets, and the server's ballot rules checked as you
 * type (ballot-check.ts runs `validateBallot` from src/domain/marketplace). Submitting posts the same body; a
 * server rejection is shown with its message and field.
 */
import { type FormEvent, useMemo, useState } from "react";
import type { CompetitionWire, QualificationWire, StoredBallotWire } from "../../../src/sdk/index.js";
import { post } from "../api.js";
import { checkBallot, existingAssetSet, rateTypesOf } from "../ballot-check.js";
import { ErrorBox, ScrollRegion, useAction } from "../ui.js";

interface Row {
  include: boolean;
  capacity: string;
  maxRuntime: string;
  rates: Record<string, string>;
}

const RATE_LABELS: Record<string, string> = {
  availability: "Availability £/MW/h",
  utilisation: "Utilisation £/MWh",
  service_fee: "Service fee £",
};

function guideOf(c: CompetitionWire, type: string): string {
  const value =
    type === "availability"
      ? c.availability_guide_price
      : type === "utilisation"
        ? c.utilisation_guide_price
        : c.service_fee;
  return value ?? "";
}

function initialRows(c: CompetitionWire, ballots: readonly StoredBallotWire[]): Record<string, Row> {
  const active = ballots.find((b) => b.status === "active");
  const rows: Record<string, Row> = {};
  let first = true;
  for (const p of c.service_periods) {
    for (const w of p.service_windows) {
      const bid = active?.bids.find((b) => b.service_window_id === w.id);
      rows[w.id] = bid
        ? {
            include: true,
            capacity: bid.capacity,
            maxRuntime: bid.max_runtime,
            rates: Object.fromEntries(bid.rates.map((r) => [r.type, r.value])),
          }
        : {
            include: active === undefined && first,
            capacity: "1.000",
            maxRuntime: "02:00:00",
            rates: Object.fromEntries(rateTypesOf(c.type).map((t) => [t, guideOf(c, t)])),
          };
      first = false;
    }
  }
  return rows;
}

export function BallotEditor(props: {
  competition: CompetitionWire;
  qualifications: readonly QualificationWire[];
  ballots: readonly StoredBallotWire[];
  assetNames?: ReadonlyMap<string, string>;
  onSubmitted: (ballot: StoredBallotWire) => void;
}) {
  const c = props.competition;
  const qualified = props.qualifications.filter((q) => q.qualified && q.status === "Entered");
  const earlier = existingAssetSet(props.ballots);
  const [rows, setRows] = useState(() => initialRows(c, props.ballots));
  const [assets, setAssets] = useState<Set<string>>(
    () =>
      new Set(
        earlier
          ? [...earlier.flex.map((id) => `flex:${id}`), ...earlier.planned.map((id) => `planned:${id}`)]
          : qualified.map((q) => `${q.asset_kind}:${q.asset_id}`),
      ),
  );
  const windows = c.service_periods.flatMap((p) => p.service_windows.map((w) => ({ period: p, window: w })));
  const rateTypes = rateTypesOf(c.type);

  const included = windows.filter(({ window }) => rows[window.id]?.include);
  const body = useMemo(() => {
    const pick = (kind: string) =>
      [...assets].filter((a) => a.startsWith(`${kind}:`)).map((a) => a.slice(kind.length + 1));
    return {
      competition_id: c.id,
      bids: included.map(({ window }) => {
        const row = rows[window.id]!;
        return {
          service_window_id: window.id,
          capacity: row.capacity,
          max_runtime: row.maxRuntime,
          rates: rateTypes.map((type) => ({ type, value: row.rates[type] ?? "" })),
        };
      }),
      assets: { flex: pick("flex"), planned: pick("planned") },
    };
  }, [c.id, included, rows, assets, rateTypes]);

  const check = useMemo(
    () => checkBallot(body, { competition: c, qualifications: props.qualifications, ballots: props.ballots }),
    [body, c, props.qualifications, props.ballots],
  );
  const problem = check.ok ? null : check.error;
  /** The server's words for a person: window ids → window names, field names → the labels on this form. */
  const human = (message: string): string => {
    let text = message.replace(/\b(capacity_required|max_runtime|service_window_id|service_fee)\b/g, (w) =>
      w.replace(/_/g, " "),
    );
    for (const { window } of windows) text = text.split(`"${window.id}"`).join(`"${window.name}"`);
    return text;
  };
  const fieldLabel = (field: string | undefined): string | null => {
    if (!field) return null;
    if (field.startsWith("assets")) return "Assets of the ballot";
    const m = /^bids\[(\d+)\]\.?(\w*)/.exec(field);
    if (!m) return null;
    const bid = body.bids[Number(m[1])];
    const at = windows.find(({ window }) => window.id === bid?.service_window_id);
    const where = at ? `${at.window.name} (${at.period.name})` : "a bid";
    const what: Record<string, string> = { capacity: "Capacity", max_runtime: "Max runtime", rates: "Rates" };
    return m[2] && what[m[2]] ? `${what[m[2]]} for ${where}` : where;
  };
  const describe = (message: string, field?: string): string => {
    const label = fieldLabel(field);
    return label ? `${label}: ${human(message)}` : human(message);
  };
  /** `bids[i].capacity` → the window and input the rule is about. */
  const problemAt = (windowId: string, input: string): string | null => {
    if (!problem?.field) return null;
    const m = /^bids\[(\d+)\]\.?(\w*)/.exec(problem.field);
    if (!m) return null;
    const bid = body.bids[Number(m[1])];
    if (bid?.service_window_id !== windowId) return null;
    return m[2] === input || (input === "service_window_id" && m[2] === "") ? human(problem.message) : null;
  };

  const submit = useAction(async () => post<StoredBallotWire>(`/bids/v1/competitions/${c.id}/ballots/`, body));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const ballot = await submit.run();
    if (ballot) props.onSubmitted(ballot);
  };

  const update = (id: string, change: Partial<Row>) => {
    submit.clear();
    setRows((r) => ({ ...r, [id]: { ...r[id]!, ...change } }));
  };
  const toggleAsset = (key: string) => {
    submit.clear();
    setAssets((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  if (c.status !== "open") {
    return <p className="empty">Bidding is not open: this competition is {c.status.replace(/_/g, " ")}.</p>;
  }
  const fieldError = (windowId: string, input: string) => {
    const message = problemAt(windowId, input);
    return message ? (
      <span className="field-error" id={`err-${windowId}-${input}`}>
        {message}
      </span>
    ) : null;
  };
  const described = (windowId: string, input: string) =>
    problemAt(windowId, input) ? { "aria-invalid": true, "aria-describedby": `err-${windowId}-${input}` } : {};

  return (
    <form onSubmit={onSubmit} aria-label="Ballot" className="ballot-editor">
      <fieldset>
        <legend>Assets of the ballot</legend>
        {qualified.length === 0 ? (
          <p className="empty">You have no assets qualified for and entered into this competition.</p>
        ) : (
          qualified.map((q) => {
            const key = `${q.asset_kind}:${q.asset_id}`;
            return (
              <label key={key} className="inline">
                <input type="checkbox" checked={assets.has(key)} onChange={() => toggleAsset(key)} />
                {props.assetNames?.get(q.asset_id) ?? q.asset_id} ({q.asset_kind === "planned" ? "planned, " : ""}
                {q.capacity} MW)
              </label>
            );
          })
        )}
        {earlier ? (
          <p className="hint">A new ballot must use the same assets as your earlier one (it replaces it).</p>
        ) : assets.size === 0 ? (
          <p className="hint">No asset ticked: all your qualified, entered assets are used.</p>
        ) : null}
        {problem?.field?.startsWith("assets") ? <span className="field-error">{human(problem.message)}</span> : null}
      </fieldset>
      <ScrollRegion label="Bids of the ballot">
        <table className="bids">
          <thead>
            <tr>
              <th>Bid</th>
              <th>Service window</th>
              <th>Capacity (MW)</th>
              <th>Max runtime</th>
              {rateTypes.map((t) => (
                <th key={t}>{RATE_LABELS[t] ?? t}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {windows.map(({ period, window }) => {
              const row = rows[window.id]!;
              const label = `${window.name} (${period.name})`;
              return (
                <tr key={window.id} data-window={window.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Bid into ${label}`}
                      checked={row.include}
                      onChange={(e) => update(window.id, { include: e.target.checked })}
                    />
                  </td>
                  <td>
                    {label}
                    <br />
                    <small>
                      {window.start}–{window.end}, needs {window.capacity_required} MW
                    </small>
                    {fieldError(window.id, "service_window_id")}
                  </td>
                  <td>
                    <input
                      aria-label={`Capacity for ${label}`}
                      inputMode="decimal"
                      disabled={!row.include}
                      value={row.capacity}
                      onChange={(e) => update(window.id, { capacity: e.target.value })}
                      {...described(window.id, "capacity")}
                    />
                    {fieldError(window.id, "capacity")}
                  </td>
                  <td>
                    <input
                      aria-label={`Max runtime for ${label}`}
                      disabled={!row.include}
                      value={row.maxRuntime}
                      placeholder="HH:MM:SS"
                      onChange={(e) => update(window.id, { maxRuntime: e.target.value })}
                      {...described(window.id, "max_runtime")}
                    />
                    {fieldError(window.id, "max_runtime")}
                  </td>
                  {rateTypes.map((t, i) => (
                    <td key={t}>
                      <input
                        aria-label={`${RATE_LABELS[t] ?? t} for ${label}`}
                        inputMode="decimal"
                        disabled={!row.include}
                        value={row.rates[t] ?? ""}
                        onChange={(e) => update(window.id, { rates: { ...row.rates, [t]: e.target.value } })}
                        {...described(window.id, "rates")}
                      />
                      {i === 0 ? fieldError(window.id, "rates") : null}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <div className={problem ? "check bad" : "check good"} role="status" aria-live="polite" data-testid="ballot-check">
        {problem ? (
          <>
            <strong>Not valid yet:</strong> {describe(problem.message, problem.field)}
          </>
        ) : (
          `Ready to submit: ${body.bids.length} bid${body.bids.length === 1 ? "" : "s"}, the rules are met.`
        )}
      </div>
      {submit.error ? <ErrorBox error={submit.error} describe={describe} /> : null}
      {problem ? <p className="hint">Submit is available once the ballot meets the rules.</p> : null}
      <button type="submit" disabled={submit.pending || problem !== null}>
        {submit.pending ? "Submitting…" : "Submit ballot"}
      </button>
    </form>
  );
}

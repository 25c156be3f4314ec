/**
 * System operator: author a competition (periods and windows), checked as you type with the server's own
 * `validateCompetitionBody` (src/domain/marketplace/competition.ts); creating it stores a draft, which its page
 * then publishes.
 */
import { type FormEvent, useMemo, useState } from "react";
import { validateCompetitionBody } from "../../../src/domain/marketplace/competition-body.js";
import type { CompetitionWire } from "../../../src/sdk/index.js";
import { post } from "../api.js";
import { navigate } from "../router.js";
import { zoneOf } from "../time.js";
import { ErrorBox, Section, useAction } from "../ui.js";
import {
  appliesTo,
  type CompetitionFields,
  competitionBody,
  DAYS,
  defaultFields,
  defaultPeriod,
  humanCompetitionMessage,
  newKey,
  newWindow,
  type PeriodForm,
  placeOf,
  TYPES,
  type WindowForm,
} from "./competition-form.js";

export function NewCompetition() {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const [f, setF] = useState<CompetitionFields>(() => defaultFields(now));
  const [periods, setPeriods] = useState<PeriodForm[]>(() => [defaultPeriod(now)]);
  const set = (key: keyof CompetitionFields) => (e: { target: { value: string } }) =>
    setF({ ...f, [key]: e.target.value });

  const applies = (key: string) => appliesTo(f.type, key);
  const body = useMemo(() => competitionBody(f, periods), [f, periods]);
  const check = useMemo(() => validateCompetitionBody(body), [body]);
  const problem = check.ok ? null : check.error;
  /** aria-invalid and the message under the input whose field the rule is about. */
  const errorId = (field: string) => `err-${field.replace(/[^\w-]/g, "_")}`;
  const invalid = (field: string) =>
    problem?.field === field ? { "aria-invalid": true, "aria-describedby": errorId(field) } : {};
  const fieldError = (field: string) =>
    problem?.field === field ? (
      <span className="field-error" id={errorId(field)}>
        {humanCompetitionMessage(problem.message)}
      </span>
    ) : null;
  const create = useAction(() => post<CompetitionWire>("/so/v1/competitions/", body));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run();
    if (created) navigate(`/operator/competitions/${created.id}`);
  };

  const updatePeriod = (i: number, change: Partial<PeriodForm>) =>
    setPeriods(periods.map((p, j) => (j === i ? { ...p, ...change } : p)));
  const updateWindow = (i: number, k: number, change: Partial<WindowForm>) =>
    updatePeriod(i, { windows: periods[i]!.windows.map((w, j) => (j === k ? { ...w, ...change } : w)) });

  const text = (label: string, key: keyof typeof f, extra: Record<string, string> = {}) => {
    const field = key === "areas" ? "boundary.area_references" : key === "postcodes" ? "boundary.postcodes" : key;
    return (
      <div className="field">
        <label>
          {label}
          <input value={f[key]} onChange={set(key)} {...extra} {...invalid(field)} />
        </label>
        {fieldError(field)}
      </div>
    );
  };

  return (
    <>
      <h1>New competition</h1>
      <form onSubmit={submit} aria-label="New competition">
        <Section title="What is needed">
          <div className="grid">
            {text("Reference", "reference", { placeholder: "OXF_2026_W" })}
            {text("Name", "name")}
            <label>
              Type
              <select value={f.type} onChange={set("type")}>
                {TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              Need direction
              <select value={f.need_direction} onChange={set("need_direction")}>
                <option>Deficit</option>
                <option>Surplus</option>
              </select>
            </label>
            {text("Need type", "need_type")}
            {text("Power type", "power_type")}
            {text("Product type", "product_type")}
            {applies("availability_guide_price")
              ? text("Availability guide price (£/MW/h)", "availability_guide_price")
              : null}
            {applies("utilisation_guide_price")
              ? text("Utilisation guide price (£/MWh)", "utilisation_guide_price")
              : null}
            {applies("service_fee") ? text("Service fee (£)", "service_fee") : null}
            {text("Area references (comma-separated)", "areas")}
            {text("Postcodes (comma-separated)", "postcodes")}
          </div>
        </Section>
        <Section title={`Timetable (${zoneOf("uk").label})`}>
          <div className="grid">
            {text("Qualification opens", "qualification_open", { type: "datetime-local" })}
            {text("Qualification closes", "qualification_closed", { type: "datetime-local" })}
            {text("Bidding opens", "open", { type: "datetime-local" })}
            {text("Bidding closes", "closed", { type: "datetime-local" })}
          </div>
        </Section>
        <Section
          title="Service periods and windows (UK time)"
          actions={
            <button
              type="button"
              onClick={() =>
                setPeriods([
                  ...periods,
                  { key: newKey(), name: `Period ${periods.length + 1}`, start: "", end: "", windows: [newWindow()] },
                ])
              }
            >
              Add period
            </button>
          }
        >
          {periods.map((p, i) => (
            <fieldset key={p.key} className="period">
              <legend>Period {i + 1}</legend>
              <div className="grid">
                <label>
                  Name
                  <input value={p.name} onChange={(e) => updatePeriod(i, { name: e.target.value })} />
                </label>
                <div className="field">
                  <label>
                    First day
                    <input
                      type="date"
                      value={p.start}
                      onChange={(e) => updatePeriod(i, { start: e.target.value })}
                      {...invalid(`service_periods[${i}].start`)}
                    />
                  </label>
                  {fieldError(`service_periods[${i}].start`)}
                </div>
                <div className="field">
                  <label>
                    Last day
                    <input
                      type="date"
                      value={p.end}
                      onChange={(e) => updatePeriod(i, { end: e.target.value })}
                      {...invalid(`service_periods[${i}].end`)}
                    />
                  </label>
                  {fieldError(`service_periods[${i}].end`)}
                </div>
              </div>
              {p.windows.map((w, k) => (
                <fieldset key={w.key} className="window">
                  <legend>Window {k + 1}</legend>
                  <div className="grid">
                    <label>
                      Name
                      <input value={w.name} onChange={(e) => updateWindow(i, k, { name: e.target.value })} />
                    </label>
                    <div className="field">
                      <label>
                        Start
                        <input
                          type="time"
                          value={w.start}
                          onChange={(e) => updateWindow(i, k, { start: e.target.value })}
                          {...invalid(`service_periods[${i}].service_windows[${k}].start`)}
                        />
                      </label>
                      {fieldError(`service_periods[${i}].service_windows[${k}].start`)}
                    </div>
                    <div className="field">
                      <label>
                        End
                        <input
                          type="time"
                          value={w.end}
                          onChange={(e) => updateWindow(i, k, { end: e.target.value })}
                          {...invalid(`service_periods[${i}].service_windows[${k}].end`)}
                        />
                      </label>
                      {fieldError(`service_periods[${i}].service_windows[${k}].end`)}
                    </div>
                    <div className="field">
                      <label>
                        Capacity required (MW)
                        <input
                          value={w.capacity}
                          onChange={(e) => updateWindow(i, k, { capacity: e.target.value })}
                          {...invalid(`service_periods[${i}].service_windows[${k}].capacity_required`)}
                        />
                      </label>
                      {fieldError(`service_periods[${i}].service_windows[${k}].capacity_required`)}
                    </div>
                  </div>
                  <fieldset className="days">
                    <legend>Service days</legend>
                    {DAYS.map((d) => (
                      <label key={d} className="inline">
                        <input
                          type="checkbox"
                          checked={w.days.includes(d)}
                          onChange={(e) =>
                            updateWindow(i, k, {
                              days: e.target.checked
                                ? DAYS.filter((x) => x === d || w.days.includes(x))
                                : w.days.filter((x) => x !== d),
                            })
                          }
                        />
                        {d.slice(0, 3)}
                      </label>
                    ))}
                  </fieldset>
                  {p.windows.length > 1 ? (
                    <button
                      type="button"
                      onClick={() => updatePeriod(i, { windows: p.windows.filter((_, j) => j !== k) })}
                    >
                      Remove window
                    </button>
                  ) : null}
                </fieldset>
              ))}
              <button type="button" onClick={() => updatePeriod(i, { windows: [...p.windows, newWindow()] })}>
                Add window
              </button>
              {periods.length > 1 ? (
                <button type="button" onClick={() => setPeriods(periods.filter((_, j) => j !== i))}>
                  Remove period
                </button>
              ) : null}
            </fieldset>
          ))}
        </Section>
        <div
          className={check.ok ? "check good" : "check bad"}
          role="status"
          aria-live="polite"
          data-testid="competition-check"
        >
          {check.ok ? (
            "The competition is valid: create it as a draft, then publish it from its page."
          ) : (
            <>
              <strong>Not valid yet:</strong> {placeOf(check.error.field)}
              {humanCompetitionMessage(check.error.message)}
            </>
          )}
        </div>
        {create.error ? <ErrorBox error={create.error} describe={humanCompetitionMessage} /> : null}
        <button type="submit" disabled={create.pending || !check.ok}>
          {create.pending ? "Creating…" : "Create draft"}
        </button>
      </form>
    </>
  );
}

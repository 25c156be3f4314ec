/**
 * System operator: author a competition (periods and windows), checked as you type with the server's own
 * `validateCompetitionBody` (src/domain/marketplace/competition.ts); creating it stores a draft, which its page
 * then publishes.
 */
import { type FormEvent, useMemo, useState } from "react";
import { validateCompetitionBody } from "../../../src/domain/marketplace/competition-body.js";
import { post } from "../api.js";
import { navigate } from "../router.js";
import { isoToWallTime, wallTimeToIso, zoneOf } from "../time.js";
import { ErrorBox, Section, useAction } from "../ui.js";
import type { CompetitionWire } from "../wire.js";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const TYPES = ["Availability", "Utilisation", "Availability & Utilisation", "Service Fee"];
const DAY = 86_400_000;

let nextKey = 0;

interface WindowForm {
  key: number;
  name: string;
  start: string;
  end: string;
  days: string[];
  capacity: string;
}
interface PeriodForm {
  key: number;
  name: string;
  start: string;
  end: string;
  windows: WindowForm[];
}

/** `YYYY-MM-DDTHH:MM` in the marketplace's zone (UK time, or the user's own when chosen) for an epoch ms. */
const localInput = (ms: number): string => isoToWallTime(ms, "uk");
const dateInput = (ms: number): string => localInput(ms).slice(0, 10);
const toIso = (local: string): string => wallTimeToIso(local, "uk");

/** Which guide prices a competition type takes (the others are not shown and not sent). */
const PRICES_OF_TYPE: Record<
  string,
  readonly ("availability_guide_price" | "utilisation_guide_price" | "service_fee")[]
> = {
  Availability: ["availability_guide_price"],
  Utilisation: ["utilisation_guide_price"],
  "Availability & Utilisation": ["availability_guide_price", "utilisation_guide_price"],
  "Service Fee": ["service_fee"],
};

const appliesTo = (type: string, key: string): boolean => (PRICES_OF_TYPE[type] ?? []).some((k) => k === key);

const FIELD_LABELS: Record<string, string> = {
  reference: "Reference",
  name: "Name",
  type: "Type",
  need_type: "Need type",
  need_direction: "Need direction",
  power_type: "Power type",
  product_type: "Product type",
  availability_guide_price: "Availability guide price",
  utilisation_guide_price: "Utilisation guide price",
  service_fee: "Service fee",
  qualification_open: "Qualification opens",
  qualification_closed: "Qualification closes",
  open: "Bidding opens",
  closed: "Bidding closes",
  boundary: "Boundary",
  area_references: "Area references",
  postcodes: "Postcodes",
  service_periods: "Service periods",
  service_windows: "Windows",
  service_days: "Service days",
  capacity_required: "Capacity required",
  start: "Start",
  end: "End",
};

/** Where on the form a field path points, as a prefix: "Period 1, window 2: " (nothing for a top-level field). */
function placeOf(field: string | undefined): string {
  const m = /^service_periods\[(\d+)\](?:\.service_windows\[(\d+)\])?/.exec(field ?? "");
  if (!m) return "";
  return m[2] === undefined
    ? `Period ${Number(m[1]) + 1}: `
    : `Period ${Number(m[1]) + 1}, window ${Number(m[2]) + 1}: `;
}

/** The server's message in the form's words: field names → the labels on the form, paths → "Period 1, window 2". */
export function humanCompetitionMessage(message: string): string {
  return message
    .replace(
      /service_periods\[(\d+)\]\.service_windows\[(\d+)\]\.?/g,
      (_m, p: string, w: string) => `Period ${Number(p) + 1}, window ${Number(w) + 1} `,
    )
    .replace(/service_periods\[(\d+)\]\.?/g, (_m, p: string) => `Period ${Number(p) + 1} `)
    .replace(/\b[a-z]+(?:_[a-z]+)*\b/g, (word) => (FIELD_LABELS[word] ? `"${FIELD_LABELS[word]}"` : word))
    .replace(/ +/g, " ")
    .replace(/ :/g, ":");
}
const list = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const price = (text: string) => (text.trim() === "" ? null : text.trim());

const newWindow = (): WindowForm => ({
  key: nextKey++,
  name: "Evening peak",
  start: "17:00",
  end: "19:30",
  days: DAYS.slice(0, 5),
  capacity: "2.000",
});

export function NewCompetition() {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const [f, setF] = useState({
    reference: "",
    name: "",
    type: "Availability & Utilisation",
    need_type: "Pre Fault",
    need_direction: "Deficit",
    power_type: "Active Power",
    product_type: "Scheduled Availability + Operational Utilisation",
    availability_guide_price: "10.00",
    utilisation_guide_price: "250.00",
    service_fee: "",
    qualification_open: localInput(now + 3_600_000),
    qualification_closed: localInput(now + 2 * DAY),
    open: localInput(now + 2 * DAY),
    closed: localInput(now + 9 * DAY),
    areas: "",
    postcodes: "OX4",
  });
  const [periods, setPeriods] = useState<PeriodForm[]>([
    {
      key: nextKey++,
      name: "Winter",
      start: dateInput(now + 14 * DAY),
      end: dateInput(now + 104 * DAY),
      windows: [newWindow()],
    },
  ]);
  const set = (key: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [key]: e.target.value });

  const applies = (key: string) => appliesTo(f.type, key);
  const body = useMemo(
    () => ({
      reference: f.reference,
      name: f.name,
      type: f.type,
      need_type: f.need_type,
      need_direction: f.need_direction,
      power_type: f.power_type,
      product_type: f.product_type,
      pricing_type: "auction",
      availability_guide_price: appliesTo(f.type, "availability_guide_price")
        ? price(f.availability_guide_price)
        : null,
      utilisation_guide_price: appliesTo(f.type, "utilisation_guide_price") ? price(f.utilisation_guide_price) : null,
      service_fee: appliesTo(f.type, "service_fee") ? price(f.service_fee) : null,
      qualification_open: toIso(f.qualification_open),
      qualification_closed: toIso(f.qualification_closed),
      open: toIso(f.open),
      closed: toIso(f.closed),
      boundary: { area_references: list(f.areas), postcodes: list(f.postcodes) },
      service_periods: periods.map((p) => ({
        name: p.name,
        start: p.start,
        end: p.end,
        service_windows: p.windows.map((w) => ({
          name: w.name,
          start: w.start,
          end: w.end,
          service_days: w.days,
          capacity_required: w.capacity,
        })),
      })),
    }),
    [f, periods],
  );
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
                  { key: nextKey++, name: `Period ${periods.length + 1}`, start: "", end: "", windows: [newWindow()] },
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

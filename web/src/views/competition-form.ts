/**
 * The new-competition form without React: its rows, the body it sends (`POST /so/v1/competitions/`, only the guide
 * prices the type takes) and the server's messages in the form's words.
 */
import { isoToWallTime, wallTimeToIso } from "../time.js";

export const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
export const TYPES = ["Availability", "Utilisation", "Availability & Utilisation", "Service Fee"];

let nextKey = 0;
/** A fresh React key for a period or window row. */
export const newKey = (): number => nextKey++;

export interface WindowForm {
  key: number;
  name: string;
  start: string;
  end: string;
  days: string[];
  capacity: string;
}
export interface PeriodForm {
  key: number;
  name: string;
  start: string;
  end: string;
  windows: WindowForm[];
}

const DAY = 86_400_000;

/** `YYYY-MM-DDTHH:MM` in the marketplace's zone (UK time, or the user's own when chosen) for an epoch ms. */
export const localInput = (ms: number): string => isoToWallTime(ms, "uk");
export const dateInput = (ms: number): string => localInput(ms).slice(0, 10);

/** The form's fields as a new form shows them at `now` (times as UK wall time `YYYY-MM-DDTHH:MM`). */
export function defaultFields(now: number) {
  return {
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
  };
}

export type CompetitionFields = ReturnType<typeof defaultFields>;

/** The first period of a new form, two weeks after `now`. */
export const defaultPeriod = (now: number): PeriodForm => ({
  key: newKey(),
  name: "Winter",
  start: dateInput(now + 14 * DAY),
  end: dateInput(now + 104 * DAY),
  windows: [newWindow()],
});

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

export const appliesTo = (type: string, key: string): boolean => (PRICES_OF_TYPE[type] ?? []).some((k) => k === key);

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
export function placeOf(field: string | undefined): string {
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

export const newWindow = (): WindowForm => ({
  key: newKey(),
  name: "Evening peak",
  start: "17:00",
  end: "19:30",
  days: DAYS.slice(0, 5),
  capacity: "2.000",
});

/** The request body of the form as it stands. */
export function competitionBody(f: CompetitionFields, periods: readonly PeriodForm[]) {
  return {
    reference: f.reference,
    name: f.name,
    type: f.type,
    need_type: f.need_type,
    need_direction: f.need_direction,
    power_type: f.power_type,
    product_type: f.product_type,
    pricing_type: "auction",
    availability_guide_price: appliesTo(f.type, "availability_guide_price") ? price(f.availability_guide_price) : null,
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
  };
}

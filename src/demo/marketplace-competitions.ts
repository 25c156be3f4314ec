/**
 * The marketplace demo's competition bodies (the authoring body a system operator sends), relative to the demo's
 * start: the three open competitions and the closed one (marketplace.ts seeds them through the use cases).
 */
import { DAY_MS, type EpochMs, LONDON, localDate } from "../domain/time.js";

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
export const EVERY_DAY = [...WEEKDAYS, "Saturday", "Sunday"];

export const at = (ms: EpochMs) => new Date(ms).toISOString();
export const date = (ms: EpochMs) => localDate(ms, LONDON).toString();

export function timetable(
  now: EpochMs,
  qualificationOpen: number,
  open: number,
  closed: number,
  deliveryStart: number,
  days: number,
) {
  return {
    qualification_open: at(now + qualificationOpen),
    qualification_closed: at(now + open),
    open: at(now + open),
    closed: at(now + closed),
    periodStart: date(now + deliveryStart),
    periodEnd: date(now + deliveryStart + days * DAY_MS),
  };
}

export const COMMON = {
  need_type: "Pre Fault",
  power_type: "Active Power",
  boundary: { area_references: ["OX-COWLEY-33KV"], postcodes: ["OX4"] },
};

export function openCompetitions(now: EpochMs) {
  const t = timetable(now, -14 * DAY_MS, -7 * DAY_MS, 14 * DAY_MS, 16 * DAY_MS, 120);
  const { periodStart, periodEnd, ...times } = t;
  return [
    {
      ...COMMON,
      ...times,
      reference: "DEMO_COWLEY_AU",
      name: "Cowley evening peak (availability & utilisation)",
      type: "Availability & Utilisation",
      need_direction: "Deficit",
      product_type: "Scheduled Availability + Operational Utilisation",
      availability_guide_price: "12.00",
      utilisation_guide_price: "280.00",
      service_periods: [
        {
          name: "Autumn",
          start: periodStart,
          end: periodEnd,
          service_windows: [
            {
              name: "Weekday evening peak",
              start: "16:30",
              end: "19:30",
              service_days: WEEKDAYS,
              capacity_required: "6.000",
            },
            {
              name: "Weekend evening",
              start: "17:00",
              end: "19:00",
              service_days: ["Saturday", "Sunday"],
              capacity_required: "4.000",
            },
            {
              name: "Weekday morning",
              start: "07:00",
              end: "09:00",
              service_days: WEEKDAYS,
              capacity_required: "3.000",
            },
          ],
        },
      ],
    },
    {
      ...COMMON,
      ...times,
      reference: "DEMO_COWLEY_UTIL",
      name: "Cowley operational utilisation",
      type: "Utilisation",
      need_direction: "Deficit",
      product_type: "Operational Utilisation",
      utilisation_guide_price: "350.00",
      service_periods: [
        {
          name: "Autumn",
          start: periodStart,
          end: periodEnd,
          service_windows: [
            { name: "Morning ramp", start: "06:30", end: "09:00", service_days: WEEKDAYS, capacity_required: "5.000" },
            {
              name: "Overnight maintenance cover",
              start: "22:00",
              end: "02:00",
              service_days: EVERY_DAY,
              capacity_required: "2.000",
            },
          ],
        },
      ],
    },
    {
      ...COMMON,
      ...times,
      reference: "DEMO_COWLEY_SURPLUS",
      name: "Cowley midday surplus (turn-up availability)",
      type: "Availability",
      need_direction: "Surplus",
      product_type: "Scheduled Availability",
      availability_guide_price: "8.50",
      service_periods: [
        {
          name: "Autumn",
          start: periodStart,
          end: periodEnd,
          service_windows: [
            {
              name: "Midday solar peak",
              start: "11:00",
              end: "15:00",
              service_days: EVERY_DAY,
              capacity_required: "10.000",
            },
            {
              name: "Weekend afternoon",
              start: "13:00",
              end: "16:00",
              service_days: ["Saturday", "Sunday"],
              capacity_required: "5.000",
            },
          ],
        },
      ],
    },
  ];
}

export function closedCompetition(now: EpochMs) {
  const { periodStart, periodEnd, ...times } = timetable(
    now,
    -60 * DAY_MS,
    -50 * DAY_MS,
    -30 * DAY_MS,
    -28 * DAY_MS,
    90,
  );
  return {
    ...COMMON,
    ...times,
    reference: "DEMO_COWLEY_SF",
    name: "Cowley winter readiness (service fee)",
    type: "Service Fee",
    need_direction: "Deficit",
    product_type: "Peak Reduction",
    service_fee: "1500.00",
    service_periods: [
      {
        name: "Season",
        start: periodStart,
        end: periodEnd,
        service_windows: [
          {
            name: "Weekday evening peak",
            start: "17:00",
            end: "19:30",
            service_days: WEEKDAYS,
            capacity_required: "5.000",
          },
          {
            name: "Weekend evening",
            start: "17:00",
            end: "19:00",
            service_days: ["Saturday", "Sunday"],
            capacity_required: "2.000",
          },
        ],
      },
    ],
  };
}

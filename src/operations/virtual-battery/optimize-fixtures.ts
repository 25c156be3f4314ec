/** Request bodies of the optimize tests (imported by tests only). */

export const OPT_DAY = "2026-06-03";

/** A summer day's forecasts in EUR: cheap night and midday, dear evening; FCR and aFRR per 4-h block. */
export function optimizeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const wholesale = Array.from({ length: 96 }, (_, t) => {
    const hour = t / 4;
    return hour < 6 ? 40 : hour < 10 ? 90 : hour < 16 ? 25.5 : hour < 21 ? 140 : 70;
  });
  return {
    horizon: { firstDeliveryDay: OPT_DAY, days: 1 },
    prices: {
      wholesale,
      fcr: [40, 55, 30, 35, 60, 45],
      afrrCapacityPos: [6, 9, 4, 5, 14, 8],
      afrrCapacityNeg: [5, 4, 7, 8, 3, 4],
      afrrEnergyPos: [150, 160, 140, 150, 200, 170],
      afrrEnergyNeg: [-10, 0, 20, 10, -20, 0],
    },
    afrrActivationShare: { pos: 0.05, neg: 0.05 },
    degradationCost: 5,
    options: { timeLimitSeconds: 1 },
    ...overrides,
  };
}

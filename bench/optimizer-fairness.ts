/**
 * `npx tsx bench/optimizer-fairness.ts`: another organisation's `/optimize` latency while one organisation hogs the
 * optimizer (docs/optimizer.md, "Fair sharing"). The real app (in-process, SQLite in memory, the default worker pool):
 * organisation B sends FAIR_REQUESTS one-day requests one after the other, first alone, then while organisation A keeps
 * FAIR_HOGS long requests (FAIR_HOG_DAYS days, FAIR_HOG_SECONDS time limit each) in flight — more than its queue, so
 * some of A's are refused with 429. Prints B's p50 / p99 / max both ways, how B's plans were solved, and A's 429s.
 */

import { optimizeBody } from "../src/operations/virtual-battery/optimize-fixtures.js";
import { createFixture } from "../src/operations/virtual-battery/test-fixtures.js";
import { createHarness } from "../src/testing/harness.js";

const REQUESTS = Number(process.env.FAIR_REQUESTS ?? 15);
const HOGS = Number(process.env.FAIR_HOGS ?? 6);
const HOG_DAYS = Number(process.env.FAIR_HOG_DAYS ?? 28);
const HOG_SECONDS = Number(process.env.FAIR_HOG_SECONDS ?? 10);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main() {
  const h = await createHarness("sqlite");
  try {
    const a = await createFixture(h, { start: "2026-05-25", end: "2026-08-01", powerKw: 5000, energyKwh: 10000 });
    const b = await createFixture(h, { powerKw: 5000, energyKwh: 10000 });
    const day = optimizeBody();
    const long = optimizeBody({
      horizon: { firstDeliveryDay: "2026-06-03", days: HOG_DAYS },
      prices: Object.fromEntries(
        Object.entries(day.prices as Record<string, number[]>).map(([k, v]) => [
          k,
          Array.from({ length: HOG_DAYS }, () => v).flat(),
        ]),
      ),
      options: { timeLimitSeconds: HOG_SECONDS, mipRelGap: 0 },
    });
    const call = (f: typeof a, body: unknown) =>
      h.app.inject({ method: "POST", url: `${f.base}/optimize`, headers: f.org.auth, payload: body as never });
    await h.deps.optimizer.ready();
    await call(b, day); // warm

    const series = async () => {
      const ms: number[] = [];
      const solvers: Record<string, number> = {};
      for (let i = 0; i < REQUESTS; i++) {
        const started = performance.now();
        const res = await call(b, day);
        ms.push(performance.now() - started);
        const key = res.statusCode === 200 ? res.json().solver : `HTTP ${res.statusCode}`;
        solvers[key] = (solvers[key] ?? 0) + 1;
      }
      ms.sort((x, y) => x - y);
      return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: ms[ms.length - 1]!, solvers };
    };

    const alone = await series();
    let hogging = true;
    let refused = 0;
    let served = 0;
    const hogs = Array.from({ length: HOGS }, async () => {
      while (hogging) {
        const res = await call(a, long);
        if (res.statusCode === 429) {
          refused++;
          await new Promise((resolve) => setTimeout(resolve, 200));
        } else served++;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const underHog = await series();
    hogging = false;
    await Promise.all(hogs);

    const row = (name: string, r: Awaited<ReturnType<typeof series>>) => ({
      "organisation B, 1 day": name,
      p50: `${r.p50.toFixed(0)} ms`,
      p99: `${r.p99.toFixed(0)} ms`,
      max: `${r.max.toFixed(0)} ms`,
      solved: JSON.stringify(r.solvers),
    });
    console.table([row("alone", alone), row(`while A hogs (${HOGS} × ${HOG_DAYS} days, ${HOG_SECONDS} s)`, underHog)]);
    process.stdout.write(
      `workers ${h.deps.optimizer.size}, queue per organisation ${h.config.optimizerQueue}: ` +
        `A had ${served} requests served and ${refused} refused with 429 meanwhile\n`,
    );
  } finally {
    await h.close();
  }
}

await main();

/**
 * The demo's optimize-then-submit, as the dashboard does it (the optimize panel's request body and its submit steps,
 * web/src/views/optimize-plan.ts): on every demo virtual asset, for every delivery day from today to the last FCR
 * day open, optimize → POST FCR bids → POST aFRR bids → PUT the schedule, each accepted as it is, one day after the
 * other (each plan meets the bids and schedules the ones before left). Seeded at two instants: before the day-ahead
 * gates of tomorrow close (06:00 Berlin) and after (10:00 Berlin).
 */
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optimizeRequest, type Plan, submitSteps } from "../../web/src/views/optimize-plan.js";
import { BERLIN, localDate } from "../domain/time.js";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { DEMO, seedDemoIfEmpty } from "./seed.js";

const SEEDED_AT = [Date.UTC(2026, 5, 1, 4, 0), Date.UTC(2026, 5, 1, 8, 0)];
/** Today and the next 7 days (FCR opens a week ahead). */
const DAYS = 8;

describe.each(DIALECTS)("demo: optimize then submit (%s)", (dialect) => {
  describe.each(SEEDED_AT)("seeded at %i", (seededAt) => {
    let h: Harness;
    let auth: { authorization: string };
    beforeAll(async () => {
      h = await createHarness(dialect);
      h.clock.set(seededAt);
      expect(await seedDemoIfEmpty(h.deps)).toBe(true);
      const res = await h.app.inject({
        method: "POST",
        url: "/auth/public/authenticate",
        payload: { username: DEMO.provider.username, password: DEMO.provider.password },
      });
      auth = { authorization: `Bearer ${res.json().access_token}` };
    });
    afterAll(() => h.close());

    it("every plan's requests are accepted as they are, on every asset and day", async () => {
      const base = `/organisations/${DEMO.provider.organisationId}/virtual-assets`;
      const assets = (await h.app.inject({ url: base, headers: auth })).json();
      expect(assets).toHaveLength(2);
      const today = localDate(h.clock.now(), BERLIN);
      const seen = { keep: 0, replace: 0, new: 0 };
      for (const asset of assets) {
        const assetBase = `${base}/${asset.virtualAssetID ?? asset.id}`;
        for (let d = 0; d < DAYS; d++) {
          const day = today.add({ days: d }).toString();
          const res = await h.app.inject({
            method: "POST",
            url: `${assetBase}/optimize`,
            headers: auth,
            payload: optimizeRequest(day, 1),
          });
          expect(res.statusCode, `${day}: ${res.body.slice(0, 300)}`).toBe(200);
          const plan = res.json() as Plan;
          expect(plan.scheduleRefused, `${day}: the planned schedule itself is accepted`).toBeNull();
          for (const a of plan.actions) seen[a.action]++;
          for (const step of submitSteps(plan)) {
            const sent = await h.app.inject({
              method: step.method,
              url: assetBase + step.path,
              headers: auth,
              payload: step.body as never,
            });
            expect(sent.statusCode, `${day} ${step.what}: ${sent.body.slice(0, 300)}`).toBeLessThan(300);
          }
        }
      }
      // the demo's pending bids are kept, and the walk places and replaces bids too
      expect(seen.keep).toBeGreaterThan(0);
      expect(seen.new).toBeGreaterThan(0);
      expect(Temporal.PlainDate.compare(today, Temporal.PlainDate.from("2026-06-01"))).toBe(0);
    }, 180_000);
  });
});

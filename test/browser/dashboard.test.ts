/**
 * The web dashboard in real Chromium (issue 10), against the app on a real port with the demo data and a fixed
 * clock, on every dialect: a provider submits a ballot with a broken rule (the live check and the server say so),
 * fixes it and sees it active in the history; the system operator sees the bids ranked against the guide price,
 * decides after bidding closes and publishes; the provider sees the result; a virtual asset's SoC chart renders.
 * No page logs a console error. Screenshots go to test-results/browser/.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../src/demo/seed.js";
import { runTsoAuctions } from "../../src/engine/tso-auctions.js";
import { DIALECTS, T0 } from "../harness.js";
import {
  buildDashboard,
  type DemoServer,
  drawnPixels,
  findChromium,
  launchChromium,
  openPage,
  screenshot,
  signIn,
  startDemoServer,
} from "./support.js";

const CHROMIUM = findChromium();
if (!CHROMIUM) {
  console.warn("browser tests skipped: no `chromium` on PATH (apt-get install chromium; .ci/run installs it)");
}

/** The machine may be busy (CI runs everything at once): generous limits, never a sleep. */
const HOOK_TIMEOUT = 180_000;
const TEST_TIMEOUT = 120_000;

const COMPETITION = "Cowley evening peak (availability & utilisation)";
const WINDOW = "Weekday evening peak (Autumn)";
const provider = { kind: "api_key", clientId: DEMO.provider.clientId, apiKey: DEMO.provider.apiKey } as const;
const operator = {
  kind: "api_key",
  clientId: DEMO.systemOperator.clientId,
  apiKey: DEMO.systemOperator.apiKey,
} as const;
const user = { kind: "user", username: DEMO.provider.username, password: DEMO.provider.password } as const;

describe.skipIf(!CHROMIUM)("web dashboard in Chromium", { timeout: TEST_TIMEOUT }, () => {
  let browser: Browser;
  beforeAll(async () => {
    buildDashboard();
    browser = await launchChromium(CHROMIUM!);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
  });

  describe.each(DIALECTS)("%s", (dialect) => {
    let server: DemoServer;
    beforeAll(async () => {
      server = await startDemoServer(dialect);
    }, HOOK_TIMEOUT);
    afterAll(async () => {
      await server?.close();
    }, HOOK_TIMEOUT);

    it("serves the app at / and its client paths, keeps JSON 404s for unknown API paths", async () => {
      const html = { accept: "text/html,application/xhtml+xml" };
      const home = await fetch(`${server.baseUrl}/`, { headers: html });
      expect(home.status).toBe(200);
      const page = await home.text();
      expect(page).toContain('<div id="root">');
      const deep = await fetch(`${server.baseUrl}/provider/competitions/abc`, { headers: html });
      expect(deep.status).toBe(200);
      expect(await deep.text()).toBe(page);

      const script = /src="(\/static\/[^"]+\.js)"/.exec(page)?.[1];
      expect(script).toBeDefined();
      const bundle = await fetch(`${server.baseUrl}${script}`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get("content-type")).toContain("javascript");

      for (const path of ["/competitions/v2/x", "/assets/v2/", "/so/v9/x", "/static/nope.js", "/openapi.json/x"]) {
        const res = await fetch(`${server.baseUrl}${path}`, { headers: html });
        expect(res.status, path).toBe(404);
        expect(res.headers.get("content-type"), path).toContain("application/json");
        expect((await res.json()).error, path).toBe("not_found");
      }
      const post = await fetch(`${server.baseUrl}/provider`, { method: "POST", headers: html });
      expect(post.status).toBe(404);
      expect(home.headers.get("content-security-policy")).toContain("script-src 'self'");
    });

    it("provider: a broken ballot rule is shown as you type and by the server; the fixed ballot becomes active", async () => {
      const { page, errors, context } = await openPage(browser, server.baseUrl, [400]);
      try {
        await signIn(page, provider);
        await expect.poll(() => page.getByRole("heading", { name: "Bidding opportunities" }).count()).toBe(1);
        await page.getByRole("link", { name: COMPETITION }).waitFor();
        await screenshot(page, `${dialect}-provider-opportunities`);

        await page.getByRole("link", { name: COMPETITION }).click();
        await page.getByRole("heading", { name: COMPETITION }).waitFor();
        await page.getByTestId("window-timeline").locator("canvas").waitFor();
        expect(await drawnPixels(page, '[data-testid="window-timeline"]')).toBeGreaterThan(1000);

        const capacity = page.getByLabel(`Capacity for ${WINDOW}`);
        const check = page.getByTestId("ballot-check");
        await expect.poll(() => check.textContent()).toContain("Ready to submit");

        // Rule 4: more than the window's capacity_required (6.000 MW): checked as you type, with the server's words.
        await capacity.fill("7.000");
        await expect.poll(() => check.textContent()).toContain("exceeds the capacity_required");
        expect(await capacity.getAttribute("aria-invalid")).toBe("true");
        await page.getByRole("button", { name: "Submit ballot" }).click();
        const alert = page.getByRole("alert");
        await alert.waitFor();
        expect(await alert.textContent()).toContain("capacity_exceeds_required");
        expect(await alert.textContent()).toContain("exceeds the capacity_required");
        await screenshot(page, `${dialect}-provider-ballot-rejected`);

        await capacity.fill("2.500");
        await expect.poll(() => check.textContent()).toContain("Ready to submit");
        await page.getByRole("button", { name: "Submit ballot" }).click();
        await page.getByText(/Ballot \w+ submitted with 1 bid/).waitFor();
        const history = page.getByTestId("ballot-history");
        await history.waitFor();
        await expect.poll(() => history.textContent()).toContain("Weekday evening peak: 2.500 MW");
        expect(await history.locator("tbody tr").count()).toBe(1);
        expect(await history.locator(".badge").first().textContent()).toBe("active");
        await screenshot(page, `${dialect}-provider-ballot-active`);

        // Keyboard: after a load, Tab reaches the skip link first.
        await page.reload();
        await page.getByTestId("ballot-history").waitFor();
        await page.keyboard.press("Tab");
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");

        await page.getByRole("navigation").getByRole("link", { name: "Obligations", exact: true }).click();
        await page.getByRole("heading", { name: "Obligations" }).waitFor();
        await page.locator("table tbody tr").first().waitFor();
        await screenshot(page, `${dialect}-provider-obligations`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("system operator: bids ranked against the guide price; decided after close; the provider sees the result", async () => {
      // Bids are sealed while bidding is open; it closes, and the operator sees them ranked.
      const closed = await closingOf(server, COMPETITION);
      server.h.clock.set(closed + 3_600_000);
      const so = await openPage(browser, server.baseUrl);
      try {
        await signIn(so.page, operator);
        await so.page.getByRole("heading", { name: "Your competitions" }).waitFor();
        await so.page.getByRole("link", { name: COMPETITION }).click();
        await so.page.getByRole("heading", { name: COMPETITION }).waitFor();
        const ranked = so.page.locator("table.ranked").first();
        await ranked.waitFor();
        expect(await ranked.locator("tbody tr").first().textContent()).toContain("demo-org");
        expect(await ranked.textContent()).toContain("guide £12.00");
        expect(await drawnPixels(so.page, ".window-bids .chart")).toBeGreaterThan(1000);
        await screenshot(so.page, `${dialect}-operator-bids-ranked`);

        // The operator accepts the bid with a reason and publishes the results.
        const form = so.page.getByRole("form", { name: /Decide bid/ }).first();
        await form.waitFor();
        await form.getByLabel("Reason").fill("Cheapest offer for the evening peak");
        await form.getByRole("button", { name: "Save" }).click();
        await expect.poll(() => ranked.textContent()).toContain("Cheapest offer for the evening peak");
        await so.page.getByRole("button", { name: "Publish results" }).click();
        await expect.poll(() => so.page.getByTestId("competition-status").textContent()).toBe("results published");
        await screenshot(so.page, `${dialect}-operator-results-published`);
        expect(so.errors).toEqual([]);
      } finally {
        await so.context.close();
      }

      const p = await openPage(browser, server.baseUrl);
      try {
        await signIn(p.page, provider);
        await p.page.getByRole("navigation").getByRole("link", { name: "Competitions", exact: true }).click();
        await p.page.getByRole("link", { name: COMPETITION }).click();
        const results = p.page.getByTestId("bid-results");
        await results.waitFor();
        expect(await results.textContent()).toContain("accepted");
        expect(await results.textContent()).toContain("Cheapest offer for the evening peak");
        await screenshot(p.page, `${dialect}-provider-results`);
        expect(p.errors).toEqual([]);
      } finally {
        await p.context.close();
      }
    });

    it("system operator: authors, creates and publishes a competition checked as you type; a TSO auction's merit order", async () => {
      server.h.clock.set(T0);
      const { page, errors, context } = await openPage(browser, server.baseUrl);
      try {
        await signIn(page, operator);
        await page.getByRole("navigation").getByRole("link", { name: "New competition", exact: true }).click();
        const check = page.getByTestId("competition-check");
        await expect.poll(() => check.textContent()).toContain("reference");
        await page.getByLabel("Reference", { exact: true }).fill("WEB_TEST_1");
        await page.getByLabel("Name", { exact: true }).first().fill("Headington winter peak");
        await page.getByLabel("Capacity required (MW)").fill("1.2345");
        await expect.poll(() => check.textContent()).toContain("capacity_required");
        await page.getByLabel("Capacity required (MW)").fill("1.250");
        await expect.poll(() => check.textContent()).toContain("The competition is valid");
        await screenshot(page, `${dialect}-operator-new-competition`);
        await page.getByRole("button", { name: "Create draft" }).click();
        await page.getByRole("heading", { name: "Headington winter peak" }).waitFor();
        await expect.poll(() => page.getByTestId("competition-status").textContent()).toBe("draft");
        await page.getByRole("button", { name: "Publish competition" }).click();
        await expect.poll(() => page.getByTestId("competition-status").textContent()).not.toBe("draft");
        await page.getByTestId("window-timeline").locator("canvas").waitFor();

        // The TSO sandbox clears the auctions due at the demo's instant (2026-06-01 10:00 Berlin): those of 2 June
        // whose gates passed (FCR D-1 08:00, aFRR capacity D-1 09:00).
        await runTsoAuctions(server.h.deps, T0);
        await page.getByRole("navigation").getByRole("link", { name: "TSO auctions", exact: true }).click();
        await page.getByRole("heading", { name: "TSO sandbox auctions" }).waitFor();
        await page.locator(".empty, .chart").first().waitFor();
        await page.getByLabel("Delivery day").fill("2026-06-02");
        const curve = page.getByTestId("merit-order");
        await curve.locator("canvas").waitFor();
        expect(await curve.getAttribute("aria-label")).toMatch(
          /^Merit order of FCR NEGPOS_00_04 on 2026-06-02: clearing price \d/,
        );
        expect(await drawnPixels(page, '[data-testid="merit-order"]')).toBeGreaterThan(1000);
        await screenshot(page, `${dialect}-operator-auctions`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("virtual batteries: signed in with a username, a virtual asset's SoC chart renders", async () => {
      server.h.clock.set(T0); // the demo's instant: its ancillary bids are around now
      const { page, errors, context } = await openPage(browser, server.baseUrl);
      try {
        await signIn(page, user);
        await page.getByRole("navigation").getByRole("link", { name: "Virtual assets", exact: true }).click();
        await page.getByRole("heading", { name: "Virtual assets" }).waitFor();
        // The demo's ancillary bids are on its RWE virtual asset.
        const first = page.locator("table tbody tr", { hasText: "Amprion" }).getByRole("link");
        await first.waitFor();
        await screenshot(page, `${dialect}-virtual-assets`);
        await first.click();
        const chart = page.getByTestId("soc-chart");
        await chart.locator("canvas").waitFor();
        expect(await chart.getAttribute("aria-label")).toMatch(/^Projected state of charge/);
        expect(await drawnPixels(page, '[data-testid="soc-chart"]')).toBeGreaterThan(5000);
        await page.getByTestId("ancillary-calendar").waitFor();
        expect(await page.getByTestId("ancillary-calendar").textContent()).toMatch(/pending|submitted/);
        await screenshot(page, `${dialect}-virtual-asset`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("virtual batteries: optimize shows the plan before placing it; submitting places bids and schedule", async () => {
      server.h.clock.set(T0);
      const { page, errors, context } = await openPage(browser, server.baseUrl);
      try {
        await signIn(page, provider);
        await page.getByRole("navigation").getByRole("link", { name: "Virtual assets", exact: true }).click();
        // The demo's TenneT virtual asset has no bids yet.
        await page.locator("table tbody tr", { hasText: "TenneT" }).getByRole("link").click();
        await page.getByTestId("soc-chart").locator("canvas").waitFor();
        await page.getByLabel("First delivery day (Berlin)").fill("2026-06-03");
        await page.getByRole("button", { name: "Optimize", exact: true }).click();
        const plan = page.getByTestId("plan");
        await plan.waitFor({ timeout: 60_000 });
        expect(await plan.textContent()).toContain("total (EUR)");
        expect(await drawnPixels(page, '[data-testid="plan-chart"]')).toBeGreaterThan(1000);
        await expect.poll(() => page.getByTestId("ancillary-calendar").count()).toBe(0); // nothing placed yet
        await screenshot(page, `${dialect}-virtual-asset-plan`);

        await page.getByRole("button", { name: "Submit plan" }).click();
        // first what happens to the asset's bids and schedule, then the requests
        const confirm = page.getByTestId("plan-confirm");
        await confirm.waitFor();
        expect(await confirm.textContent()).toMatch(/Add (FCR|aFRR) \S+ 2026-06-03: \d+ MW/);
        expect(await confirm.textContent()).toContain("Replace the wholesale schedule");
        await screenshot(page, `${dialect}-virtual-asset-plan-confirm`);
        await page.getByRole("button", { name: "Confirm and submit" }).click();
        const steps = page.getByTestId("plan-steps");
        await expect.poll(() => steps.textContent()).toContain("Wholesale schedule: placed");
        expect(await steps.locator(".error").count()).toBe(0);
        await page.getByTestId("ancillary-calendar").waitFor();
        expect(await page.getByTestId("ancillary-calendar").textContent()).toContain("2026-06-03");
        await screenshot(page, `${dialect}-virtual-asset-plan-submitted`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});

/** When bidding closes in the named demo competition (read through the API as the demo system operator). */
async function closingOf(server: DemoServer, name: string): Promise<number> {
  const auth = await fetch(`${server.baseUrl}/authtoken/v1/`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_id: DEMO.systemOperator.clientId, api_key: DEMO.systemOperator.apiKey }),
  });
  const { token } = (await auth.json()) as { token: string };
  const list = await fetch(`${server.baseUrl}/so/v1/competitions/`, { headers: { authorization: `Bearer ${token}` } });
  const competitions = (await list.json()) as { name: string; closed: string }[];
  return Date.parse(competitions.find((c) => c.name === name)!.closed);
}

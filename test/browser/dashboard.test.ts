/**
 * The web dashboard in real Chromium (docs/web.md), against the app on a real port with the demo data and a fixed
 * clock, on every dialect: a provider submits a ballot with a broken rule (the live check and the server say so),
 * fixes it and sees it active in the history; the system operator sees the bids ranked against the guide price,
 * decides after bidding closes and publishes; the provider sees the result; a virtual asset's SoC chart renders.
 * No page logs a console error. Screenshots go to test-results/browser/.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../src/demo/seed.js";
import { runTsoAuctions } from "../../src/engine/tso-auctions.js";
import { DIALECTS, T0 } from "../../src/testing/harness.js";
import {
  buildDashboard,
  type DemoServer,
  drawnPixels,
  findChromium,
  launchChromium,
  openPage,
  PHONE,
  screenshot,
  seriousViolations,
  settled,
  sidewaysOverflow,
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

        // Rule 4: more than the window's capacity_required (6.000 MW): checked as you type, in words, at the field;
        // Submit stays disabled while a rule is broken.
        await capacity.fill("7.000");
        await expect.poll(() => check.textContent()).toContain(`Capacity for ${WINDOW}`);
        expect(await check.textContent()).toContain("exceeds the capacity required");
        expect(await check.textContent()).not.toMatch(/bids\[0\]|capacity_required/);
        expect(await capacity.getAttribute("aria-invalid")).toBe("true");
        const submit = page.getByRole("button", { name: "Submit ballot" });
        expect(await submit.isDisabled()).toBe(true);
        await screenshot(page, `${dialect}-provider-ballot-invalid`);

        // What only the server can know (bidding closed in the meantime): its 400 in words, the code in a detail line.
        await capacity.fill("2.500");
        await expect.poll(() => check.textContent()).toContain("Ready to submit");
        const closed = await closingOf(server, COMPETITION);
        server.h.clock.set(closed + 60_000);
        await submit.click();
        const alert = page.getByRole("alert");
        await alert.waitFor();
        expect(await alert.locator(".message").textContent()).toMatch(/clos/);
        expect(await alert.locator(".detail").textContent()).toContain("Error 400 · code competition_not_open");
        await screenshot(page, `${dialect}-provider-ballot-rejected`);

        server.h.clock.set(T0);
        await submit.click();
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
        expect(await ranked.locator("tbody tr").first().textContent()).toContain("Demo Flex");
        expect(await ranked.textContent()).toContain("guide £12.00");
        expect(await drawnPixels(so.page, ".window-bids .chart")).toBeGreaterThan(1000);
        await screenshot(so.page, `${dialect}-operator-bids-ranked`);

        // The operator accepts the bid with a reason and publishes the results.
        const form = so.page.getByRole("form", { name: /Decide bid/ }).first();
        await form.waitFor();
        await form.getByLabel("Reason").fill("Cheapest offer for the evening peak");
        await form.getByRole("button", { name: "Save" }).click();
        await expect.poll(() => ranked.textContent()).toContain("Cheapest offer for the evening peak");
        // Publishing cannot be undone: the first click only asks, naming what will happen.
        await so.page.getByRole("button", { name: "Publish results…" }).click();
        const confirm = so.page.getByRole("group", { name: "Confirm: Publish results" });
        expect(await confirm.textContent()).toContain("cannot be undone");
        expect(await so.page.getByTestId("competition-status").textContent()).toBe("closed");
        await screenshot(so.page, `${dialect}-operator-publish-confirm`);
        await confirm.getByRole("button", { name: "Yes, publish results" }).click();
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
        await expect.poll(() => check.textContent()).toContain('"Reference" must be');
        expect(await page.getByLabel("Reference", { exact: true }).getAttribute("aria-invalid")).toBe("true");
        await page.getByLabel("Reference", { exact: true }).fill("WEB_TEST_1");
        await page.getByLabel("Name", { exact: true }).first().fill("Headington winter peak");
        await page.getByLabel("Capacity required (MW)").fill("1.2345");
        await expect
          .poll(() => check.textContent())
          .toContain('Period 1, window 1: "Capacity required" "1.2345" has more than 3 decimal places');
        const capacityInput = page.getByLabel("Capacity required (MW)");
        expect(await capacityInput.getAttribute("aria-invalid")).toBe("true");
        expect(await page.locator(`#${await capacityInput.getAttribute("aria-describedby")}`).textContent()).toMatch(
          /decimal|places/,
        );
        // A Utilisation competition takes no availability guide price: the field is not offered.
        await page.getByRole("combobox", { name: /^Type/ }).selectOption("Utilisation");
        expect(await page.getByLabel("Availability guide price (£/MW/h)").count()).toBe(0);
        await page.getByRole("combobox", { name: /^Type/ }).selectOption("Availability & Utilisation");
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
        // A battery user starts on its batteries, not on the marketplace's opportunities.
        await page.waitForURL("**/batteries");
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

    it("provider enters a newly published competition and bids in it, all in the browser", async () => {
      server.h.clock.set(T0); // 2026-06-01 09:00 UK time
      const so = await openPage(browser, server.baseUrl);
      try {
        await signIn(so.page, operator);
        await so.page.getByRole("navigation").getByRole("link", { name: "New competition", exact: true }).click();
        await so.page.getByLabel("Reference", { exact: true }).fill("WEB_ENTRY_1");
        await so.page.getByLabel("Name", { exact: true }).first().fill("Iffley flexible evening");
        // The timetable is entered in UK time: qualification is open now, bidding opens at noon.
        await so.page.getByLabel("Qualification opens").fill("2026-06-01T08:00");
        await so.page.getByLabel("Qualification closes").fill("2026-06-01T12:00");
        await so.page.getByLabel("Bidding opens").fill("2026-06-01T12:00");
        await so.page.getByLabel("Bidding closes").fill("2026-06-05T17:00");
        await so.page.getByLabel("First day").fill("2026-06-15");
        await so.page.getByLabel("Last day").fill("2026-09-13");
        await expect.poll(() => so.page.getByTestId("competition-check").textContent()).toContain("is valid");
        await so.page.getByRole("button", { name: "Create draft" }).click();
        await so.page.getByRole("heading", { name: "Iffley flexible evening" }).waitFor();
        // Entered as UK wall time (BST, UTC+1), shown back in UK time with its zone.
        expect(await so.page.locator(".timetable").textContent()).toContain(
          "1 Jun 2026, 12:00 – 5 Jun 2026, 17:00 UK time",
        );
        await so.page.getByRole("button", { name: "Publish competition" }).click();
        await so.page.getByRole("button", { name: "Run qualification" }).click();
        await expect.poll(() => so.page.getByTestId("competition-status").textContent()).toBe("qualification");
        expect(so.errors).toEqual([]);
      } finally {
        await so.context.close();
      }

      const { page, errors, context } = await openPage(browser, server.baseUrl);
      try {
        await signIn(page, provider);
        // Not biddable yet, and why: the provider's qualified assets are not entered.
        const why = page.getByTestId("not-biddable").locator("li", { hasText: "Iffley flexible evening" });
        await why.waitFor();
        expect(await why.textContent()).toMatch(/qualified assets? (is|are) not entered/);
        await screenshot(page, `${dialect}-provider-not-biddable`);
        await why.getByRole("link").click();
        await page.getByRole("heading", { name: "Iffley flexible evening" }).waitFor();
        const entry = page.getByTestId("entry");
        await entry.waitFor();
        const enter = entry.getByRole("button", { name: /^Enter / });
        const count = await enter.count();
        expect(count).toBeGreaterThan(0);
        for (let i = 0; i < count; i++) {
          await enter.first().click();
          await expect.poll(() => enter.count()).toBe(count - i - 1);
        }
        expect(await entry.textContent()).toContain("Entered");
        expect(await entry.getByRole("button", { name: /^Withdraw / }).count()).toBe(count);
        await screenshot(page, `${dialect}-provider-entered`);

        // Bidding opens at noon UK time; the provider bids in the browser.
        server.h.clock.set(Date.UTC(2026, 5, 1, 11, 30));
        await page.reload();
        const check = page.getByTestId("ballot-check");
        await expect.poll(() => check.textContent()).toContain("Ready to submit");
        await page.getByRole("button", { name: "Submit ballot" }).click();
        await page.getByText(/Ballot \w+ submitted with 1 bid/).waitFor();
        expect(await page.getByTestId("ballot-history").locator(".badge").first().textContent()).toBe("active");
        await page.getByRole("navigation").getByRole("link", { name: "Bidding opportunities", exact: true }).click();
        await page.getByRole("link", { name: "Iffley flexible evening" }).first().waitFor();
        expect(errors).toEqual([]);
      } finally {
        server.h.clock.set(T0);
        await context.close();
      }
    });

    it("every time is labelled with its zone; a setting shows the browser's own zone instead", async () => {
      server.h.clock.set(T0);
      const { page, errors, context } = await openPage(browser, server.baseUrl, [], { timezoneId: "America/New_York" });
      try {
        await signIn(page, provider);
        await page.getByRole("navigation").getByRole("link", { name: "Competitions", exact: true }).click();
        await page.getByRole("link", { name: COMPETITION }).click();
        const timetable = page.locator(".timetable");
        await timetable.waitFor();
        expect(await timetable.textContent()).toContain("UK time");
        await page.getByLabel("Show my local time").check();
        await expect.poll(() => page.locator(".timetable").textContent()).toContain("your time (America/New_York)");
        await page.getByLabel("Show my local time").uncheck();
        await expect.poll(() => page.locator(".timetable").textContent()).toContain("UK time");

        await page.getByRole("navigation").getByRole("link", { name: "Virtual assets", exact: true }).click();
        await page.locator("table tbody tr", { hasText: "Amprion" }).getByRole("link").click();
        await page.getByTestId("soc-chart").locator("canvas").waitFor();
        expect(await page.locator("main").textContent()).toContain("Berlin time");
        expect(await page.locator("main").textContent()).not.toMatch(/\d{2}:\d{2}(:\d{2})?Z/);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("every page fits a 390 px phone and has no serious or critical accessibility violation", async () => {
      server.h.clock.set(T0);
      const roles = [
        { name: "provider", credential: provider, start: "/provider" },
        { name: "operator", credential: operator, start: "/operator" },
        { name: "battery-user", credential: user, start: "/batteries" },
      ] as const;
      const problems: string[] = [];
      for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
        const size = viewport.width < 500 ? "phone" : "desktop";
        for (const role of roles) {
          const { page, errors, context } = await openPage(browser, server.baseUrl, [], { viewport, bypassCSP: true });
          try {
            if (role.name === "provider" && size === "phone") {
              await page.goto("/signin");
              await settledSignIn(page);
              problems.push(...(await audit(page, `${dialect}-${size}-signin`)));
            }
            await signIn(page, role.credential);
            await page.waitForURL(`**${role.start}`);
            await settled(page);
            // Each page of the role: its start page, every page in its menu, and the first item of each list.
            const paths = new Set<string>([role.start]);
            for (const href of await page
              .locator("#main-nav a")
              .evaluateAll((as) => as.map((a) => a.getAttribute("href")!)))
              paths.add(href);
            for (const list of [...paths]) {
              await page.goto(list);
              await settled(page);
              const first = await page
                .locator("main table a[href^='/']")
                .evaluateAll((as) =>
                  as.map((a) => a.getAttribute("href")!).find((h) => /\/(competitions|batteries)\//.test(h)),
                );
              if (first) paths.add(first);
            }
            for (const path of paths) {
              await page.goto(path);
              await settled(page);
              const segments = path.split("/").filter(Boolean);
              if (segments.length > 2) segments[segments.length - 1] = "item"; // an id
              const name = `${dialect}-${size}-${role.name}-${segments.join("-")}`;
              problems.push(...(await audit(page, name)));
            }
            if (size === "phone") {
              // The compact menu opens and leads somewhere.
              await page.getByRole("button", { name: "Menu" }).click();
              await page.locator("#main-nav a").first().waitFor({ state: "visible" });
              await screenshot(page, `${dialect}-${size}-${role.name}-menu`);
            }
            expect(errors).toEqual([]);
          } finally {
            await context.close();
          }
        }
      }
      expect(problems).toEqual([]);
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

/** The sign-in page has no h1 wait of the app's own kind: it is settled when its form is there. */
async function settledSignIn(page: import("playwright-core").Page): Promise<void> {
  await page.getByRole("button", { name: "Sign in" }).waitFor();
}

/** Screenshot, then the page's sideways overflow and its serious/critical axe violations as problem lines. */
async function audit(page: import("playwright-core").Page, name: string): Promise<string[]> {
  await screenshot(page, name);
  const problems: string[] = [];
  const overflow = await sidewaysOverflow(page);
  if (overflow > 0) problems.push(`${name}: scrolls sideways by ${overflow} px`);
  for (const v of await seriousViolations(page)) problems.push(`${name}: ${v}`);
  return problems;
}

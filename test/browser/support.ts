/**
 * Browser-test support: the dashboard build, Debian's Chromium through playwright-core, and a real listening app
 * (test harness + demo data + fixed clock). Chromium is the `chromium` package's binary (`command -v chromium`);
 * playwright never downloads a browser here. Without it the browser tests skip with a message (.ci/run installs it).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { DialectName } from "../../src/db/connect.js";
import { seedDemoIfEmpty } from "../../src/demo/seed.js";
import { createHarness, type Harness } from "../../src/testing/harness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const ARTIFACTS = join(ROOT, "test-results", "browser");

/** The Chromium binary, or null when none is installed. */
export function findChromium(): string | null {
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const path = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
      if (path) return path;
    } catch {
      // not installed under this name
    }
  }
  return null;
}

/** Builds web/dist when it is missing or older than its sources (web/build-if-stale.mjs). */
export function buildDashboard(): void {
  execFileSync(process.execPath, [join(ROOT, "web", "build-if-stale.mjs")], { cwd: ROOT, stdio: "pipe" });
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
}

export interface DemoServer {
  readonly h: Harness;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** The app on a real port with the demo data, loaded at the harness's fixed clock. */
export async function startDemoServer(dialect: DialectName): Promise<DemoServer> {
  const h = await createHarness(dialect);
  await seedDemoIfEmpty(h.deps);
  const address = await h.app.listen({ port: 0, host: "127.0.0.1" });
  return { h, baseUrl: address, close: () => h.close() };
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions seen so far (browser network logs of expected 4xx answers excluded). */
  readonly errors: string[];
}

/**
 * A page in a fresh context (its own sessionStorage) that records console errors and page errors. The browser
 * itself logs "Failed to load resource: … status of 400" for a request the server rejects; those are the app
 * showing a server error on purpose and are listed in `expectedStatuses`.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  expectedStatuses: readonly number[] = [],
  options: { viewport?: { width: number; height: number }; bypassCSP?: boolean; timezoneId?: string } = {},
): Promise<WatchedPage & { context: BrowserContext }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    // axe-core is injected as an inline script, which the app's CSP (script-src 'self') refuses.
    bypassCSP: options.bypassCSP ?? false,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    const status = /status of (\d{3})/.exec(text);
    if (text.startsWith("Failed to load resource") && status && expectedStatuses.includes(Number(status[1]))) return;
    errors.push(`console: ${text}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Signs in through the sign-in form. */
export async function signIn(
  page: Page,
  credential:
    | { kind: "api_key"; clientId: string; apiKey: string }
    | { kind: "user"; username: string; password: string },
): Promise<void> {
  await page.goto("/");
  await page.waitForURL("**/signin");
  if (credential.kind === "api_key") {
    await page.getByLabel("API key (marketplace)").check();
    await page.getByLabel("Client id").fill(credential.clientId);
    await page.getByLabel("API key", { exact: true }).fill(credential.apiKey);
  } else {
    await page.getByLabel("Username and password (virtual batteries)").check();
    await page.getByLabel("Username", { exact: true }).fill(credential.username);
    await page.getByLabel("Password", { exact: true }).fill(credential.password);
  }
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** How many pixels of the canvas in `selector` are drawn (not transparent): a rendered chart has thousands. */
export async function drawnPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(`${selector} canvas`, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
    return drawn;
  });
}

/** A phone's viewport (the narrowest common one). */
export const PHONE = { width: 390, height: 844 } as const;

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Waits until the page has rendered its content: a heading, and no loading state left. */
export async function settled(page: Page): Promise<void> {
  await page.locator("h1").first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll(".loading").length === 0);
}

/** How far the page scrolls sideways (0 = it fits its viewport). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** axe-core's violations of impact serious or critical on the page as it is now, as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

/**
 * Real API processes for multi-process tests and the failover bench: spawn `flexmarket serve` (port 0), call it
 * over HTTP, and build the writes a provider sends (ballots for the demo's open competitions, ancillary bids for
 * virtual assets), each write remembered so that it can be looked for afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createVirtualAsset } from "../src/admin/virtual-assets.js";
import { loadConfig } from "../src/config.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { DEMO, seedDemoIfEmpty } from "../src/demo/seed.js";
import { createDeps } from "../src/deps.js";
import { BERLIN, localDate, startOfDay } from "../src/domain/time.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

export const TEST_SECRET = "multi-process-secret-multi-process-secret";

/**
 * Loads the demo data (as `serve` would on an empty database) plus `extraAssets` virtual assets of 10 MWh / 5 MW for
 * the demo provider over the next 30 days, so that write bursts have enough distinct products to bid on.
 */
export async function seedDemoWithBatteries(env: Record<string, string>, extraAssets: number): Promise<void> {
  const deps = createDeps(loadConfig({ ...env, LOG_LEVEL: "silent" }), { hashCost: "low" });
  try {
    await migrateToLatest(deps.db);
    await seedDemoIfEmpty(deps);
    const now = deps.clock.now();
    const today = localDate(now, BERLIN);
    for (let i = 0; i < extraAssets; i++) {
      await createVirtualAsset(
        { db: deps.db, now },
        {
          organisationId: DEMO.provider.organisationId,
          energyKwh: 10_000,
          powerKw: 5_000,
          start: startOfDay(today, BERLIN),
          end: startOfDay(today.add({ days: 30 }), BERLIN),
        },
      );
    }
  } finally {
    await deps.db.close();
  }
}

/** Spawns `flexmarket serve` on a free loopback port and waits for its "listening" log line. */
export async function spawnServer(env: Record<string, string>, timeoutMs = 90_000): Promise<ApiProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      HOST: "127.0.0.1",
      PORT: "0",
      FLEXMARKET_ENGINE: "0",
      FLEXMARKET_RATE_LIMIT: "0",
      FLEXMARKET_SECRET: TEST_SECRET,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*flexmarket listening/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off("data", check);
        resolve(m[1]!);
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return { url, child, output: () => out, stop };
}

export interface CallResult {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

export async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers } satisfies CallResult;
}

export interface Competition {
  id: string;
  windows: string[];
  rates: string[];
}

const RATES: Record<string, string[]> = {
  Availability: ["availability"],
  Utilisation: ["utilisation"],
  "Availability & Utilisation": ["availability", "utilisation"],
  "Service Fee": ["service_fee"],
};

export interface Traffic {
  ballotToken: string;
  bidToken: string;
  competitions: Competition[];
  /** One request per entry, each for products nobody else bids on (a product is bid once: no `bid_pending`). */
  ancillary: { asset: string; body: unknown }[];
}

/** Signs in as the demo provider and lists what it can write: open competitions and its 5 MW virtual assets. */
export async function prepareTraffic(base: string, days = 5): Promise<Traffic> {
  const marketplace = await call(base, "POST", "/authtoken/v1/", undefined, {
    client_id: DEMO.provider.clientId,
    api_key: DEMO.provider.apiKey,
  });
  if (marketplace.status !== 200) throw new Error(`sign-in: ${marketplace.text}`);
  const battery = await call(base, "POST", "/auth/public/authenticate", undefined, {
    username: DEMO.provider.username,
    password: DEMO.provider.password,
  });
  if (battery.status !== 200) throw new Error(`sign-in: ${battery.text}`);
  const ballotToken = (marketplace.body as { token: string }).token;
  const bidToken = (battery.body as { access_token: string }).access_token;

  const opportunities = await call(base, "GET", "/bidding-opportunities/v1/", ballotToken);
  const competitions: Competition[] = [];
  for (const o of opportunities.body as { competition_id: string; competition_type: string }[]) {
    const c = await call(base, "GET", `/competitions/v1/${o.competition_id}/`, ballotToken);
    const periods = (c.body as { service_periods: { service_windows: { id: string }[] }[] }).service_periods;
    competitions.push({
      id: o.competition_id,
      windows: periods.flatMap((p) => p.service_windows.map((w) => w.id)),
      rates: RATES[o.competition_type]!,
    });
  }

  const org = DEMO.provider.organisationId;
  const assets = await call(base, "GET", `/organisations/${org}/virtual-assets`, bidToken);
  const large = (assets.body as { id: string; ratedDischargePower: number }[])
    .filter((a) => a.ratedDischargePower >= 5000)
    .map((a) => a.id);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" });
  const blocks = ["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"];
  const ancillary: Traffic["ancillary"] = [];
  for (let d = 2; d < 2 + days; d++) {
    const deliveryDay = day.format(new Date(Date.now() + d * 86_400_000));
    for (const asset of large) {
      for (let i = 0; i < blocks.length; i += 2) {
        ancillary.push({
          asset,
          body: [blocks[i], blocks[i + 1]].map((b) => ({
            product: `NEGPOS_${b}`,
            deliveryDay,
            bids: [{ offeredCapacity: 1000, capacityPrice: 10.5, energyPrice: null }],
          })),
        });
      }
    }
  }
  return { ballotToken, bidToken, competitions, ancillary };
}

/** A ballot for every window of the competition (capacity varies so that ballots differ). */
export function ballotBody(c: Competition, n: number) {
  return {
    competition_id: c.id,
    bids: c.windows.map((w) => ({
      service_window_id: w,
      capacity: `0.${String(100 + (n % 800))}`,
      max_runtime: "01:30:00",
      rates: c.rates.map((type) => ({ type, value: "12.34" })),
    })),
  };
}

export async function postBallot(base: string, traffic: Traffic, c: Competition, n: number) {
  return call(base, "POST", `/bids/v1/competitions/${c.id}/ballots/`, traffic.ballotToken, ballotBody(c, n));
}

export async function postAncillary(base: string, traffic: Traffic, next: Traffic["ancillary"][number]) {
  const org = DEMO.provider.organisationId;
  return call(
    base,
    "POST",
    `/organisations/${org}/virtual-assets/${next.asset}/ancillary/bids`,
    traffic.bidToken,
    next.body,
  );
}

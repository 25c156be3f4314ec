/**
 * The package as a user gets it (docs/agent.md, "The SDK"): `npm pack` (which builds dist/), the tarball installed
 * into an empty folder, `flexmarket/sdk` imported from a plain `.mjs` under Node and the `flexmarket` command run,
 * both against a real demo server; the type declarations checked by `tsc` from a `.mts` consumer.
 *
 * Offline: the folder gets a lockfile (the repository's own, production entries only, plus the tarball), so
 * `npm ci --offline` takes every dependency from the local npm cache that `npm ci` of this repository filled, with no
 * registry look-up. Dependencies' install scripts are skipped (`--ignore-scripts`): the SDK and the command's HTTP
 * commands load no native addon, and better-sqlite3's script would try to download or compile SQLite here.
 * About 40 s, most of it `npm pack` (with the incremental build) and `npm ci`.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../src/demo/seed.js";
import { startTestServer, type TestServer } from "../src/sdk/test-server.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The environment of a child npm/node: without the npm_* variables of an enclosing `npm test`. */
const childEnv = (extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_"))),
  NO_COLOR: "1",
  ...extra,
});

interface LockEntry {
  version?: string;
  dev?: boolean;
  [key: string]: unknown;
}

/** A lockfile for a folder that depends on the tarball only: the repository's production entries plus the tarball. */
function consumerLock(tarball: string, integrity: string): object {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const { "": root, ...entries } = lock.packages;
  const production = Object.fromEntries(Object.entries(entries).filter(([, entry]) => !entry.dev));
  const self = root as LockEntry & { dependencies: Record<string, string> };
  return {
    name: "consumer",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "consumer", dependencies: { flexmarket: tarball } },
      "node_modules/flexmarket": {
        version: self.version,
        resolved: tarball,
        integrity,
        license: self.license,
        dependencies: self.dependencies,
        bin: self.bin,
        engines: self.engines,
      },
      ...production,
    },
  };
}

const CONSUMER_MJS = `
import { createFlexmarketClient, dataOf, FlexmarketError } from "flexmarket/sdk";
import { verifyWebhook } from "flexmarket/sdk/webhooks";
const [baseUrl, clientId, apiKey] = process.argv.slice(2);
const fm = createFlexmarketClient({ baseUrl, marketplace: { clientId, apiKey } });
const competitions = await dataOf(fm.api.GET("/competitions/v1/"));
let refused;
try {
  await createFlexmarketClient({ baseUrl, marketplace: { clientId, apiKey: "wrong" } }).api.GET("/assets/v1/");
} catch (error) {
  refused = error instanceof FlexmarketError ? error.status : String(error);
}
console.log(JSON.stringify({ competitions: competitions.length, refused, verifyWebhook: typeof verifyWebhook }));
`;

const CONSUMER_MTS = `
import { createFlexmarketClient, type components, type paths } from "flexmarket/sdk";
const fm = createFlexmarketClient({ baseUrl: "http://localhost:8080" });
const error: components["schemas"]["ErrorBody"] = { error: "not_found", message: "No." };
type Competitions = paths["/competitions/v1/"]["get"];
export const used: [typeof fm, typeof error, Competitions | undefined] = [fm, error, undefined];
// @ts-expect-error: the types know the paths
fm.api.GET("/no-such-path/");
`;

describe("the npm package", () => {
  let dir: string;
  let server: TestServer;
  const timings: string[] = [];
  const timed = async <T>(label: string, step: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await step();
    timings.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "flexmarket-package-"));
    server = await startTestServer("sqlite");
  });
  afterAll(async () => {
    console.info(`npm package test: ${timings.join(", ")}`);
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("installs from its tarball offline and works from plain Node: the SDK and the command", async () => {
    const packed = await timed("npm pack (builds dist/)", () =>
      run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT, env: childEnv(), maxBuffer: 1 << 26 }),
    );
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as {
      filename: string;
      integrity: string;
      files: { path: string }[];
    }[];
    const shipped = info!.files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining(["dist/sdk/index.js", "dist/sdk/index.d.ts", "dist/cli/main.js"]));
    expect(shipped).toContain("dist/sdk/openapi.d.ts");
    expect(shipped.filter((path) => path.startsWith("src/") || path.endsWith(".tsbuildinfo"))).toEqual([]);

    const consumer = join(dir, "consumer");
    await run("mkdir", [consumer]);
    const tarball = `file:../${info!.filename}`;
    const manifest = { name: "consumer", private: true, type: "module", dependencies: { flexmarket: tarball } };
    writeFileSync(join(consumer, "package.json"), JSON.stringify(manifest));
    writeFileSync(join(consumer, "package-lock.json"), JSON.stringify(consumerLock(tarball, info!.integrity)));
    await timed("npm ci --offline", () =>
      run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
        cwd: consumer,
        env: childEnv(),
      }).catch((error: Error & { stderr?: string }) => {
        const hint = error.stderr?.includes("ENOTCACHED")
          ? "A dependency is not in the local npm cache: run `npm ci` in the repository first (it fills the cache).\n"
          : "";
        throw new Error(`${hint}npm ci --offline of the tarball failed:\n${error.stderr ?? error.message}`);
      }),
    );

    writeFileSync(join(consumer, "consumer.mjs"), CONSUMER_MJS);
    const sdk = await timed("SDK call from .mjs", () =>
      run(process.execPath, ["consumer.mjs", server.baseUrl, DEMO.provider.clientId, DEMO.provider.apiKey], {
        cwd: consumer,
        env: childEnv(),
      }),
    );
    const answer = JSON.parse(sdk.stdout) as { competitions: number; refused: unknown; verifyWebhook: string };
    expect(answer.competitions).toBeGreaterThan(0);
    expect(answer).toMatchObject({ refused: 401, verifyWebhook: "function" });

    const cli = await timed("flexmarket opportunities", () =>
      run(join(consumer, "node_modules/.bin/flexmarket"), ["opportunities"], {
        cwd: consumer,
        env: childEnv({
          FLEXMARKET_URL: server.baseUrl,
          FLEXMARKET_CLIENT_ID: DEMO.provider.clientId,
          FLEXMARKET_API_KEY: DEMO.provider.apiKey,
        }),
      }),
    );
    expect(cli.stdout.length).toBeGreaterThan(0);

    writeFileSync(join(consumer, "consumer.mts"), CONSUMER_MTS);
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const flags = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck"];
    await timed("tsc on a .mts consumer", () =>
      run(process.execPath, [tsc, ...flags, "--target", "es2022", "--lib", "es2023,dom", "consumer.mts"], {
        cwd: consumer,
        env: childEnv(),
      }),
    );
  }, 180_000);
});

/**
 * The served OpenAPI document as a client generator reads it (docs/agent.md, "The OpenAPI document"): every
 * protected route declares the bearer scheme, every operation has a unique operationId, and `redocly lint` with the
 * recommended rules (redocly.yaml) finds nothing. New routes are covered without edits: the checks walk the document
 * and the app's route list.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createHarness, type Harness } from "../testing/harness.js";
import { operationIdOf } from "./openapi.js";

interface OpenApiOperation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
}
type Document = { paths: Record<string, Record<string, OpenApiOperation>> } & Record<string, unknown>;

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function operations(doc: Document): { method: string; path: string; op: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

/** `#/paths/~1assets~1v1~1/get/responses` → `GET /assets/v1/ (getAssetsV1)`; other pointers as they are. */
function placeOf(doc: Document, pointer: string): string {
  const [path, method] = pointer
    .replace(/^#\/paths\//, "")
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  const op = pointer.startsWith("#/paths/") && path && method ? doc.paths[path]?.[method] : undefined;
  return op ? `${method!.toUpperCase()} ${path} (${op.operationId})` : pointer;
}

/** Runs `redocly lint` (offline: no telemetry, no update check) on the document; one line per problem. */
function lint(doc: Document): string[] {
  const dir = mkdtempSync(join(tmpdir(), "flexmarket-openapi-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const run = spawnSync(
      join(ROOT, "node_modules/.bin/redocly"),
      ["lint", file, "--config", join(ROOT, "redocly.yaml"), "--format=json", "--max-problems=1000"],
      {
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
      },
    );
    const start = run.stdout.indexOf("{");
    if (start < 0) throw new Error(`redocly lint printed no report:\n${run.stdout}\n${run.stderr}`);
    const report = JSON.parse(run.stdout.slice(start)) as {
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    return report.problems.map(
      (p) => `${placeOf(doc, p.location[0]?.pointer ?? "#")}: ${p.message} [${p.severity} ${p.ruleId}]`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the OpenAPI document", () => {
  let h: Harness;
  let doc: Document;
  beforeAll(async () => {
    // As `npm start` serves it: rate limiting on (the default), so every operation also documents its 429.
    h = await createHarness("sqlite", { rateLimitPerMinute: loadConfig({}).rateLimitPerMinute });
    doc = (await h.app.inject({ url: "/openapi.json" })).json();
  });
  afterAll(() => h.close());

  it("passes `redocly lint` with the recommended rules (redocly.yaml)", () => {
    const problems = lint(doc);
    expect(problems, `redocly lint:\n${problems.join("\n")}\nFix these in the operations' route schemas.`).toEqual([]);
  }, 60_000);

  it("declares the bearer scheme on exactly the routes that require a token", () => {
    const declared = new Map(operations(doc).map(({ method, path, op }) => [`${method} ${path}`, op.security]));
    const documented = h.app.routeList.filter((r) => r.method !== "HEAD" && declared.has(key(r.method, r.url)));
    expect(documented.length).toBe(declared.size);
    const wrong = documented
      .filter((r) => {
        const security = declared.get(key(r.method, r.url));
        return r.auth === undefined || r.auth === "public"
          ? !(Array.isArray(security) && security.length === 0)
          : JSON.stringify(security) !== JSON.stringify([{ bearer: [] }]);
      })
      .map(
        (r) => `${r.method} ${r.url} (auth ${r.auth}): security ${JSON.stringify(declared.get(key(r.method, r.url)))}`,
      );
    expect(wrong).toEqual([]);
    expect(documented.filter((r) => r.auth !== "public").length).toBeGreaterThan(40);
  });

  it("gives every operation a unique operationId", () => {
    const byId = new Map<string, string[]>();
    for (const { method, path, op } of operations(doc)) {
      expect(op.operationId, `${method.toUpperCase()} ${path} has no operationId`).toBeTruthy();
      byId.set(op.operationId!, [...(byId.get(op.operationId!) ?? []), `${method.toUpperCase()} ${path}`]);
    }
    expect([...byId].filter(([, places]) => places.length > 1)).toEqual([]);
  });

  it("documents 401 on every protected operation and 429 on every operation", () => {
    for (const { method, path, op } of operations(doc)) {
      const place = `${method.toUpperCase()} ${path}`;
      if (op.security?.length) expect(op.responses, place).toHaveProperty("401");
      expect(op.responses, place).toHaveProperty("429");
    }
  });

  it("has servers and a license", () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: "/" })]);
    expect(doc.info).toMatchObject({ license: { name: "MIT", identifier: "MIT" } });
  });
});

describe("operationIdOf", () => {
  it("is the method and the path in camelCase, path parameters after `By`", () => {
    expect(operationIdOf("GET", "/assets/v1/")).toBe("getAssetsV1");
    expect(operationIdOf("PATCH", "/assets/v1/:id/")).toBe("patchAssetsV1ById");
    expect(operationIdOf("GET", "/bid-results/v1/{competition_id}/")).toBe("getBidResultsV1ByCompetitionId");
    expect(operationIdOf("POST", "/organisations/:organisationID/auctions/:auctionID/bids")).toBe(
      "postOrganisationsByOrganisationIDAuctionsByAuctionIDBids",
    );
  });
});

/** Fastify's `/a/:id/` as the document's `get /a/{id}/`. */
const key = (method: string, url: string) => `${method.toLowerCase()} ${url.replace(/:(\w+)/g, "{$1}")}`;

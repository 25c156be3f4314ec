/**
 * Fuzzing from the OpenAPI document: for every operation, fast-check generates malformed and edge inputs
 * (wrong types, huge numbers, 4-decimal MW, negative prices, unknown enum values, bad dates, DST edges,
 * unicode, deep nesting) for its body, query and path. Asserts: never a 5xx, every error is a JSON body
 * `{error, message}`, and after any 4xx the database is unchanged (no half-written rows).
 * FUZZ_RUNS raises the number of cases per operation (default 25).
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, seedDemoIfEmpty } from "../src/demo/seed.js";
import { createHarness, DIALECTS, type Harness } from "./harness.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

const edgeString = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "1.2345",
    "-1",
    "-0.001",
    "NaN",
    "Infinity",
    "1e309",
    "9".repeat(40),
    "0.000",
    "2026-03-29T01:30:00+01:00",
    "2026-10-25T02:30:00+02:00",
    "2026-02-30",
    "2026-13-01T00:00:00Z",
    "1T25:61:61",
    "NEGPOS_24_28",
    "POS_097",
    "Availability & Utilisation ",
    "Ünïcødé ✓ 🔋",
    "\u0000",
    "'; drop table ballots; --",
    "../../etc/passwd",
    "FCR,AFRRCapacity,fcr",
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);
const edgeNumber = fc.oneof(
  fc.constantFrom(0, -1, 1000.5, 1500, 1e308, -1e308, 15000.01, -15000.01, 2 ** 53, 0.1 + 0.2, 1e-7),
  fc.double({ noNaN: true }),
  fc.integer(),
);
const edgeValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    edgeString,
    edgeNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** A valid-looking value for a schema, with each leaf possibly replaced by an edge value. */
function nearValid(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return edgeValue;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0) return fc.oneof(...variants.map((v) => nearValid(v, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const leaf = (valid: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: edgeValue });
  if (schema.enum) return leaf(fc.constantFrom(...schema.enum));
  if (schema.const !== undefined) return leaf(fc.constant(schema.const));
  switch (type) {
    case "object": {
      const props = schema.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = nearValid(v, depth + 1);
      const base = fc.record(record, { requiredKeys: schema.required?.filter((k) => k in props) ?? [] });
      return fc.oneof(
        { weight: 4, arbitrary: base },
        {
          weight: 1,
          arbitrary: fc
            .tuple(base, fc.string({ maxLength: 8 }), edgeValue)
            .map(([o, k, v]) => ({ ...(o as object), [k]: v })),
        },
        { weight: 1, arbitrary: edgeValue },
      );
    }
    case "array":
      return leaf(fc.array(nearValid(schema.items, depth + 1), { maxLength: 4 }));
    case "string":
      return leaf(edgeString);
    case "integer":
    case "number":
      return leaf(edgeNumber);
    case "boolean":
      return leaf(fc.boolean());
    default:
      return edgeValue;
  }
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

describe.each(DIALECTS)("fuzzing every operation from the OpenAPI document (%s)", (dialect) => {
  let h: Harness;
  let tables: string[];
  const tokens: Record<string, { authorization: string }> = {};

  beforeAll(async () => {
    h = await createHarness(dialect);
    await seedDemoIfEmpty(h.deps);
    for (const [role, org] of [
      ["provider", DEMO.provider.organisationId],
      ["system_operator", DEMO.systemOperator.organisationId],
    ] as const) {
      const { token } = await h.token(org, role);
      tokens[role] = { authorization: `Bearer ${token}` };
    }
    const introspect =
      h.db.dialect === "postgres"
        ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`
        : sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`;
    tables = (await introspect.execute(h.db.kysely)).rows.map((r) => r.name).filter((n) => !n.startsWith("kysely_"));
  });
  afterAll(() => h.close());

  async function snapshot(): Promise<string> {
    const counts: string[] = [];
    for (const t of tables) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(h.db.kysely);
      counts.push(`${t}=${Number(r.rows[0]?.n)}`);
    }
    return counts.join(",");
  }

  it("never answers 5xx, always a JSON error body, and changes nothing on a 4xx", async () => {
    const doc = (await h.app.inject({ url: "/openapi.json" })).json() as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    let cases = 0;
    let operations = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
        operations++;
        const params = op.parameters ?? [];
        const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
        const query = params.filter((p) => p.in === "query");
        const pathParams = params.filter((p) => p.in === "path");
        const arb = fc.record({
          body: bodySchema ? nearValid(bodySchema) : fc.option(edgeValue, { nil: undefined }),
          query: fc.record(Object.fromEntries(query.map((q) => [q.name, fc.option(edgeString, { nil: undefined })]))),
          path: fc.record(
            Object.fromEntries(
              pathParams.map((p) => [
                p.name,
                p.name === "organisationID"
                  ? fc.constant(DEMO.provider.organisationId)
                  : edgeString.filter((s) => s.length > 0),
              ]),
            ),
          ),
          role: fc.constantFrom("provider", "system_operator"),
        });
        await fc.assert(
          fc.asyncProperty(arb, async ({ body, query: q, path: p, role }) => {
            let url = path;
            for (const [k, v] of Object.entries(p)) url = url.replace(`{${k}}`, encodeURIComponent(String(v)));
            const qs = new URLSearchParams();
            for (const [k, v] of Object.entries(q)) if (v !== undefined) qs.set(k, String(v));
            const full = qs.size > 0 ? `${url}?${qs}` : url;
            const before = await snapshot();
            const res = await h.app.inject({
              method: method.toUpperCase() as "GET",
              url: full,
              headers: { ...tokens[role], "content-type": "application/json" },
              payload: body === undefined || method === "get" || method === "delete" ? undefined : JSON.stringify(body),
            });
            cases++;
            expect(
              res.statusCode,
              `${method.toUpperCase()} ${full} ${JSON.stringify(body)?.slice(0, 300)} → ${res.body.slice(0, 300)}`,
            ).toBeLessThan(500);
            if (res.statusCode >= 400) {
              const err = res.json();
              expect(typeof err.error).toBe("string");
              expect(typeof err.message).toBe("string");
              expect(
                await snapshot(),
                `${method.toUpperCase()} ${full} changed the database on ${res.statusCode}`,
              ).toBe(before);
            }
          }),
          { numRuns: RUNS, seed: 42 },
        );
      }
    }
    expect(cases).toBeGreaterThan(0);
    console.info(`fuzz (${dialect}): ${cases} cases over ${operations} operations, 0 answered 5xx`);
  }, 300_000);

  // Regressions the fuzzer found, kept as fixed cases so they never depend on the seed.
  it("answers 400 to paging values outside their bounds, on every paged route", async () => {
    const paged = ["/assets/v1/", "/planned-assets/v1/", "/competitions/v1/", "/bidding-opportunities/v1/"];
    for (const url of paged) {
      for (const q of ["offset=9999999999999999999999999999999999999999", "offset=-1", "limit=0", "limit=1001"]) {
        const res = await h.app.inject({ url: `${url}?${q}`, headers: tokens.provider });
        expect(res.statusCode, `${url}?${q} → ${res.body}`).toBe(400);
        expect(res.json()).toMatchObject({ error: "validation_failed", field: q.split("=")[0] });
      }
      const ok = await h.app.inject({ url: `${url}?offset=1000000000&limit=1000`, headers: tokens.provider });
      expect(ok.statusCode, `${url} at the bounds → ${ok.body}`).toBe(200);
    }
  });

  it("answers 400 to a NUL character in a path, query or body string (and in a body key)", async () => {
    const before = await snapshot();
    const cases = [
      { method: "GET", url: "/competitions/v1/%00/", field: "id" },
      { method: "GET", url: "/assets/v1/?ref=a%00b", field: "ref" },
      {
        method: "POST",
        url: "/bids/v1/competitions/x/ballots/",
        payload: { competition_id: "x\u0000", bids: [] },
        field: "competition_id",
      },
      {
        method: "POST",
        url: `/organisations/${DEMO.provider.organisationId}/virtual-assets/x/ancillary/bids`,
        payload: [{ product: "NEGPOS_00_04", deliveryDay: "2026-06-03", bids: [{ "a\u0000": 1 }] }],
        field: "[0].bids[0].a\\u0000",
      },
    ] as const;
    for (const c of cases) {
      const res = await h.app.inject({
        method: c.method,
        url: c.url,
        headers: tokens.provider,
        ...("payload" in c ? { payload: c.payload } : {}),
      });
      expect(res.statusCode, `${c.method} ${c.url} → ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ error: "validation_failed", field: c.field });
    }
    expect(await snapshot()).toBe(before);
  });
});

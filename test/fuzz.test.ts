/**
 * Fuzzing from the OpenAPI document: for every operation, fast-check generates malformed and edge inputs
 * (wrong types, huge numbers, 4-decimal MW, negative prices, unknown enum values, bad dates, DST edges,
 * unicode, lone surrogates, very long strings and ids, arrays one over their maxItems, deep nesting) for its body,
 * query and path. Asserts: never a 5xx, every error is a JSON body
 * `{error, message}`, and after any 4xx the database is unchanged (no half-written rows).
 * FUZZ_RUNS raises the number of cases per operation (default 25).
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, seedDemoIfEmpty } from "../src/demo/seed.js";
import { createHarness, DIALECTS, type Harness } from "../src/testing/harness.js";

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
    "a\ud800b",
    "\udc00",
    "🔋\ud83d",
    "x".repeat(101),
    "x".repeat(300),
    "y".repeat(5000),
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
  maxItems?: number;
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
    case "array": {
      const items = nearValid(schema.items, depth + 1);
      const arrays = [{ weight: 4, arbitrary: fc.array(items, { maxLength: 4 }) }];
      // One over the declared maximum (copies of one item: the limit, not the items, is under test).
      const over = schema.maxItems === undefined ? undefined : schema.maxItems + 1;
      if (over !== undefined && over <= 5000) {
        arrays.push({ weight: 1, arbitrary: items.map((item) => Array.from({ length: over }, () => item)) });
      }
      return leaf(fc.oneof(...arrays));
    }
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

/**
 * `encodeURIComponent`, except that a lone surrogate (which it refuses) is sent as the bytes a raw client would send:
 * its WTF-8 encoding (%ED%A0%80 for \ud800), which is not valid UTF-8.
 */
function encodePathSegment(text: string): string {
  return text.replace(/[\ud800-\udbff][\udc00-\udfff]|[^\ud800-\udfff]+|[\ud800-\udfff]/g, (part) => {
    if (part.length !== 1 || part < "\ud800" || part > "\udfff") return encodeURIComponent(part);
    const c = part.charCodeAt(0);
    const hex = (n: number) => `%${n.toString(16).toUpperCase()}`;
    return `%ED${hex(0x80 | ((c >> 6) & 0x3f))}${hex(0x80 | (c & 0x3f))}`;
  });
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
            for (const [k, v] of Object.entries(p)) url = url.replace(`{${k}}`, encodePathSegment(String(v)));
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

  // The state and operational-data views of a REAL virtual asset and block (the generic fuzz above mostly meets
  // unknown ids there): their query parameters get edge values and near-valid ones.
  it("never answers 5xx to the state and operational-data views of an existing asset and block", async () => {
    const asset = await h.db.kysely
      .selectFrom("virtual_assets")
      .select("id")
      .where("organisation_id", "=", DEMO.provider.organisationId)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const block = await h.db.kysely
      .selectFrom("blocks")
      .select("id")
      .where("virtual_asset_id", "=", asset.id)
      .executeTakeFirstOrThrow();
    const base = `/organisations/${DEMO.provider.organisationId}/virtual-assets/${asset.id}`;
    const paths = [
      "/state-of-energy/latest",
      "/state-of-charge/latest",
      "/state-of-charge",
      "/state-of-energy/projected",
      "/energy-capacity",
      "/operational",
      "/operational/latest",
      `/blocks/${block.id}/operational`,
      `/blocks/${block.id}/operational/latest`,
    ];
    const instant = fc.oneof(
      edgeString,
      fc
        .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2032, 0, 1) })
        .map((ms) => new Date(ms).toISOString().replace(".000Z", "Z")),
    );
    const categories = fc.oneof(
      edgeString,
      fc
        .subarray([
          "stateOfCharge",
          "stateOfEnergy",
          "maximumDeliverablePower",
          "minimumDeliverablePower",
          "undeliverableSchedule",
          "energyCapacityAvailable",
          "boundaryPower",
          "deliveryPeriodSetpoint",
          "powerCapacityChargeAvailable",
        ])
        .map((c) => c.join(",")),
    );
    const before = await snapshot();
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.option(instant, { nil: undefined }),
        fc.option(instant, { nil: undefined }),
        fc.option(categories, { nil: undefined }),
        async (path, start, end, cats) => {
          const qs = new URLSearchParams();
          if (start !== undefined) qs.set("start", start);
          if (end !== undefined) qs.set("end", end);
          if (cats !== undefined) qs.set("categories", cats);
          const url = qs.size > 0 ? `${base}${path}?${qs}` : `${base}${path}`;
          const res = await h.app.inject({ url, headers: tokens.provider });
          expect(res.statusCode, `${url} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.statusCode, url).toBe(400);
            expect(typeof res.json().message).toBe("string");
          } else ok++;
        },
      ),
      { numRuns: RUNS * 8, seed: 42 },
    );
    expect(ok).toBeGreaterThan(0);
    expect(await snapshot()).toBe(before);
  });

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

  // A query string cannot carry one: its invalid UTF-8 decodes to U+FFFD, as URLs are decoded everywhere.
  it("answers 400 to a lone surrogate in a path or body string (and in a body key), on both databases", async () => {
    const before = await snapshot();
    const cases = [
      { method: "GET", url: "/competitions/v1/a%ED%A0%80b/", status: 400, error: "validation_failed" },
      { method: "POST", url: "/assets/v1/", payload: '{"ref":"a\\ud800b","name":"n"}', field: "ref" },
      {
        // Otherwise valid: PostgreSQL stored this name as "a\ufffdb", SQLite as given.
        method: "POST",
        url: "/assets/v1/",
        payload:
          '{"ref":"lone","name":"a\\ud800b","asset_category":"storage","asset_type":"battery","postcode":"OX4 2AB",' +
          '"active_export_capacity":"1.000","active_import_capacity":"1.000"}',
        field: "name",
      },
      {
        method: "POST",
        url: `/organisations/${DEMO.provider.organisationId}/virtual-assets/x/ancillary/bids`,
        payload: '[{"product":"NEGPOS_00_04","deliveryDay":"2026-06-03","bids":[{"a\\ud800":1}]}]',
        field: "[0].bids[0].a\\ud800",
      },
    ] as const;
    for (const c of cases) {
      const res = await h.app.inject({
        method: c.method,
        url: c.url,
        headers: { ...tokens.provider, "content-type": "application/json" },
        ...("payload" in c ? { payload: c.payload } : {}),
      });
      expect(res.statusCode, `${c.method} ${c.url} → ${res.body}`).toBe(400);
      expect(res.json().error).toBe("validation_failed");
      if ("field" in c) expect(res.json().field, res.body).toBe(c.field);
    }
    expect(await snapshot()).toBe(before);
  });

  it("stores well-formed text beyond the BMP unchanged (a surrogate pair is one character)", async () => {
    const name = "Battery 🔋 \u{1F50B}";
    const created = await h.app.inject({
      method: "POST",
      url: "/assets/v1/",
      headers: tokens.provider,
      payload: {
        ref: `emoji-${dialect}`,
        name,
        asset_category: "storage",
        asset_type: "battery",
        postcode: "OX4 2AB",
        active_export_capacity: "1.000",
        active_import_capacity: "1.000",
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const read = await h.app.inject({ url: `/assets/v1/${created.json().id}/`, headers: tokens.provider });
    expect(read.json().name).toBe(name);
  });

  it("answers very long ids with 414 and oversize arrays with 400, in the catalogue's shape", async () => {
    const long = await h.app.inject({ url: `/competitions/v1/${"x".repeat(300)}/`, headers: tokens.provider });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ error: "uri_too_long", requestId: expect.any(String) });
    const ids = Array.from({ length: 1001 }, (_, i) => `a${i}`);
    const ballot = await h.app.inject({
      method: "POST",
      url: "/bids/v1/competitions/x/ballots/",
      headers: tokens.provider,
      payload: {
        competition_id: "x",
        bids: [{ service_window_id: "w", capacity: "1.000", max_runtime: "01:00:00", rates: [] }],
        assets: { flex: ids },
      },
    });
    expect(ballot.statusCode).toBe(400);
    expect(ballot.json()).toMatchObject({ error: "validation_failed", field: "assets.flex" });
  });
});

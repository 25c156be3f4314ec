/**
 * readChunks (chunks.ts) against one ORDER BY … LIMIT … OFFSET query: the same rows in the same order for every
 * page, both directions, with many rows sharing a sort value and a chunk size that does not divide the page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { collect, countRows, type Page, readChunks } from "./chunks.js";

describe.each(DIALECTS)("readChunks (%s)", (dialect) => {
  let h: Harness;
  let provider: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = (await h.org("provider")).id;
    const rows = Array.from({ length: 53 }, (_, i) => ({
      id: `a${String((i * 37) % 53).padStart(3, "0")}`,
      provider_id: provider,
      ref: `R${i}`,
      name: "n",
      status: "operational",
      asset_category: "storage",
      asset_type: "battery",
      country_code: "GB",
      postcode: "OX4 2AB",
      // five distinct instants: ten or so rows share each
      created_at: `2026-01-0${1 + (i % 5)}T00:00:00.000Z`,
      modified_at: "2026-01-01T00:00:00.000Z",
      active_export_capacity_milli_mw: 1,
      active_import_capacity_milli_mw: 1,
    }));
    await h.db.kysely.insertInto("flex_assets").values(rows).execute();
  });
  afterAll(() => h.close());

  const base = () => h.db.kysely.selectFrom("flex_assets").where("provider_id", "=", provider);

  for (const direction of ["asc", "desc"] as const) {
    for (const page of [
      { offset: 0 },
      { offset: 11 },
      { offset: 0, limit: 20 },
      { offset: 7, limit: 15 },
      { offset: 50, limit: 10 },
      { offset: 60 },
    ] satisfies Page[]) {
      it(`${direction} ${JSON.stringify(page)} equals one OFFSET query`, async () => {
        let q = base().select(["id", "created_at"]).orderBy("created_at", direction).orderBy("id", direction);
        q = q.offset(page.offset).limit(page.limit ?? 1000);
        const expected = (await q.execute()).map((r) => r.id);
        const chunks: string[][] = [];
        for await (const chunk of readChunks(
          base().select(["id", "created_at"]),
          { column: "created_at", id: "id", direction },
          page,
          (rows) => rows.map((r) => r.id as string),
          7,
        )) {
          expect(chunk.length).toBeLessThanOrEqual(7);
          chunks.push(chunk);
        }
        expect(chunks.flat()).toEqual(expected);
      });
    }
  }

  it("counts the rows and collects a short list", async () => {
    expect(await countRows(base())).toBe(53);
    const all = await collect(
      readChunks(base().selectAll(), { column: "created_at", id: "id", direction: "asc" }, { offset: 0 }, (r) => r),
    );
    expect(all).toHaveLength(53);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { eachInSavepoint, groupKey } from "./savepoints.js";

describe.each(DIALECTS)("writes in savepoints of one transaction (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  /** A write that stores an organisation row, and throws after it when told to. */
  const write = (name: string, fail: boolean) => async (tx: Parameters<Parameters<typeof eachInSavepoint>[2]>[0]) => {
    await tx
      .insertInto("organisations")
      .values({ id: name, name, role: "provider", created_at: new Date().toISOString() })
      .execute();
    if (fail) throw new Error(`${name} failed after writing`);
    return name;
  };
  const stored = async (names: string[]) =>
    (await h.db.kysely.selectFrom("organisations").select("id").where("id", "in", names).execute())
      .map((r) => r.id)
      .sort();

  it("a write that fails after writing is rolled back alone; the others commit", async () => {
    const names = ["sp-a", "sp-b", "sp-c"];
    const outcomes = await eachInSavepoint(h.db, names, (tx, name) => write(name, name === "sp-b")(tx));
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(String((outcomes[1] as { error: Error }).error.message)).toBe("sp-b failed after writing");
    expect(await stored(names)).toEqual(["sp-a", "sp-c"]);
  });

  it("a lone write runs in its own transaction: its failure leaves nothing", async () => {
    const [ok] = await eachInSavepoint(h.db, ["sp-d"], (tx, name) => write(name, false)(tx));
    const [failed] = await eachInSavepoint(h.db, ["sp-e"], (tx, name) => write(name, true)(tx));
    expect([ok!.ok, failed!.ok]).toEqual([true, false]);
    expect(await stored(["sp-d", "sp-e"])).toEqual(["sp-d"]);
  });

  it("groups every write on SQLite, one key's on PostgreSQL", () => {
    expect(groupKey(h.db, "asset-1") === groupKey(h.db, "asset-2")).toBe(dialect === "sqlite");
  });
});

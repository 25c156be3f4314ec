import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { connect } from "../connect.js";
import { keysAlreadyRun, runOnce } from "./job-runs.js";

describe.each(DIALECTS)("runOnce (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it("runs an occurrence once and skips it afterwards (a restart does not repeat it)", async () => {
    let runs = 0;
    const job = async () => {
      runs++;
      return "done";
    };
    expect(await runOnce(h.db.kysely, { kind: "k", key: "a", now: 0 }, job)).toEqual({ ran: true, value: "done" });
    expect(await runOnce(h.db.kysely, { kind: "k", key: "a", now: 0 }, job)).toEqual({ ran: false });
    expect(runs).toBe(1);
    expect(await keysAlreadyRun(h.db.kysely, "k", ["a", "b"])).toEqual(new Set(["a"]));
  });

  it("forgets an occurrence whose job failed, so the next tick runs it again (nothing skipped)", async () => {
    await expect(
      runOnce(h.db.kysely, { kind: "k", key: "fails", now: 0 }, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await runOnce(h.db.kysely, { kind: "k", key: "fails", now: 0 }, async () => 1)).toEqual({
      ran: true,
      value: 1,
    });
  });

  it("runs each occurrence exactly once when several connections race for it", async () => {
    // PostgreSQL: two independent pools on one database, as two server processes would have. SQLite is served
    // by one process; its single connection interleaves the racing transactions.
    const a = dialect === "postgres" ? connect({ databaseUrl: h.config.databaseUrl }) : h.db;
    const b = dialect === "postgres" ? connect({ databaseUrl: h.config.databaseUrl }) : h.db;
    let effects = 0;
    const job = async () => {
      effects++;
      await new Promise((r) => setTimeout(r, 5));
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => runOnce((i % 2 ? a : b).kysely, { kind: "race", key: "x", now: 0 }, job)),
    );
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(effects).toBe(1);
    if (dialect === "postgres") {
      await a.close();
      await b.close();
    }
  });
});

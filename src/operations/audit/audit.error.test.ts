import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit, systemActor } from "../../db/repositories/audit.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { ballotBody, call, type Market, ok, setupMarket } from "../marketplace/test-support.js";

describe.each(DIALECTS)("audit trail, errors (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
  });
  afterAll(() => h.close());

  const count = async () =>
    Number(
      (
        await h.db.kysely
          .selectFrom("audit_log")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("a refused action leaves no entry (ballot over the window's capacity, edit of a published competition)", async () => {
    const before = await count();
    const bad = ballotBody(m);
    (bad.bids[0] as { capacity: string }).capacity = "999.000";
    const res = await call(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, bad);
    expect(res.status).toBe(400);
    const edit = await call(h, "PATCH", `/so/v1/competitions/${m.competitionId}/`, m.so, { name: "x" });
    expect(edit.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("an action that fails after its entry was appended leaves neither (same transaction)", async () => {
    const before = await count();
    // An action whose write fails after its entry was appended: the transaction rolls back, the entry with it.
    await expect(
      h.db.kysely.transaction().execute(async (tx) => {
        await recordAudit(tx, systemActor("operator", m.provider.id), "ballot.placed", "probe");
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    expect(await count()).toBe(before);
  });

  it("the database refuses to change or delete an entry", async () => {
    await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, ballotBody(m));
    await expect(h.db.kysely.updateTable("audit_log").set({ action: "forged" }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(h.db.kysely.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    expect(await count()).toBeGreaterThan(0);
  });

  it("400 for a malformed `since`, an unknown parameter or a page out of range", async () => {
    for (const query of ["since=yesterday", "action=x", "limit=0", "limit=1001", "offset=-1"]) {
      const res = await call(h, "GET", `/audit/v1/?${query}`, m.provider);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toBe("validation_failed");
    }
    expect((await call(h, "GET", "/so/v1/audit/?since=2026-13-01T00:00:00Z", m.so)).status).toBe(400);
  });
});

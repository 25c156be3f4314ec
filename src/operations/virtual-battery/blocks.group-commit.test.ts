/**
 * Group commit of schedule updates (docs/architecture.md, "Group commit"): updates that arrive together share one
 * transaction, a savepoint each. On both databases: a refused update changes nothing and its neighbours are stored;
 * each update is judged against the schedule the ones before it left; fewer COMMITs than stored updates.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitsOf, createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { createFixture, type Fixture } from "./test-fixtures.js";

describe.each(DIALECTS)("schedule updates stored in groups (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h);
  });
  afterAll(() => h.close());

  const commits = () => commitsOf(h);
  /** The quarter-hours from 12:00 UTC on the harness's first day: their gates are open. */
  const slot = (i: number) => new Date(Date.UTC(2026, 5, 1, 12, 15 * i)).toISOString().replace(".000Z", "Z");

  it("updates at once, one refused: the rest stored in fewer transactions, the refused one changes nothing", async () => {
    const refused = 3;
    const before = await commits();
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        h.app.inject({
          method: "PUT",
          url: `${f.base}/blocks/${f.blockId}`,
          headers: f.org.auth,
          // 2,000 kW is the asset's power: above it is refused
          payload: { schedule: [{ time: slot(i), power: i === refused ? 99_000 : 100 + i }] },
        }),
      ),
    );
    const after = await commits();
    for (const [i, r] of responses.entries()) expect(r.statusCode, r.body).toBe(i === refused ? 400 : 200);
    expect(after - before, "stored in groups").toBeLessThan(7);

    const block = await h.app.inject({
      url: `${f.base}/blocks/${f.blockId}?start=${slot(0)}&end=${slot(8)}`,
      headers: f.org.auth,
    });
    const powers = (block.json().schedule as { time: string; power: number }[]).slice(0, 8).map((p) => p.power);
    expect(powers).toEqual([100, 101, 102, 0, 104, 105, 106, 107]);
    // Each answer shows its own update, stored.
    for (const [i, r] of responses.entries()) {
      if (i === refused) continue;
      expect(r.json().schedule.find((p: { time: string }) => p.time === slot(i))?.power).toBe(100 + i);
    }
  });
});

/**
 * Start-up side by side (PostgreSQL): two real server processes started at the same moment on an empty database
 * both come up (migrations and demo data once, under the start-up lock, src/db/lock.ts), a third started later
 * works too, and 100 ballots spread over the processes leave exactly one active. docs/scale-out.md.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPgDatabase } from "../src/testing/harness.js";
import { type ApiProcess, postBallot, prepareTraffic, spawnServer } from "./api-processes.js";

const pgUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!pgUrl)("several processes starting together on one empty PostgreSQL database", () => {
  const servers: ApiProcess[] = [];
  let scratch: Awaited<ReturnType<typeof createPgDatabase>> | undefined;

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await scratch?.drop();
  });

  it("run migrations and load the demo data once; every process serves", { timeout: 240_000 }, async () => {
    scratch = await createPgDatabase("fm_startup");
    const env = { DATABASE_URL: scratch.url, FLEXMARKET_DATA: "/nonexistent-unused" };
    servers.push(...(await Promise.all([spawnServer(env), spawnServer(env)])));
    const loaded = servers.filter((s) => s.output().includes("loaded demo data"));
    expect(loaded.length, servers.map((s) => s.output()).join("\n---\n")).toBe(1);

    const db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    try {
      const orgs = await db.query("select id from organisations order by id");
      expect(orgs.rows.map((r) => r.id)).toEqual(["demo-dso-org", "demo-org"]);

      // A process started later finds everything done.
      servers.push(await spawnServer(env));
      expect(servers[2]!.output()).not.toContain("loaded demo data");

      // 100 ballots for one competition spread over the three processes, 10 at a time: exactly one active.
      const traffic = await prepareTraffic(servers[0]!.url, 1);
      const competition = traffic.competitions[0]!;
      const statuses: number[] = [];
      for (let round = 0; round < 10; round++) {
        const batch = Array.from({ length: 10 }, (_, i) => round * 10 + i);
        const results = await Promise.all(
          batch.map((n) => postBallot(servers[n % servers.length]!.url, traffic, competition, n)),
        );
        statuses.push(...results.map((r) => r.status));
      }
      expect(statuses.filter((s) => s === 201).length).toBe(100);
      const active = await db.query(
        "select count(*)::int as n from ballots where competition_id = $1 and provider_id = 'demo-org' and status = 'active'",
        [competition.id],
      );
      expect(active.rows[0].n).toBe(1);
      for (const s of servers) expect(s.child.exitCode).toBeNull();
    } finally {
      await db.end();
    }
  });
});

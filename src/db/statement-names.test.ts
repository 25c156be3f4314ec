/**
 * On PostgreSQL, the texts `prepared()` compiles run as named statements (statement-names.ts): parsed once per
 * connection, then only bound and executed; other queries stay unnamed. Answers are the same either way.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.js";
import { prepared } from "./prepared.js";
import { statementName } from "./statement-names.js";

describe.skipIf(!process.env.TEST_DATABASE_URL)("named statements (postgres)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness("postgres");
    await h.org("provider", "Named Org");
  });
  afterAll(() => h.close());

  const byName = prepared((db, name: string) =>
    db.selectFrom("organisations").select(["id", "name"]).where("name", "=", name),
  );

  const everything = prepared((db, name: string) =>
    db.selectFrom("organisations").selectAll().where("name", "=", name),
  );

  it("runs a prepared() text as a named statement of the connection, with the same answers", async () => {
    await h.db.kysely.connection().execute(async (conn) => {
      const first = await byName(conn, "Named Org");
      const again = await byName(conn, "Named Org");
      expect(first).toHaveLength(1);
      expect(again).toEqual(first);
      expect(await byName(conn, "nobody")).toEqual([]);
      const held = await sql<{
        name: string;
        statement: string;
      }>`select name, statement from pg_prepared_statements`.execute(conn);
      const text = held.rows.map((r) => r.statement);
      const mine = held.rows.find((r) => r.statement.includes('from "organisations" where "name" = $1'));
      expect(mine, JSON.stringify(text)).toBeDefined();
      expect(mine!.name).toBe(statementName(mine!.statement));
      // a query that is not prepared() stays unnamed, and so does a prepared() one that selects `*`
      await conn.selectFrom("organisations").select("id").where("name", "=", "x").execute();
      expect(await everything(conn, "Named Org")).toHaveLength(1);
      const after = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(conn);
      expect(after.rows[0]!.n).toBe(held.rows.length);
    });
  });

  it("a column added meanwhile (a newer version's migration) breaks neither kind of prepared() text", async () => {
    await h.db.kysely.connection().execute(async (conn) => {
      expect(await everything(conn, "Named Org")).toHaveLength(1);
      expect(await byName(conn, "Named Org")).toHaveLength(1);
      await sql`alter table organisations add column added_later text`.execute(conn);
      expect(await everything(conn, "Named Org")).toEqual([expect.objectContaining({ added_later: null })]);
      expect(await byName(conn, "Named Org")).toHaveLength(1);
    });
  });
});

/**
 * Named (server-side prepared) statements on PostgreSQL for the SQL texts `prepared()` compiles once: node-postgres
 * sends every query unnamed (Parse, Bind, Execute each time), so the server parses and plans a lookup by key on
 * every call. Given a name, node-postgres parses a text once per connection and then sends only Bind and Execute
 * (docs/marketplace.md, "Named statements": 79 → 55 µs a round trip for a lookup by key, measured alone).
 *
 * Only registered texts are named: each is a constant of the code (its values are bound parameters), so the set is
 * small and fixed, and so is what every connection holds on the server; texts that select `*` are not (below). A
 * connection that is new (after a failover, say) prepares a text again the first time it runs it.
 */
import type pg from "pg";

const names = new Map<string, string>();

/**
 * Gives `sql` a statement name (the same name every time it is registered) — unless it selects `*`: a column added
 * by a newer version's migration while this process runs would change such a statement's result type, and
 * PostgreSQL refuses to run a named statement whose result type changed ("cached plan must not change result type",
 * SQLSTATE 0A000), where an unnamed one simply returns the extra column.
 */
export function nameStatement(sql: string): void {
  if (sql.includes("*")) return;
  if (!names.has(sql)) names.set(sql, `fm_${names.size + 1}`);
}

/** The name of a registered text, if it is one. */
export const statementName = (sql: string): string | undefined => names.get(sql);

/**
 * Makes `client` send registered texts as named statements (what Kysely's PostgreSQL driver calls: text, values).
 * The client class's own `query` is looked up at each call, so what wraps it later (instrumentation) still sees
 * every query.
 */
export function nameRegisteredStatements(client: pg.PoolClient): void {
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [config, values, ...rest] = args;
    const name = typeof config === "string" && Array.isArray(values) ? names.get(config) : undefined;
    if (name !== undefined) return proto.query.call(client, { name, text: config, values }, ...rest);
    return proto.query.apply(client, args);
  };
}

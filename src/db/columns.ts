/**
 * Every column of a table, named one by one: a query that lists its columns keeps the same result shape when a newer
 * version adds a column, which a named statement on PostgreSQL needs (statement-names.ts). The compiler checks the
 * record against the table's type: a column missing or unknown does not compile.
 */
export function columnsOf<T>(all: Record<keyof T & string, true>): readonly (keyof T & string)[] {
  return Object.keys(all) as (keyof T & string)[];
}

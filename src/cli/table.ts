/** Plain-text tables for people (the `--json` flag prints the API's own objects instead). */

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | null | undefined;
  /** Right-align (numbers). */
  readonly right?: boolean;
}

export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => String(c.value(row) ?? "–")));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (columns[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)];
  if (rows.length === 0) out.push("(none)");
  return `${out.join("\n")}\n`;
}

export const printJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * `npx tsx bench/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [top]`: what grew between two V8 heap
 * snapshots (e.g. those `SOAK_SNAPSHOTS=1 npx tsx bench/soak.ts` keeps), by node type and constructor name: count
 * and self size before and after, largest growth first. docs/reliability.md, "Memory".
 */
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

function summarise(path: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const out = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    // strings and code by type only (their names are their contents); objects by constructor
    const name = type === "object" || type === "closure" ? snap.strings[snap.nodes[i + nameAt]!]! : "";
    const key = `${type}${name ? ` ${name.slice(0, 60)}` : ""}`;
    const entry = out.get(key) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += snap.nodes[i + sizeAt]!;
    out.set(key, entry);
  }
  return out;
}

const [beforePath, afterPath, topArg] = process.argv.slice(2);
if (!beforePath || !afterPath)
  throw new Error("usage: bench/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [top]");
const before = summarise(beforePath);
const after = summarise(afterPath);
const total = (m: Map<string, { size: number }>) => [...m.values()].reduce((s, e) => s + e.size, 0);
const rows = [...after.entries()]
  .map(([key, a]) => {
    const b = before.get(key) ?? { count: 0, size: 0 };
    return { key, countBefore: b.count, countAfter: a.count, kbBefore: b.size / 1024, kbAfter: a.size / 1024 };
  })
  .sort((x, y) => y.kbAfter - y.kbBefore - (x.kbAfter - x.kbBefore))
  .slice(0, Number(topArg ?? 25))
  .map((r) => ({
    ...r,
    kbBefore: Math.round(r.kbBefore),
    kbAfter: Math.round(r.kbAfter),
    growthKb: Math.round(r.kbAfter - r.kbBefore),
  }));
console.table(rows);
process.stdout.write(
  `heap: ${(total(before) / 1048576).toFixed(1)} MB → ${(total(after) / 1048576).toFixed(1)} MB (self sizes)\n`,
);

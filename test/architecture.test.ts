/**
 * The codebase's shape, checked: import cycles, market names, comment citations and file sizes. These are the rules
 * docs/architecture.md states; each check prints what breaks it so the fix is obvious.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

const SOURCES = [...walk(join(ROOT, "src")), ...walk(join(ROOT, "web/src"))];
const isTest = (path: string) => /\.test\.tsx?$/.test(path) || /test-support|fixtures|test-cli/.test(path);
const rel = (path: string) => relative(ROOT, path);

/** Relative imports of a file, resolved to files (type-only imports included: they still tie the modules). */
function importsOf(path: string, files: ReadonlySet<string>): string[] {
  const text = readFileSync(path, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^"']*?from\s+["'](\.[^"']+)["']/g)) {
    const target = resolve(dirname(path), m[1]!).replace(/\.js$/, "");
    for (const ext of [".ts", ".tsx", "/index.ts"]) {
      if (files.has(target + ext)) {
        out.push(target + ext);
        break;
      }
    }
  }
  return out;
}

/** Strongly connected components (Tarjan) of the import graph with more than one file. */
function importCycles(files: readonly string[]): string[][] {
  const set = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f, set)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.map(rel).sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}

describe("architecture", () => {
  it("has no import cycle longer than two files", () => {
    const long = importCycles(SOURCES).filter((c) => c.length > 2);
    expect(long).toEqual([]);
  });

  it("imports only from the layers below (docs/architecture.md)", () => {
    const files = new Set(SOURCES.filter((f) => f.startsWith(join(ROOT, "src"))));
    const below: Record<string, readonly string[]> = {
      "src/domain/": ["src/domain/"],
      "src/db/": ["src/domain/", "src/db/", "src/ids.ts"],
      "src/wire/": ["src/domain/", "src/db/", "src/wire/"],
      "src/engine/": [
        "src/domain/",
        "src/db/",
        "src/wire/",
        "src/engine/",
        "src/ids.ts",
        "src/deps.ts",
        "src/config.ts",
      ],
    };
    const offenders = [...files]
      .filter((f) => !isTest(f) && !/test-support|security-cases|test-server|src\/testing\//.test(f))
      .flatMap((f) => {
        const layer = Object.keys(below).find((l) => rel(f).startsWith(l));
        const testHelper = (t: string) => /test-support|fixtures|src\/testing\/|^test\//.test(rel(t));
        return importsOf(f, files)
          .filter((t) => testHelper(t) || (layer !== undefined && !below[layer]!.some((ok) => rel(t).startsWith(ok))))
          .map((t) => `${rel(f)} imports ${rel(t)}`);
      });
    expect(offenders).toEqual([]);
  });

  it("compares against market names only in the market catalogue", () => {
    const marketName =
      /(?:===|!==|==|!=)\s*["'](?:FCR|AFRRCapacity|AFRREnergy|AFRR|aFRR|fcr|afrr)["']|["'](?:FCR|AFRRCapacity|AFRREnergy|AFRR|aFRR|fcr|afrr)["']\s*(?:===|!==|==|!=)|case\s+["'](?:FCR|AFRRCapacity|AFRREnergy|AFRR|aFRR|fcr|afrr)["']/;
    const offenders = SOURCES.filter((f) => !isTest(f) && !f.includes("/domain/markets/")).flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .map((line, i) => [line, i] as const)
        .filter(([line]) => marketName.test(line))
        .map(([line, i]) => `${rel(f)}:${i + 1}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it("cites only documents the repository holds", () => {
    const outside = /(?<!docs\/)DOMAIN\.md|\bshared\/|\bseeds?\/|\b[Ii]ssues?\s*#?\d+|\(#\d+\)/;
    const offenders = [...SOURCES, ...walk(join(ROOT, "test")), ...walk(join(ROOT, "bench"))]
      .filter((f) => !f.endsWith("architecture.test.ts"))
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => [line, i] as const)
          .filter(([line]) => /^\s*(\/\/|\*|\/\*)/.test(line) && outside.test(line))
          .map(([line, i]) => `${rel(f)}:${i + 1}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it("keeps source files under 400 lines, or says at the top why not", () => {
    const long = SOURCES.filter((f) => !isTest(f))
      .map((f) => [f, readFileSync(f, "utf8")] as const)
      .filter(([, text]) => text.split("\n").length > 400 && !/Over 400 lines because/.test(text.slice(0, 2000)))
      .map(([f, text]) => `${rel(f)} (${text.split("\n").length} lines)`);
    expect(long).toEqual([]);
  });
});

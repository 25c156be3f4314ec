/** The cache bounded by entries and total size that the SQLite statement cache and the competition read model share. */
import { describe, expect, it } from "vitest";
import { boundedCache } from "./bounded-cache.js";

describe("a bounded cache (the statement cache's and the competition read model's memory)", () => {
  it("keeps at most `entries` entries and drops the oldest first", () => {
    const cache = boundedCache<string, string>({ entries: 2, size: 1000 });
    cache.set("a", "1", 10);
    cache.set("b", "1", 10);
    cache.set("a", "2", 10); // replacing one does not count twice
    expect(cache.held).toEqual({ entries: 2, size: 20 });
    cache.set("c", "1", 10);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["2", undefined, "1"]);
  });

  it("keeps their total size under its limit, and never keeps one above a tenth of it", () => {
    const cache = boundedCache<string, string>({ entries: 100, size: 1000 });
    for (const id of ["a", "b", "c"]) cache.set(id, "1", 90);
    cache.set("d", "1", 101);
    expect(cache.get("d")).toBeUndefined();
    for (let i = 0; i < 20; i++) cache.set(`e${i}`, "1", 90);
    expect(cache.held.size).toBeLessThanOrEqual(1000);
    expect(cache.held.entries).toBe(11);
    expect(cache.get("a")).toBeUndefined();
  });

  it("clear forgets everything", () => {
    const cache = boundedCache<string, string>({ entries: 10, size: 1000 });
    cache.set("a", "1", 50);
    cache.clear();
    expect([cache.get("a"), cache.held]).toEqual([undefined, { entries: 0, size: 0 }]);
  });
});

import { describe, expect, it } from "vitest";
import { keyGroups } from "./key-groups.js";

/** A `run` that records its groups and settles each when the test says so. */
function recorder(fail?: (items: readonly number[]) => Error | undefined) {
  const groups: { key: string; items: number[] }[] = [];
  const pending: (() => void)[] = [];
  const groupsOf = keyGroups<number, string>({
    maxWeight: 10,
    weight: (n) => n,
    run: (key, items) =>
      new Promise((resolve, reject) => {
        groups.push({ key, items: [...items] });
        pending.push(() => {
          const error = fail?.(items);
          if (error) reject(error);
          else resolve(items.map((n) => `${key}:${n}`));
        });
      }),
  });
  const turn = () => new Promise((r) => setImmediate(r));
  /** Settles the oldest running group, then lets the next one start. */
  const settleNext = async () => {
    await turn();
    pending.shift()?.();
    await turn();
    await turn();
  };
  return { groups, groupsOf, settleNext };
}

describe("key groups (group commit per key)", () => {
  it("requests of one turn form a group on the next; those arriving while it is stored form the one after", async () => {
    const { groups, groupsOf, settleNext } = recorder();
    const first = [groupsOf.submit("a", 1), groupsOf.submit("a", 2)];
    expect(groups, "nothing runs before the next turn").toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(groups).toEqual([{ key: "a", items: [1, 2] }]);
    const queued = [groupsOf.submit("a", 3), groupsOf.submit("a", 4)];
    await settleNext();
    expect(await Promise.all(first)).toEqual(["a:1", "a:2"]);
    expect(groups).toEqual([
      { key: "a", items: [1, 2] },
      { key: "a", items: [3, 4] },
    ]);
    await settleNext();
    expect(await Promise.all(queued)).toEqual(["a:3", "a:4"]);
    expect(groupsOf.busyKeys).toBe(0);
  });

  it("keys never share a group, nor wait for each other", async () => {
    const { groups, groupsOf, settleNext } = recorder();
    const a = groupsOf.submit("a", 1);
    const b = groupsOf.submit("b", 1);
    await new Promise((r) => setImmediate(r));
    expect(groups.map((g) => g.key)).toEqual(["a", "b"]);
    expect(groupsOf.busyKeys).toBe(2);
    await settleNext();
    await settleNext();
    expect([await a, await b]).toEqual(["a:1", "b:1"]);
  });

  it("a group holds at most maxWeight, and at least one item however heavy", async () => {
    const { groups, groupsOf, settleNext } = recorder();
    const all = [groupsOf.submit("a", 1), groupsOf.submit("a", 4), groupsOf.submit("a", 6), groupsOf.submit("a", 25)];
    all.push(groupsOf.submit("a", 2));
    for (let i = 0; i < 4; i++) await settleNext();
    await Promise.all(all);
    expect(groups.map((g) => g.items)).toEqual([[1, 4], [6], [25], [2]]);
  });

  it("a failing group fails its own items only; the next group still runs", async () => {
    const { groupsOf, settleNext } = recorder((items) => (items.includes(2) ? new Error("boom") : undefined));
    const first = groupsOf.submit("a", 1);
    await new Promise((r) => setImmediate(r));
    const failing = [groupsOf.submit("a", 2), groupsOf.submit("a", 3)];
    const settled = Promise.allSettled(failing);
    await settleNext();
    expect(await first).toBe("a:1");
    const later = groupsOf.submit("a", 5);
    await settleNext();
    expect((await settled).map((s) => s.status)).toEqual(["rejected", "rejected"]);
    await settleNext();
    expect(await later).toBe("a:5");
    expect(groupsOf.busyKeys).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { sharedReads } from "./answers.js";

const turn = () => new Promise((r) => setImmediate(r));

describe("shared version reads", () => {
  it("requests of one turn share one read; a request arriving while it runs gets a read begun after it", async () => {
    const started: ((value: number) => void)[] = [];
    const read = () => new Promise<number>((resolve) => started.push(resolve));
    const shared = sharedReads<number>();
    const together = [shared("k", read), shared("k", read), shared("k", read)];
    await turn();
    expect(started).toHaveLength(1);
    const later = shared("k", read);
    started[0]!(1);
    expect(await Promise.all(together)).toEqual([1, 1, 1]);
    await turn();
    await turn();
    expect(started, "the later request's own read").toHaveLength(2);
    started[1]!(2);
    expect(await later).toBe(2);
  });

  it("keys never share a read", async () => {
    const shared = sharedReads<string>();
    const [a, b] = await Promise.all([shared("a", async () => "A"), shared("b", async () => "B")]);
    expect([a, b]).toEqual(["A", "B"]);
  });
});

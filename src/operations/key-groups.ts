/**
 * Requests grouped per key: group commit of writes (docs/architecture.md, "Group commit": one transaction per
 * group) and shared version reads (src/http/answers.ts). A group starts on the next turn of the event loop
 * (`setImmediate`), so the requests read from the sockets in the same turn join it (SQLite runs a transaction without
 * giving the event loop a turn, so without this wait no request could ever join one); the requests that arrive while
 * it runs form the next. A single client waits one turn, well under a millisecond. Each request is answered when its
 * group's `run` settles: for a write, after the COMMIT that holds it.
 *
 * In this process only: across processes, groups of one key queue on the database lock their `run` takes.
 */
export interface KeyGroups<I, O> {
  /** Queues `item` under `key`; resolves with its own outcome from `run`. */
  submit(key: string, item: I): Promise<O>;
  /** Keys with a group running or waiting (for tests). */
  readonly busyKeys: number;
}

export interface KeyGroupOptions<I, O> {
  /**
   * Stores one group (all items of one key, in arrival order): one outcome per item, in order. A throw fails every
   * item of the group with that error.
   */
  run(key: string, items: readonly I[]): Promise<readonly O[]>;
  /** At most this much `weight` in one group (a group holds at least one item, whatever its weight). */
  maxWeight: number;
  weight(item: I): number;
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (outcome: O) => void;
  readonly reject: (error: unknown) => void;
}

export function keyGroups<I, O>(options: KeyGroupOptions<I, O>): KeyGroups<I, O> {
  /** Per busy key: the items waiting for the next group (the running group is not in it). */
  const queues = new Map<string, Waiting<I, O>[]>();

  const nextGroup = (queue: Waiting<I, O>[]): Waiting<I, O>[] => {
    let weight = 0;
    let n = 0;
    while (n < queue.length) {
      weight += options.weight(queue[n]!.item);
      if (n > 0 && weight > options.maxWeight) break;
      n++;
    }
    return queue.splice(0, n);
  };

  const drain = async (key: string, queue: Waiting<I, O>[]) => {
    while (queue.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      const group = nextGroup(queue);
      try {
        const outcomes = await options.run(
          key,
          group.map((w) => w.item),
        );
        if (outcomes.length !== group.length)
          throw new Error(`key group: ${outcomes.length} outcomes for ${group.length}`);
        for (const [i, w] of group.entries()) w.resolve(outcomes[i]!);
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    queues.delete(key);
  };

  return {
    submit(key, item) {
      return new Promise<O>((resolve, reject) => {
        const busy = queues.get(key);
        if (busy) {
          busy.push({ item, resolve, reject });
          return;
        }
        const queue: Waiting<I, O>[] = [{ item, resolve, reject }];
        queues.set(key, queue);
        void drain(key, queue);
      });
    },
    get busyKeys() {
      return queues.size;
    },
  };
}

/**
 * A cache bounded by its number of entries and by the total size of what it holds (each entry's size given when it
 * is set): the oldest entry goes first, and an entry larger than a tenth of the total is never kept. What the SQLite
 * statement cache (connect.ts) and the competition read model (src/operations/marketplace/get-competition.ts)
 * both need: many small entries are cheap, a few huge ones must not hold memory for good.
 */
export interface BoundedCache<K, V> {
  get(key: K): V | undefined;
  /** Keeps `value` under `key` (replacing what it held), unless `size` is above a tenth of the total allowed. */
  set(key: K, value: V, size: number): void;
  clear(): void;
  /** What is kept now. */
  readonly held: { entries: number; size: number };
}

export function boundedCache<K, V>(limits: { entries: number; size: number }): BoundedCache<K, V> {
  const kept = new Map<K, { value: V; size: number }>();
  let total = 0;
  const drop = (key: K) => {
    const old = kept.get(key);
    if (old === undefined) return;
    kept.delete(key);
    total -= old.size;
  };
  return {
    get: (key) => kept.get(key)?.value,
    set(key, value, size) {
      drop(key);
      if (size > limits.size / 10) return;
      while (kept.size >= limits.entries || (kept.size > 0 && total + size > limits.size)) {
        drop(kept.keys().next().value as K);
      }
      kept.set(key, { value, size });
      total += size;
    },
    clear() {
      kept.clear();
      total = 0;
    },
    get held() {
      return { entries: kept.size, size: total };
    },
  };
}

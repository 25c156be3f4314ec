/**
 * The merit order: orders ranked by price, then earliest `submittedAt`, then lowest id (UTF-16 code-unit order,
 * i.e. JavaScript `<`, locale-free). A total order as long as ids are unique.
 *
 * Speed (1,000,000 orders near 3× a native `Float64Array` sort): no comparator sort over objects.
 * 1. One sequential pass reads the orders into typed columns (id, price, submittedAt, quantity), validating.
 * 2. Price and time spans both below 2^31 (every real market): a stable LSD radix sort of the exact key
 *    `(price − minPrice) · 2^timeBits + (time − minTime)` held in two Uint32 words, 11-bit digits, index and
 *    words moving together (wordRadixSort). Wider spans: the general path below, a composite Float64 key
 *    `(price − minPrice) × (timeSpan + 1) + (submittedAt − minTime)` when it stays below 2^53, else two stable
 *    radix sorts (time, then price), and a comparator sort beyond 2^53.
 * 3. Runs with equal price and equal time (rare) are ordered by id; two orders equal in all three are a
 *    precondition breach (duplicate id) and throw.
 * Scratch arrays come from a reusable Workspace (workspace.ts) when the caller passes one.
 *
 * Over 400 lines because it is one algorithm, the merit-order sort, in its measured fast paths: every path shares
 * the column reading, the tie runs by id and the duplicate check, and is benchmarked as a whole (bench/clearing.ts).
 */
import { ClearingInputError, type Order } from "./types.js";
import {
  F64_PRICE,
  F64_QUANTITY,
  F64_RANK_PRICE,
  F64_TIME,
  U32_HI,
  U32_HI2,
  U32_LO,
  U32_LO2,
  U32_ORDER,
  U32_ORDER2,
  Workspace,
} from "./workspace.js";

/** The comparator the merit order implements (for small inputs, tests and callers). */
export function compareOrders(a: Order, b: Order): number {
  if (a.price !== b.price) return a.price < b.price ? -1 : 1;
  if (a.submittedAt !== b.submittedAt) return a.submittedAt < b.submittedAt ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** Orders read into columns (indexed like the input), validated. */
export interface OrderColumns {
  readonly count: number;
  /** The ids; may be longer than `count` (a reused array): only [0, count) belongs to these orders. */
  readonly id: readonly string[];
  readonly price: Float64Array;
  readonly time: Float64Array;
  readonly quantity: Float64Array;
  readonly minPrice: number;
  readonly maxPrice: number;
  readonly minTime: number;
  readonly maxTime: number;
  /** Largest quantity (0 when quantities were not read). */
  readonly maxQuantity: number;
}

/**
 * Reads and validates orders. `step` null = quantities are not checked (ranking only).
 * Throws ClearingInputError naming the first bad field.
 */
export function readOrders(
  orders: readonly Order[],
  step: number | null,
  ws: Workspace = new Workspace(),
): OrderColumns {
  if (!Array.isArray(orders)) throw new ClearingInputError("orders", "must be an array");
  const n = orders.length;
  if (n > 0xffffffff) throw new ClearingInputError("orders", "too many orders");
  const id = ws.idArray(n); // may be longer than n: only [0, n) is this run's
  const price = ws.f64(F64_PRICE, n);
  const time = ws.f64(F64_TIME, n);
  const quantity = ws.f64(F64_QUANTITY, n); // not written (nor read) when step is null
  const bounds = readColumns(orders, step, id, price, time, quantity);
  return {
    count: n,
    id,
    price,
    time,
    quantity,
    minPrice: bounds[0]! + 0,
    maxPrice: bounds[1]!,
    minTime: bounds[2]! + 0,
    maxTime: bounds[3]!,
    maxQuantity: bounds[4]!,
  };
}

/**
 * The reading loop (its own function, so the engine optimises it as a whole rather than on-stack-replaces it
 * inside a longer one). Returns [minPrice, maxPrice, minTime, maxTime, maxQuantity].
 */
function readColumns(
  orders: readonly Order[],
  step: number | null,
  id: string[],
  price: Float64Array,
  time: Float64Array,
  quantity: Float64Array,
): Float64Array {
  const n = orders.length;
  let minPrice = Number.POSITIVE_INFINITY;
  let maxPrice = Number.NEGATIVE_INFINITY;
  let minTime = Number.POSITIVE_INFINITY;
  let maxTime = Number.NEGATIVE_INFINITY;
  let maxQuantity = 0;
  for (let i = 0; i < n; i++) {
    const o = orders[i];
    if (typeof o !== "object" || o === null) throw new ClearingInputError(`orders[${i}]`, "must be an order");
    const oid = o.id;
    if (typeof oid !== "string" || oid.length === 0) {
      throw new ClearingInputError(`orders[${i}].id`, "must be a non-empty string");
    }
    const p = o.price;
    if (!Number.isSafeInteger(p)) throw new ClearingInputError(`orders[${i}].price`, "must be a safe integer");
    const t = o.submittedAt;
    if (!Number.isSafeInteger(t)) {
      throw new ClearingInputError(`orders[${i}].submittedAt`, "must be integer epoch milliseconds");
    }
    if (step !== null) {
      const q = o.quantity;
      if (!Number.isSafeInteger(q) || q <= 0) {
        throw new ClearingInputError(`orders[${i}].quantity`, "must be a positive integer");
      }
      if (q % step !== 0) {
        throw new ClearingInputError(`orders[${i}].quantity`, `${q} is not a whole multiple of the step ${step}`);
      }
      quantity[i] = q;
      if (q > maxQuantity) maxQuantity = q;
    }
    id[i] = oid;
    price[i] = p + 0; // + 0 normalises -0
    time[i] = t + 0;
    if (p < minPrice) minPrice = p;
    if (p > maxPrice) maxPrice = p;
    if (t < minTime) minTime = t;
    if (t > maxTime) maxTime = t;
  }
  return Float64Array.of(minPrice, maxPrice, minTime, maxTime, maxQuantity);
}

/** Indices of `orders` in merit order. Validates ids, prices and times (not quantities). */
export function sortMeritOrder(orders: readonly Order[]): Uint32Array {
  return meritOrderOf(readOrders(orders, null));
}

const SMALL = 32;

/** The merit order of read columns: indices in merit order, and the price at each rank (read sequentially). */
export interface RankedOrders {
  /** `order[r]` = index (into the columns / input) of the order ranked r + 1. */
  readonly order: Uint32Array;
  /** `rankPrice[r]` = price of `order[r]`. */
  readonly rankPrice: Float64Array;
}

/** Spans below this (2^31) take the two-word radix path. */
const WORD_SPAN = 0x80000000;

/**
 * Ranks read columns. Throws on duplicate ids that tie. The arrays returned live in `ws` (valid until `ws` is
 * used again).
 */
export function rankOrders(cols: OrderColumns, ws: Workspace = new Workspace()): RankedOrders {
  const n = cols.count;
  if (n > SMALL && cols.maxPrice - cols.minPrice < WORD_SPAN && cols.maxTime - cols.minTime < WORD_SPAN) {
    return wordRadixSort(cols, ws);
  }
  const order = generalMeritOrder(cols);
  const rankPrice = ws.f64(F64_RANK_PRICE, n);
  const price = cols.price;
  for (let r = 0; r < n; r++) rankPrice[r] = price[order[r]!]!;
  return { order, rankPrice };
}

/** Indices of the orders in merit order, from already read columns. Throws on duplicate ids that tie. */
export function meritOrderOf(cols: OrderColumns): Uint32Array {
  return rankOrders(cols).order;
}

/** Bits needed to write `x` (an integer in [0, 2^31)): 0 for 0. */
function bitLength(x: number): number {
  return 32 - Math.clz32(x);
}

/**
 * The fast path, when the price span and the time span are both below 2^31 (every real market: 2^31 ms is
 * 24.8 days, 2^31 cents 21 million euros). The key `(price − minPrice) · 2^timeBits + (time − minTime)` is exact
 * and at most 62 bits; it is held in two `Uint32Array` words (lo, hi) so digits come from shifts and masks, never
 * from floating-point division. Stable LSD radix sort, digits of at most 11 bits (2,048 buckets, so the scatter
 * of three arrays stays in cache; 8 bits below 4,096 orders), balanced over the passes; the index and both words travel together so every pass reads
 * sequentially; a digit that is the same for every order is skipped. Equal keys = equal price and time: those
 * runs are ordered by id afterwards (the runs are read from the sorted words, sequentially).
 */
function wordRadixSort(cols: OrderColumns, ws: Workspace): RankedOrders {
  const { minPrice, minTime } = cols;
  const n = cols.count;
  const timeBits = bitLength(cols.maxTime - minTime);
  const priceBits = bitLength(cols.maxPrice - minPrice);
  const bits = timeBits + priceBits; // ≤ 62
  const idxBits = bitLength(n - 1);
  if (idxBits <= 31 && bits + idxBits <= 64) return packedRadixSort(cols, ws, timeBits, priceBits, idxBits);
  let lo = ws.u32(U32_LO, n);
  let hi = ws.u32(U32_HI, n);
  let order = ws.u32(U32_ORDER, n);
  buildWords(cols.price, cols.time, minPrice, minTime, timeBits, lo, hi, order);
  if (bits > 0) {
    const passes = Math.ceil(bits / (n < 4096 ? 8 : 11));
    const digitBits = Math.ceil(bits / passes);
    const radix = 1 << digitBits;
    const hist = histograms(lo, hi, passes, digitBits);
    let lo2 = ws.u32(U32_LO2, n);
    let hi2 = ws.u32(U32_HI2, n);
    let order2 = ws.u32(U32_ORDER2, n);
    for (let d = 0; d < passes; d++) {
      const counts = hist.subarray(d * radix, (d + 1) * radix);
      if (counts.includes(n)) continue; // this digit is the same for every order
      scatter(counts, d * digitBits, radix - 1, order, lo, hi, order2, lo2, hi2);
      [order, order2] = [order2, order];
      [lo, lo2] = [lo2, lo];
      [hi, hi2] = [hi2, hi];
    }
  }
  const rankPrice = ws.f64(F64_RANK_PRICE, n);
  pricesAndTies(cols, timeBits, lo, hi, order, rankPrice);
  return { order, rankPrice };
}

/** The key words of every order (see wordRadixSort), and the identity index. */
function buildWords(
  price: Float64Array,
  time: Float64Array,
  minPrice: number,
  minTime: number,
  timeBits: number,
  lo: Uint32Array,
  hi: Uint32Array,
  order: Uint32Array,
): void {
  const n = order.length;
  const hiShift = 32 - timeBits; // 1…32; only used when timeBits > 0
  for (let i = 0; i < n; i++) {
    const po = price[i]! - minPrice; // integer in [0, 2^31)
    const to = time[i]! - minTime; // integer in [0, 2^timeBits)
    // low word: the time offset and the low (32 − timeBits) bits of the price offset; high word: the rest.
    lo[i] = (to | (po << timeBits)) >>> 0;
    hi[i] = timeBits === 0 ? 0 : po >>> hiShift;
    order[i] = i;
  }
}

/** Counts of every digit of every pass (digits from bit `offset`), computed once: `passes` histograms. */
function histograms(lo: Uint32Array, hi: Uint32Array, passes: number, digitBits: number, offset = 0): Uint32Array {
  const n = lo.length;
  const radix = 1 << digitBits;
  const mask = radix - 1;
  const hist = new Uint32Array(passes * radix);
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    for (let d = 0, s = offset; d < passes; d++, s += digitBits) hist[d * radix + digitAt(l, h, s, mask)]!++;
  }
  return hist;
}

/** One stable counting pass by the digit at bit `s`: (order, lo, hi) → (order2, lo2, hi2). Clobbers `counts`. */
function scatter(
  counts: Uint32Array,
  s: number,
  mask: number,
  order: Uint32Array,
  lo: Uint32Array,
  hi: Uint32Array,
  order2: Uint32Array,
  lo2: Uint32Array,
  hi2: Uint32Array,
): void {
  let sum = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b]!;
    counts[b] = sum;
    sum += c;
  }
  const n = order.length;
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    const slot = counts[digitAt(l, h, s, mask)]!++;
    order2[slot] = order[i]!;
    lo2[slot] = l;
    hi2[slot] = h;
  }
}

/** From the sorted words: each rank's price, and runs of equal words (equal price and time) ordered by id. */
function pricesAndTies(
  cols: OrderColumns,
  timeBits: number,
  lo: Uint32Array,
  hi: Uint32Array,
  order: Uint32Array,
  rankPrice: Float64Array,
): void {
  const n = order.length;
  const minPrice = cols.minPrice;
  const hiScale = 2 ** (32 - timeBits);
  let start = 0;
  for (let r = 0; r < n; r++) {
    const l = lo[r]!;
    const h = hi[r]!;
    rankPrice[r] = minPrice + (h * hiScale + (l >>> timeBits)); // timeBits = 0: h = 0 and l >>> 0 = l
    if (r > 0 && (l !== lo[r - 1] || h !== hi[r - 1])) {
      if (r - start > 1) orderTieRun(cols, order, start, r);
      start = r;
    }
  }
  if (n - start > 1) orderTieRun(cols, order, start, n);
}

/**
 * wordRadixSort with the index packed into the words, when key bits + index bits ≤ 64 (1,000,000 orders with a
 * week of milliseconds and a 160-euro price span: 30 + 14 + 20 = 64): the word pair is `key · 2^idxBits + index`,
 * so each pass moves two arrays instead of three, and digits can be wider (up to 15 bits for 65,536 orders and
 * more: 1,000,000 orders sort in three passes, measured ~8 % faster than four 11-bit ones; 8 bits below 4,096
 * orders, 12 below 65,536, so histograms stay small). Only the key's digits are sorted (the passes are stable and
 * start in index order, so equal keys stay in index order, as on the unpacked path).
 */
function packedRadixSort(
  cols: OrderColumns,
  ws: Workspace,
  timeBits: number,
  priceBits: number,
  idxBits: number,
): RankedOrders {
  const n = cols.count;
  const bits = timeBits + priceBits;
  let lo = ws.u32(U32_LO, n);
  let hi = ws.u32(U32_HI, n);
  buildPackedWords(cols.price, cols.time, cols.minPrice, cols.minTime, timeBits, idxBits, lo, hi);
  if (bits > 0) {
    const passes = Math.ceil(bits / (n < 4096 ? 8 : n < 65536 ? 12 : 15));
    const digitBits = Math.ceil(bits / passes);
    const radix = 1 << digitBits;
    const hist = histograms(lo, hi, passes, digitBits, idxBits);
    let lo2 = ws.u32(U32_LO2, n);
    let hi2 = ws.u32(U32_HI2, n);
    for (let d = 0; d < passes; d++) {
      const counts = hist.subarray(d * radix, (d + 1) * radix);
      if (counts.includes(n)) continue; // this digit is the same for every order
      scatterPacked(counts, idxBits + d * digitBits, radix - 1, lo, hi, lo2, hi2);
      [lo, lo2] = [lo2, lo];
      [hi, hi2] = [hi2, hi];
    }
  }
  const order = ws.u32(U32_ORDER, n);
  const rankPrice = ws.f64(F64_RANK_PRICE, n);
  unpackPricesAndTies(cols, timeBits, idxBits, lo, hi, order, rankPrice);
  return { order, rankPrice };
}

/** The packed words `(priceOffset · 2^timeBits + timeOffset) · 2^idxBits + index`, idxBits in 1…31. */
function buildPackedWords(
  price: Float64Array,
  time: Float64Array,
  minPrice: number,
  minTime: number,
  timeBits: number,
  idxBits: number,
  lo: Uint32Array,
  hi: Uint32Array,
): void {
  const n = lo.length;
  const hiShift = 32 - timeBits; // 1…32; only used when timeBits > 0
  const carry = 32 - idxBits; // 1…31
  for (let i = 0; i < n; i++) {
    const po = price[i]! - minPrice; // integer in [0, 2^31)
    const to = time[i]! - minTime; // integer in [0, 2^timeBits)
    const kLo = (to | (po << timeBits)) >>> 0; // the key's words, as on the unpacked path
    const kHi = timeBits === 0 ? 0 : po >>> hiShift;
    lo[i] = ((kLo << idxBits) | i) >>> 0;
    hi[i] = ((kHi << idxBits) | (kLo >>> carry)) >>> 0; // no bit lost: key bits + idxBits ≤ 64
  }
}

/** One stable counting pass of the packed words by the digit at bit `s`. Clobbers `counts`. */
function scatterPacked(
  counts: Uint32Array,
  s: number,
  mask: number,
  lo: Uint32Array,
  hi: Uint32Array,
  lo2: Uint32Array,
  hi2: Uint32Array,
): void {
  let sum = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b]!;
    counts[b] = sum;
    sum += c;
  }
  const n = lo.length;
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    const slot = counts[digitAt(l, h, s, mask)]!++;
    lo2[slot] = l;
    hi2[slot] = h;
  }
}

/** From the sorted packed words: the index order, each rank's price, tie runs (equal keys) ordered by id. */
function unpackPricesAndTies(
  cols: OrderColumns,
  timeBits: number,
  idxBits: number,
  lo: Uint32Array,
  hi: Uint32Array,
  order: Uint32Array,
  rankPrice: Float64Array,
): void {
  const n = lo.length;
  const minPrice = cols.minPrice;
  const idxMask = 2 ** idxBits - 1;
  const ps = idxBits + timeBits; // where the price offset starts (≤ 62)
  const psLow = ps < 32;
  const psScale = psLow ? 2 ** (32 - ps) : 0;
  const psHigh = psLow ? 0 : ps - 32;
  let start = 0;
  let prevKeyLo = -1;
  let prevHi = -1;
  for (let r = 0; r < n; r++) {
    const l = lo[r]!;
    const h = hi[r]!;
    order[r] = (l & idxMask) >>> 0;
    // the price offset: bits [ps, ps + priceBits) of the pair; nothing lies above it
    const po = psLow ? (l >>> ps) + h * psScale : h >>> psHigh;
    rankPrice[r] = minPrice + po;
    const keyLo = l >>> idxBits; // the key is (h, keyLo): equal keys = equal price and time
    if (r > 0 && (keyLo !== prevKeyLo || h !== prevHi)) {
      if (r - start > 1) orderTieRun(cols, order, start, r);
      start = r;
    }
    prevKeyLo = keyLo;
    prevHi = h;
  }
  if (n - start > 1) orderTieRun(cols, order, start, n);
}

/** Bits [s, s + width) of the 64-bit word pair (hi, lo), `mask` = 2^width − 1, width ≤ 16. */
function digitAt(lo: number, hi: number, s: number, mask: number): number {
  if (s >= 32) return (hi >>> (s - 32)) & mask;
  if (s === 0) return lo & mask;
  return ((lo >>> s) | (hi << (32 - s))) & mask; // the bits of hi above the digit are masked off
}

/** Orders `order[start, end)` (all equal in price and time) by id; throws on a duplicate id. */
function orderTieRun(cols: OrderColumns, order: Uint32Array, start: number, end: number): void {
  if (end - start <= SMALL) insertionSort(cols, order, start, end);
  else sortRunById(cols, order, start, end);
  checkDistinct(cols, order, start, end);
}

/** The general path (any spans below 2^53; comparator sort beyond). */
function generalMeritOrder(cols: OrderColumns): Uint32Array {
  const n = cols.count;
  const initial = new Uint32Array(n);
  for (let i = 0; i < n; i++) initial[i] = i;
  let order: Uint32Array = initial;
  if (n < 2) return order;
  if (n <= SMALL) {
    insertionSort(cols, order, 0, n);
    checkDistinct(cols, order, 0, n);
    return order;
  }
  const { price, time, minPrice, minTime } = cols;
  const priceSpan = cols.maxPrice - minPrice;
  const timeSpan = cols.maxTime - minTime;
  if (!Number.isSafeInteger(priceSpan) || !Number.isSafeInteger(timeSpan)) return comparatorSort(cols);

  const keys = new Float64Array(n);
  const scratch = new Uint32Array(n);
  const keysScratch = new Float64Array(n);
  const timeRange = timeSpan + 1;
  if (priceSpan <= (Number.MAX_SAFE_INTEGER - timeSpan) / timeRange) {
    // One composite key: exact, since priceSpan × timeRange + timeSpan ≤ 2^53 − 1.
    for (let i = 0; i < n; i++) keys[i] = (price[i]! - minPrice) * timeRange + (time[i]! - minTime);
    order = radixSort(order, keys, scratch, keysScratch, priceSpan * timeRange + timeSpan);
  } else {
    // LSD over two keys: time first, then price (each pass stable).
    for (let i = 0; i < n; i++) keys[i] = time[i]! - minTime;
    order = radixSort(order, keys, scratch, keysScratch, timeSpan);
    const buffer = order === scratch ? initial : scratch;
    for (let i = 0; i < n; i++) keys[i] = price[order[i]!]! - minPrice;
    order = radixSort(order, keys, buffer, keysScratch, priceSpan);
  }
  orderTiesById(cols, order);
  return order;
}

/**
 * Stable LSD radix sort of `order` by `keys` (aligned with `order`, integers in [0, maxKey], maxKey < 2^53).
 * Returns the sorted index array, which is `order` or `scratch`; `keys` and `keysScratch` are clobbered.
 */
function radixSort(
  order: Uint32Array,
  keys: Float64Array,
  scratch: Uint32Array,
  keysScratch: Float64Array,
  maxKey: number,
): Uint32Array {
  const n = order.length;
  if (maxKey === 0) return order;
  let bits = 0;
  for (let m = maxKey; m >= 1; m = Math.floor(m / 2)) bits++;
  // Digits of up to 16 bits (fewer for small inputs, so histograms stay small), balanced over the passes.
  const maxDigitBits = n < 4096 ? 8 : n < 65536 ? 12 : 16;
  const passes = Math.ceil(bits / maxDigitBits);
  const digitBits = Math.ceil(bits / passes);
  const radix = 2 ** digitBits;
  const mask = radix - 1;
  const hist = new Uint32Array(passes * radix);
  for (let i = 0; i < n; i++) {
    let v = keys[i]!;
    for (let d = 0; d < passes; d++) {
      hist[d * radix + (v & mask)]!++; // v < 2^53: ToInt32 keeps the low bits
      v = Math.floor(v / radix);
    }
  }
  let src = order;
  let dst = scratch;
  let k = keys;
  let kOut = keysScratch;
  let divisor = 1;
  for (let d = 0; d < passes; d++, divisor *= radix) {
    const base = d * radix;
    let first = 0;
    while (hist[base + first] === 0) first++;
    if (hist[base + first] === n) continue; // this digit is the same for every order
    let sum = 0;
    for (let b = 0; b < radix; b++) {
      const c = hist[base + b]!;
      hist[base + b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const key = k[i]!;
      // key / divisor < 2^53; `& mask` truncates it (ToInt32) and keeps the low bits: the digit.
      const slot = hist[base + ((key / divisor) & mask)]!++;
      dst[slot] = src[i]!;
      kOut[slot] = key;
    }
    const t = src;
    src = dst;
    dst = t;
    const tk = k;
    k = kOut;
    kOut = tk;
  }
  return src;
}

/** After sorting by (price, time): order each run of equal price and time by id. */
function orderTiesById(cols: OrderColumns, order: Uint32Array): void {
  const { price, time } = cols;
  const n = order.length;
  let start = 0;
  let prevPrice = price[order[0]!]!;
  let prevTime = time[order[0]!]!;
  for (let i = 1; i <= n; i++) {
    let same = false;
    if (i < n) {
      const j = order[i]!;
      const p = price[j]!;
      const t = time[j]!;
      same = p === prevPrice && t === prevTime;
      prevPrice = p;
      prevTime = t;
    }
    if (!same) {
      if (i - start > 1) {
        if (i - start <= SMALL) insertionSort(cols, order, start, i);
        else sortRunById(cols, order, start, i);
        checkDistinct(cols, order, start, i);
      }
      start = i;
    }
  }
}

function sortRunById(cols: OrderColumns, order: Uint32Array, start: number, end: number): void {
  const ids = cols.id;
  const run = Array.from(order.subarray(start, end));
  run.sort((a, b) => {
    const x = ids[a]!;
    const y = ids[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  order.set(run, start);
}

/** Full-comparator insertion sort of `order[start, end)`: for small inputs and short tie runs. */
function insertionSort(cols: OrderColumns, order: Uint32Array, start: number, end: number): void {
  const { id: ids, price, time } = cols;
  for (let i = start + 1; i < end; i++) {
    const j = order[i]!;
    const p = price[j]!;
    const t = time[j]!;
    const id = ids[j]!;
    let h = i - 1;
    while (h >= start) {
      const m = order[h]!;
      const pm = price[m]!;
      const tm = time[m]!;
      const after = pm > p || (pm === p && (tm > t || (tm === t && ids[m]! > id)));
      if (!after) break;
      order[h + 1] = m;
      h--;
    }
    order[h + 1] = j;
  }
}

/** Neighbours equal in price, time and id make the order non-total: a duplicate id. */
function checkDistinct(cols: OrderColumns, order: Uint32Array, start: number, end: number): void {
  const { id: ids, price, time } = cols;
  for (let i = start + 1; i < end; i++) {
    const a = order[i - 1]!;
    const b = order[i]!;
    if (price[a] === price[b] && time[a] === time[b] && ids[a] === ids[b]) {
      throw new ClearingInputError(`orders[${Math.max(a, b)}].id`, `duplicate order id "${ids[b]}"`);
    }
  }
}

function comparatorSort(cols: OrderColumns): Uint32Array {
  const { id: ids, price, time } = cols;
  const idx = Array.from({ length: cols.count }, (_, i) => i);
  idx.sort((a, b) => {
    if (price[a] !== price[b]) return price[a]! < price[b]! ? -1 : 1;
    if (time[a] !== time[b]) return time[a]! < time[b]! ? -1 : 1;
    if (ids[a] !== ids[b]) return ids[a]! < ids[b]! ? -1 : 1;
    return 0;
  });
  const order = Uint32Array.from(idx);
  checkDistinct(cols, order, 0, order.length);
  return order;
}

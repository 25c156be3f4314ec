import { type HashCost, hashSecret } from "../../secrets.js";

const cache = new Map<HashCost, Promise<string>>();

/** A hash of a random string, computed once per cost, to verify against when a credential is unknown. */
export function DUMMY_HASH(cost: HashCost): Promise<string> {
  let hash = cache.get(cost);
  if (!hash) {
    hash = hashSecret(`dummy-${Math.random()}`, cost);
    cache.set(cost, hash);
  }
  return hash;
}

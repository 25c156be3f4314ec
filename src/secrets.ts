/** Hashing of API keys and passwords: argon2id; only hashes are stored. */
import { hash, verify } from "@node-rs/argon2";

export type HashCost = "standard" | "low";

const OPTIONS = {
  // OWASP's argon2id recommendation (19 MiB, 2 passes).
  standard: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
  // For tests only: fast, still argon2id.
  low: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
} as const;

export const hashSecret = (secret: string, cost: HashCost = "standard"): Promise<string> => hash(secret, OPTIONS[cost]);

export async function verifySecret(hashed: string, secret: string): Promise<boolean> {
  try {
    return await verify(hashed, secret);
  } catch {
    return false;
  }
}

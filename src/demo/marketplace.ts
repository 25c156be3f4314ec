/** Marketplace demo objects: competitions, assets, qualifications, a closed competition with results. */
import type { Deps } from "../deps.js";

export async function seedMarketplaceDemo(_deps: Deps): Promise<void> {}

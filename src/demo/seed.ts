/**
 * Demo data, loaded into an empty database in demo mode (README lists what it holds):
 * - system operator "Demo DSO" (`demo-dso-org`), API key `demo-dso` / `demo-dso-key`;
 * - provider "Demo Flex" (`demo-org`), API key `demo-provider` / `demo-provider-key`, user `demo` / `demo-password`.
 * Each area adds its demo objects in its own seeder, listed in `DEMO_SEEDERS`.
 */

import { type AdminContext, createApiKey, createOrganisation, createUser } from "../admin/organisations.js";
import { countOrganisations } from "../db/repositories/organisations.js";
import type { Deps } from "../deps.js";
import { seedMarketplaceDemo } from "./marketplace.js";
import { seedVirtualBatteryDemo } from "./virtual-battery.js";

export const DEMO = {
  systemOperator: { organisationId: "demo-dso-org", clientId: "demo-dso", apiKey: "demo-dso-key" },
  provider: {
    organisationId: "demo-org",
    clientId: "demo-provider",
    apiKey: "demo-provider-key",
    username: "demo",
    password: "demo-password",
  },
} as const;

export type DemoSeeder = (deps: Deps) => Promise<void>;

/** Each area's demo objects, in order. */
export const DEMO_SEEDERS: readonly DemoSeeder[] = [seedMarketplaceDemo, seedVirtualBatteryDemo];

/** Loads the demo data if the database has no organisations yet. Returns whether it did. */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if ((await countOrganisations(deps.db.kysely)) > 0) return false;
  const ctx: AdminContext = { db: deps.db, now: deps.clock.now(), hashCost: deps.hashCost, by: { type: "demo" } };
  await createOrganisation(ctx, { id: DEMO.systemOperator.organisationId, name: "Demo DSO", role: "system_operator" });
  await createApiKey(ctx, {
    organisationId: DEMO.systemOperator.organisationId,
    clientId: DEMO.systemOperator.clientId,
    apiKey: DEMO.systemOperator.apiKey,
    name: "demo",
  });
  await createOrganisation(ctx, { id: DEMO.provider.organisationId, name: "Demo Flex", role: "provider" });
  await createApiKey(ctx, {
    organisationId: DEMO.provider.organisationId,
    clientId: DEMO.provider.clientId,
    apiKey: DEMO.provider.apiKey,
    name: "demo",
  });
  await createUser(ctx, {
    organisationId: DEMO.provider.organisationId,
    username: DEMO.provider.username,
    password: DEMO.provider.password,
  });
  for (const seed of DEMO_SEEDERS) await seed(deps);
  return true;
}

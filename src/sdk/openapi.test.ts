/**
 * The committed SDK types must be what `npm run sdk:generate` writes for the current API: regenerate in memory and
 * compare. When this fails, run `npm run sdk:generate` and commit src/sdk/openapi.d.ts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateSdkTypes, SDK_TYPES_PATH } from "../../scripts/generate-sdk.js";

describe("src/sdk/openapi.d.ts", () => {
  it("is up to date with the server's OpenAPI document (else run `npm run sdk:generate`)", async () => {
    const committed = readFileSync(SDK_TYPES_PATH, "utf8");
    const fresh = await generateSdkTypes();
    expect(committed === fresh, "src/sdk/openapi.d.ts is stale: run `npm run sdk:generate`").toBe(true);
  }, 60_000);

  it("lists the paths of both APIs", async () => {
    const fresh = await generateSdkTypes();
    for (const path of ["/authtoken/v1/", "/bids/v1/competitions/{id}/ballots/", "/auth/public/authenticate"]) {
      expect(fresh).toContain(`"${path}"`);
    }
    expect(fresh).toContain('"/organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids"');
  }, 60_000);
});

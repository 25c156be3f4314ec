/**
 * The security cases every virtual-battery operation passes (imported by its `.security.test.ts`):
 * - no token and a garbage token → 401;
 * - a system-operator token → 403 (these are provider operations);
 * - another organisation in the path → 404;
 * - this organisation's path with another organisation's virtual asset (or block) id → 404, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectForeignNotFound, expectUnauthenticatedRejected, type RouteCase } from "../../testing/security.js";
import { fcr } from "./ancillary-fixtures.js";
import { createFixture, type Fixture, snapshot } from "./test-fixtures.js";

const WINDOW = "start=2026-06-05T10:00:00Z&end=2026-06-05T11:00:00Z";

/** A route of an operation, built from the owner's fixture (`base` = `/organisations/{org}/virtual-assets/{asset}`). */
export type RouteOf = (f: Fixture) => RouteCase;

export const ROUTES = {
  listVirtualAssets: (f: Fixture): RouteCase => ({ method: "GET", url: `/organisations/${f.org.id}/virtual-assets` }),
  getVirtualAsset: (f: Fixture): RouteCase => ({ method: "GET", url: f.base }),
  projectedSoc: (f: Fixture): RouteCase => ({ method: "GET", url: `${f.base}/state-of-charge/projected` }),
  adjustments: (f: Fixture): RouteCase => ({ method: "GET", url: `${f.base}/adjustments` }),
  stateOfEnergyLatest: (f: Fixture): RouteCase => ({ method: "GET", url: `${f.base}/state-of-energy/latest` }),
  stateOfChargeLatest: (f: Fixture): RouteCase => ({ method: "GET", url: `${f.base}/state-of-charge/latest` }),
  stateOfCharge: (f: Fixture): RouteCase => ({ method: "GET", url: `${f.base}/state-of-charge?${WINDOW}` }),
  projectedStateOfEnergy: (f: Fixture): RouteCase => ({
    method: "GET",
    url: `${f.base}/state-of-energy/projected?${WINDOW}`,
  }),
  energyCapacity: (f: Fixture): RouteCase => ({ method: "GET", url: `${f.base}/energy-capacity?${WINDOW}` }),
  operational: (f: Fixture): RouteCase => ({
    method: "GET",
    url: `${f.base}/operational?categories=stateOfCharge,stateOfEnergy&${WINDOW}`,
  }),
  operationalLatest: (f: Fixture): RouteCase => ({
    method: "GET",
    url: `${f.base}/operational/latest?categories=stateOfEnergy`,
  }),
  blockOperational: (f: Fixture): RouteCase => ({
    method: "GET",
    url: `${f.base}/blocks/${f.blockId}/operational?categories=boundaryPower&${WINDOW}`,
  }),
  blockOperationalLatest: (f: Fixture): RouteCase => ({
    method: "GET",
    url: `${f.base}/blocks/${f.blockId}/operational/latest?categories=powerCapacityChargeAvailable`,
  }),
  listBlocks: (f: Fixture): RouteCase => ({ method: "GET", url: `${f.base}/blocks` }),
  getBlock: (f: Fixture): RouteCase => ({ method: "GET", url: `${f.base}/blocks/${f.blockId}` }),
  updateBlock: (f: Fixture): RouteCase => ({
    method: "PUT",
    url: `${f.base}/blocks/${f.blockId}`,
    body: { schedule: [{ time: "2026-06-05T10:00:00Z", power: 100 }] },
  }),
  listBids: (f: Fixture): RouteCase => ({
    method: "GET",
    url: `${f.base}/ancillary/bids?start=2026-06-02T22:00:00Z&end=2026-06-03T22:00:00Z`,
  }),
  placeBids: (f: Fixture): RouteCase => ({
    method: "POST",
    url: `${f.base}/ancillary/bids`,
    body: [fcr("NEGPOS_00_04", "2026-06-03")],
  }),
  listResults: (f: Fixture): RouteCase => ({
    method: "GET",
    url: `${f.base}/ancillary/results?start=2026-06-02T22:00:00Z&end=2026-06-03T22:00:00Z`,
  }),
} satisfies Record<string, RouteOf>;

export function describeSecurity(name: string, routes: Record<string, RouteOf>): void {
  describe.each(DIALECTS)(`${name}, security (%s)`, (dialect) => {
    let h: Harness;
    let owner: Fixture;
    let stranger: Fixture;
    beforeAll(async () => {
      h = await createHarness(dialect);
      owner = await createFixture(h, { powerKw: 5000, energyKwh: 10000 });
      stranger = await createFixture(h, { powerKw: 5000, energyKwh: 10000 });
    });
    afterAll(() => h.close());

    for (const [op, routeOf] of Object.entries(routes)) {
      describe(op, () => {
        it("refuses a request without a valid token (401)", async () => {
          await expectUnauthenticatedRejected(h, routeOf(owner));
        });

        it("refuses a system operator (403)", async () => {
          const so = await h.org("system_operator");
          const route = routeOf({ ...owner, org: so, base: owner.base.replace(owner.org.id, so.id) });
          const res = await h.app.inject({
            method: route.method,
            url: route.url,
            headers: so.auth,
            payload: route.body as never,
          });
          expect(res.statusCode).toBe(403);
          expect(res.json().error).toBe("forbidden");
        });

        it("answers 404 to another organisation, in its own path or in the owner's", async () => {
          const before = await snapshot(h);
          // The stranger's token on the owner's path.
          await expectForeignNotFound(h, routeOf(owner), stranger.org.auth);
          // The owner's path and token, with the stranger's virtual asset (and block) ids.
          const crossed: Fixture = {
            org: owner.org,
            assetId: stranger.assetId,
            blockId: stranger.blockId,
            base: `/organisations/${owner.org.id}/virtual-assets/${stranger.assetId}`,
          };
          const route = routeOf(crossed);
          if (route.url !== routeOf(owner).url) await expectForeignNotFound(h, route, owner.org.auth);
          // The owner's own asset with the stranger's block id.
          if (route.url.includes(stranger.blockId)) {
            await expectForeignNotFound(h, routeOf({ ...owner, blockId: stranger.blockId }), owner.org.auth);
          }
          expect(await snapshot(h)).toEqual(before);
        });

        it("never lists another organisation's data", async () => {
          const res = await h.app.inject({
            url: `/organisations/${owner.org.id}/virtual-assets`,
            headers: owner.org.auth,
          });
          expect(res.json().map((a: { id: string }) => a.id)).toEqual([owner.assetId]);
        });
      });
    }
  });
}

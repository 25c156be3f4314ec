/** Shared fixtures of the virtual-battery operation tests (not shipped: imported by tests only). */
import { expect } from "vitest";
import { createVirtualAsset } from "../../admin/virtual-assets.js";
import type { CreateVirtualAssetInput } from "../../domain/ancillary/virtual-asset-spec.js";
import type { Harness } from "../../testing/harness.js";

/** The default virtual asset of tests: 2 MW / 4 MWh from 2026-05-25 to 2026-07-01 (Berlin midnights). */
export const ASSET_DEFAULTS = {
  energyKwh: 4000,
  powerKw: 2000,
  start: "2026-05-25",
  end: "2026-07-01",
  deliveryZone: "50Hertz",
  eicCode: "11XTEST-0000001",
} as const;

export interface Fixture {
  org: { id: string; auth: { authorization: string } };
  assetId: string;
  blockId: string;
  /** `/organisations/{org}/virtual-assets/{asset}` */
  base: string;
}

/** A provider organisation with one virtual asset (and its WHOLESALE block). */
export async function createFixture(h: Harness, input: Partial<CreateVirtualAssetInput> = {}): Promise<Fixture> {
  const org = await h.org("provider");
  return addAsset(h, org, input);
}

/** Another virtual asset for an existing organisation. */
export async function addAsset(
  h: Harness,
  org: Fixture["org"],
  input: Partial<CreateVirtualAssetInput> = {},
): Promise<Fixture> {
  const created = await createVirtualAsset(
    { db: h.db, now: h.clock.now() },
    { organisationId: org.id, ...ASSET_DEFAULTS, ...input },
  );
  const assetId = created.virtualAsset.spec.id;
  return { org, assetId, blockId: created.blockId, base: `/organisations/${org.id}/virtual-assets/${assetId}` };
}

/** Every row of the virtual-battery tables, sorted: compare before and after a rejected request. */
export async function snapshot(h: Harness): Promise<Record<string, unknown[]>> {
  const k = h.db.kysely;
  const sortById = <T extends Record<string, unknown>>(rows: T[], key: string) =>
    [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
  return {
    virtual_assets: sortById(await k.selectFrom("virtual_assets").selectAll().execute(), "id"),
    blocks: sortById(await k.selectFrom("blocks").selectAll().execute(), "id"),
    chunks: sortById(
      (await k.selectFrom("block_schedule_chunks").selectAll().execute()).map((r) => ({
        ...r,
        key: `${r.block_id}:${String(r.chunk).padStart(6, "0")}`,
      })),
      "key",
    ),
    adjustments: sortById(await k.selectFrom("schedule_adjustments").selectAll().execute(), "id"),
    bids: sortById(await k.selectFrom("ancillary_bids").selectAll().execute(), "id"),
    results: sortById(await k.selectFrom("ancillary_results").selectAll().execute(), "bid_id"),
  };
}

/** Sends a request and expects a 400 with this code and field, and no change in the database. */
export async function expectRejected(
  h: Harness,
  request: { method: "GET" | "POST" | "PUT"; url: string; payload?: unknown; headers: Record<string, string> },
  expected: { error: string; field?: string },
): Promise<Record<string, unknown>> {
  const before = await snapshot(h);
  const res = await h.app.inject({
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(request.payload === undefined ? {} : { payload: request.payload as never }),
  });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
  const body = res.json();
  expect(body).toMatchObject(expected);
  expect(typeof body.message).toBe("string");
  expect(await snapshot(h)).toEqual(before);
  return body;
}

export const utc = (iso: string): number => Date.parse(iso);

/**
 * Virtual-battery demo objects for the demo provider: two virtual assets (a 4 MWh / 2 MW and a 10 MWh / 5 MW
 * battery) living from the start of today (Europe/Berlin) for 60 days, each with its WHOLESALE block; the first has
 * an evening discharge / night charge schedule for tomorrow and pending FCR and aFRR bids for the day after, so every
 * view has something to show and the engine has something to submit and clear.
 */
import { createVirtualAsset } from "../admin/virtual-assets.js";
import { systemActor } from "../db/repositories/audit.js";
import { insertInternalAuction } from "../db/repositories/tso-internal-auctions.js";
import type { Deps } from "../deps.js";
import { BERLIN, localDate, startOfDay, toIso } from "../domain/time.js";
import { newUuid } from "../ids.js";
import { placeAncillaryBids } from "../operations/virtual-battery/place-ancillary-bids.js";
import { updateBlockSchedule } from "../operations/virtual-battery/update-block.js";
import { DEMO } from "./seed.js";

const HOUR_MS = 3_600_000;

export async function seedVirtualBatteryDemo(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const today = localDate(now, BERLIN);
  const start = startOfDay(today, BERLIN);
  const end = startOfDay(today.add({ days: 60 }), BERLIN);
  const ctx = { db: deps.db, now };
  const organisationId = DEMO.provider.organisationId;

  const small = await createVirtualAsset(ctx, {
    organisationId,
    energyKwh: 4000,
    powerKw: 2000,
    start,
    end,
    deliveryZone: "Amprion",
  });
  await createVirtualAsset(ctx, {
    organisationId,
    energyKwh: 10000,
    powerKw: 5000,
    start,
    end,
    deliveryZone: "TenneT",
  });

  // Tomorrow: charge 1 MW 02:00–04:00, discharge 1 MW 18:00–20:00 (Berlin) — energy-neutral before losses.
  const tomorrow = startOfDay(today.add({ days: 1 }), BERLIN);
  const schedule: { time: string; power: number }[] = [];
  for (let q = 0; q < 8; q++) {
    schedule.push({ time: toIso(tomorrow + 2 * HOUR_MS + q * 900_000), power: -1000 });
    schedule.push({ time: toIso(tomorrow + 18 * HOUR_MS + q * 900_000), power: 1000 });
  }
  await updateBlockSchedule(ctx, {
    organisationId,
    virtualAssetId: small.virtualAsset.spec.id,
    blockId: small.blockId,
    update: schedule,
  });

  // The day after tomorrow is open for FCR and aFRR capacity whenever the demo starts (their gates close the day before).
  const deliveryDay = today.add({ days: 2 }).toString();
  await placeAncillaryBids(ctx, {
    organisationId,
    virtualAssetId: small.virtualAsset.spec.id,
    body: [
      {
        product: "NEGPOS_16_20",
        deliveryDay,
        bids: [{ offeredCapacity: 1000, capacityPrice: 12.5, energyPrice: null }],
      },
      {
        product: "NEGPOS_20_24",
        deliveryDay,
        bids: [{ offeredCapacity: 1000, capacityPrice: 9.8, energyPrice: null }],
      },
    ],
    actor: systemActor("demo", organisationId),
  });
  await placeAncillaryBids(ctx, {
    organisationId,
    virtualAssetId: small.virtualAsset.spec.id,
    body: [
      { product: "POS_16_20", deliveryDay, bids: [{ offeredCapacity: 1000, capacityPrice: 6.2, energyPrice: 145.5 }] },
    ],
    actor: systemActor("demo", organisationId),
  });

  // Internal auctions (GET …/auctions): one running now for two hours, one starting in an hour.
  const lifetime = {
    start: toIso(startOfDay(today.add({ days: 7 }), BERLIN)),
    end: toIso(startOfDay(today.add({ days: 37 }), BERLIN)),
  };
  const offer = {
    chargeEfficiency: 0.943,
    dischargeEfficiency: 0.943,
    initialSoC: 0.5,
    lastSoCTarget: 0.5,
    finalSoCTolerance: 0.01,
    dailyCycleLimit: 2,
    ...lifetime,
  };
  await insertInternalAuction(deps.db.kysely, {
    id: newUuid(),
    start: now,
    end: now + 2 * HOUR_MS,
    item: {
      id: newUuid(),
      deliveryZone: "50Hertz",
      energyCapacity: 2000,
      ratedChargePower: 1000,
      ratedDischargePower: 1000,
      ...offer,
    },
    createdAt: now,
  });
  await insertInternalAuction(deps.db.kysely, {
    id: newUuid(),
    start: now + HOUR_MS,
    end: now + 4 * HOUR_MS,
    item: {
      id: newUuid(),
      deliveryZone: "TransnetBW",
      energyCapacity: 8000,
      ratedChargePower: 4000,
      ratedDischargePower: 4000,
      ...offer,
    },
    createdAt: now,
  });
}

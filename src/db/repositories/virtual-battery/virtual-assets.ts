/**
 * Virtual assets: rows ⇄ `VirtualAsset` (the domain's `VirtualAssetSpec` plus what the wire shows about it).
 * Every read is scoped to the owning organisation; a foreign id reads as absent.
 */
import type { Insertable, Selectable, Transaction } from "kysely";
import type { VirtualAssetSpec } from "../../../domain/ancillary/virtual-asset.js";
import type { EpochMs } from "../../../domain/time.js";
import { lockKey } from "../../lock.js";
import { prepared } from "../../prepared.js";
import type { Database, VirtualAssetTable } from "../../schema.js";
import type { Executor } from "../organisations.js";

export interface VirtualAsset {
  readonly spec: VirtualAssetSpec;
  readonly organisationId: string;
  readonly portfolioId: string;
  readonly deliveryZone: string;
  readonly eicCode: string;
  readonly createdAt: EpochMs;
}

export const isoOf = (ms: EpochMs): string => new Date(ms).toISOString();
export const msOf = (iso: string): EpochMs => Date.parse(iso);

const toVirtualAsset = (row: Selectable<VirtualAssetTable>): VirtualAsset => ({
  spec: {
    id: row.id,
    start: msOf(row.start_at),
    end: msOf(row.end_at),
    energyCapacityWh: Number(row.energy_capacity_wh),
    availableEnergyCapacityWh: Number(row.available_energy_capacity_wh),
    ratedChargePowerKw: Number(row.rated_charge_power_kw),
    ratedDischargePowerKw: Number(row.rated_discharge_power_kw),
    chargeEfficiency: Number(row.charge_efficiency_ppm),
    dischargeEfficiency: Number(row.discharge_efficiency_ppm),
    rampRateKwPerMin: Number(row.ramp_rate_kw_per_min),
    dailyCycleLimitPpm: Number(row.daily_cycle_limit_ppm),
    annualCycleLimit: Number(row.annual_cycle_limit),
    totalAllowedCycles: Number(row.total_allowed_cycles),
    dispatchGateClosureSeconds: Number(row.dispatch_gate_closure_seconds),
    protectedDurationSeconds: Number(row.protected_duration_seconds),
    initialEnergyWh: Number(row.initial_energy_wh),
    finalSoCTolerance: Number(row.final_soc_tolerance_ppm),
  },
  organisationId: row.organisation_id,
  portfolioId: row.portfolio_id,
  deliveryZone: row.delivery_zone,
  eicCode: row.eic_code,
  createdAt: msOf(row.created_at),
});

/** Every column but `bids_version`, which only the bid writes raise (ancillary-bids.ts). */
const toRow = (asset: VirtualAsset): Insertable<VirtualAssetTable> & { bids_version?: never } => {
  const s = asset.spec;
  return {
    id: s.id,
    organisation_id: asset.organisationId,
    portfolio_id: asset.portfolioId,
    delivery_zone: asset.deliveryZone,
    eic_code: asset.eicCode,
    start_at: isoOf(s.start),
    end_at: isoOf(s.end),
    energy_capacity_wh: s.energyCapacityWh,
    available_energy_capacity_wh: s.availableEnergyCapacityWh,
    rated_charge_power_kw: s.ratedChargePowerKw,
    rated_discharge_power_kw: s.ratedDischargePowerKw,
    charge_efficiency_ppm: s.chargeEfficiency,
    discharge_efficiency_ppm: s.dischargeEfficiency,
    ramp_rate_kw_per_min: s.rampRateKwPerMin,
    daily_cycle_limit_ppm: s.dailyCycleLimitPpm,
    annual_cycle_limit: s.annualCycleLimit,
    total_allowed_cycles: s.totalAllowedCycles,
    dispatch_gate_closure_seconds: s.dispatchGateClosureSeconds,
    protected_duration_seconds: s.protectedDurationSeconds,
    initial_energy_wh: s.initialEnergyWh,
    final_soc_tolerance_ppm: s.finalSoCTolerance,
    created_at: isoOf(asset.createdAt),
  };
};

export async function insertVirtualAsset(db: Executor, asset: VirtualAsset): Promise<void> {
  await db.insertInto("virtual_assets").values(toRow(asset)).execute();
}

/** Overwrites the asset's row (id, organisation and createdAt stay). */
export async function updateVirtualAsset(db: Executor, asset: VirtualAsset): Promise<void> {
  const { id: _id, organisation_id: _org, created_at: _created, ...values } = toRow(asset);
  await db.updateTable("virtual_assets").set(values).where("id", "=", asset.spec.id).execute();
}

/** The organisation's virtual asset, or undefined (also for another organisation's id). */
export async function findVirtualAsset(
  db: Executor,
  organisationId: string,
  id: string,
): Promise<VirtualAsset | undefined> {
  const [row] = await selectVirtualAsset(db, id, organisationId);
  return row && toVirtualAsset(row);
}

const selectVirtualAsset = prepared((db, id: string, organisationId: string) =>
  db.selectFrom("virtual_assets").selectAll().where("id", "=", id).where("organisation_id", "=", organisationId),
);

/** By id alone, for administration. */
export async function findVirtualAssetById(db: Executor, id: string): Promise<VirtualAsset | undefined> {
  const row = await db.selectFrom("virtual_assets").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toVirtualAsset(row);
}

/**
 * Locks the asset for a read-decide-write transaction (schedules, bids): concurrent writers on the same asset queue
 * here on PostgreSQL; SQLite runs transactions one at a time anyway. Then reads it.
 */
export async function lockVirtualAsset(
  tx: Transaction<Database>,
  organisationId: string,
  id: string,
): Promise<VirtualAsset | undefined> {
  await lockKey(tx, `virtual-asset:${id}`);
  return findVirtualAsset(tx, organisationId, id);
}

/** The organisation's virtual assets whose lifetime overlaps [start, end) (either bound optional), oldest first. */
export async function listVirtualAssets(
  db: Executor,
  organisationId: string,
  window: { start?: EpochMs; end?: EpochMs } = {},
): Promise<VirtualAsset[]> {
  let query = db.selectFrom("virtual_assets").selectAll().where("organisation_id", "=", organisationId);
  if (window.end !== undefined) query = query.where("start_at", "<", isoOf(window.end));
  if (window.start !== undefined) query = query.where("end_at", ">", isoOf(window.start));
  const rows = await query.orderBy("start_at").orderBy("id").execute();
  return rows.map(toVirtualAsset);
}

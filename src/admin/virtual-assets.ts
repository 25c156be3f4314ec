/**
 * Administration of virtual assets (CLI `flexmarket admin virtual-asset create|update` and the demo seeder).
 *
 * - create: a virtual asset in wire units (kWh, kW, ratios) with one WHOLESALE block spanning its lifetime at its
 *   rated powers; the schedule starts as zeros and the state of charge at `initialSocPercent` (default 50 %).
 * - update: changes what a real operator changes later (available energy capacity, efficiencies, gate closure,
 *   names). The schedules are then clipped back into the new state-of-energy limits from now on
 *   (`adjustToStateOfEnergyBounds`), and every correction is stored as an adjustment (`GET …/adjustments`).
 *
 * Values are converted exactly (decimal.js); a value that does not fit is refused with an Error, never rounded.
 */
import { Command } from "commander";
import { Decimal } from "decimal.js";
import type { Db } from "../db/connect.js";
import {
  insertAdjustments,
  insertBlock,
  loadBlockSchedules,
  writeSchedule,
} from "../db/repositories/virtual-battery/blocks.js";
import {
  findVirtualAssetById,
  insertVirtualAsset,
  lockVirtualAsset,
  updateVirtualAsset as updateRow,
  type VirtualAsset,
} from "../db/repositories/virtual-battery/virtual-assets.js";
import { CONTROL_AREA_NAMES } from "../domain/ancillary/control-areas.js";
import { adjustToStateOfEnergyBounds } from "../domain/ancillary/soc-adjustments.js";
import { PPM, type VirtualAssetSpec } from "../domain/ancillary/virtual-asset.js";
import {
  type CreateVirtualAssetInput,
  deliveryZoneOf,
  scaled,
  specOf,
  type UpdateVirtualAssetInput,
  VIRTUAL_ASSET_DEFAULTS,
} from "../domain/ancillary/virtual-asset-spec.js";
import { type EpochMs, toIso } from "../domain/time.js";
import { newUuid } from "../ids.js";

export interface VirtualAssetAdminContext {
  readonly db: Db;
  readonly now: EpochMs;
}

/** Creates a virtual asset with a WHOLESALE block spanning its lifetime. */
export async function createVirtualAsset(
  ctx: VirtualAssetAdminContext,
  input: CreateVirtualAssetInput,
): Promise<{ virtualAsset: VirtualAsset; blockId: string }> {
  const spec = specOf(input, input.id ?? newUuid());
  const virtualAsset: VirtualAsset = {
    spec,
    organisationId: input.organisationId,
    portfolioId: input.portfolioId ?? newUuid(),
    deliveryZone: deliveryZoneOf(input.deliveryZone ?? VIRTUAL_ASSET_DEFAULTS.deliveryZone),
    eicCode: input.eicCode ?? "",
    createdAt: ctx.now,
  };
  const blockId = newUuid();
  await ctx.db.kysely.transaction().execute(async (tx) => {
    const org = await tx
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", input.organisationId)
      .executeTakeFirst();
    if (!org) throw new Error(`No organisation ${input.organisationId}`);
    await insertVirtualAsset(tx, virtualAsset);
    await insertBlock(tx, {
      id: blockId,
      virtualAssetId: spec.id,
      start: spec.start,
      end: spec.end,
      market: "WHOLESALE",
      ratedChargePowerKw: spec.ratedChargePowerKw,
      ratedDischargePowerKw: spec.ratedDischargePowerKw,
      createdAt: ctx.now,
    });
  });
  return { virtualAsset, blockId };
}

/**
 * Updates a virtual asset, then clips its schedules from `ctx.now` on into the new state-of-energy limits and records
 * the adjustments. Returns the updated asset and how many adjustments were made.
 */
export async function updateVirtualAsset(
  ctx: VirtualAssetAdminContext,
  id: string,
  patch: UpdateVirtualAssetInput,
): Promise<{ virtualAsset: VirtualAsset; adjustments: number }> {
  return ctx.db.kysely.transaction().execute(async (tx) => {
    const found = await findVirtualAssetById(tx, id);
    if (!found) throw new Error(`No virtual asset ${id}`);
    const current = await lockVirtualAsset(tx, found.organisationId, id);
    if (!current) throw new Error(`No virtual asset ${id}`);
    const s = current.spec;
    const spec: VirtualAssetSpec = {
      ...s,
      availableEnergyCapacityWh:
        patch.availableEnergyKwh === undefined
          ? s.availableEnergyCapacityWh
          : scaled(patch.availableEnergyKwh, 1000, "available energy capacity (kWh)", { max: s.energyCapacityWh }),
      chargeEfficiency:
        patch.chargeEfficiency === undefined
          ? s.chargeEfficiency
          : scaled(patch.chargeEfficiency, PPM, "charge efficiency", { min: 1, max: PPM }),
      dischargeEfficiency:
        patch.dischargeEfficiency === undefined
          ? s.dischargeEfficiency
          : scaled(patch.dischargeEfficiency, PPM, "discharge efficiency", { min: 1, max: PPM }),
      dispatchGateClosureSeconds:
        patch.dispatchGateClosureSeconds === undefined
          ? s.dispatchGateClosureSeconds
          : scaled(patch.dispatchGateClosureSeconds, 1, "dispatch gate closure (s)"),
      protectedDurationSeconds:
        patch.protectedDurationSeconds === undefined
          ? s.protectedDurationSeconds
          : scaled(patch.protectedDurationSeconds, 1, "protected duration (s)"),
    };
    // The initial state of energy keeps its percentage of the available capacity.
    const initialEnergyWh =
      s.availableEnergyCapacityWh === 0
        ? 0
        : new Decimal(s.initialEnergyWh)
            .times(spec.availableEnergyCapacityWh)
            .dividedBy(s.availableEnergyCapacityWh)
            .floor()
            .toNumber();
    const virtualAsset: VirtualAsset = {
      ...current,
      spec: { ...spec, initialEnergyWh },
      deliveryZone: patch.deliveryZone === undefined ? current.deliveryZone : deliveryZoneOf(patch.deliveryZone),
      eicCode: patch.eicCode ?? current.eicCode,
      portfolioId: patch.portfolioId ?? current.portfolioId,
    };
    await updateRow(tx, virtualAsset);
    const blocks = await loadBlockSchedules(tx, id);
    const adjusted = adjustToStateOfEnergyBounds(virtualAsset.spec, blocks, ctx.now);
    for (let i = 0; i < blocks.length; i++) {
      const before = blocks[i]!;
      const after = adjusted.blocks[i]!;
      if (after !== before) await writeSchedule(tx, before.block.id, before.schedule, after.schedule);
    }
    await insertAdjustments(tx, id, adjusted.adjustments);
    return { virtualAsset, adjustments: adjusted.adjustments.length };
  });
}

type WithDb = <T>(fn: (db: Db) => Promise<T>) => Promise<T>;

const summary = (a: VirtualAsset, blockId?: string) => ({
  id: a.spec.id,
  organisationId: a.organisationId,
  start: toIso(a.spec.start),
  end: toIso(a.spec.end),
  energyCapacityKwh: new Decimal(a.spec.energyCapacityWh).dividedBy(1000).toNumber(),
  availableEnergyCapacityKwh: new Decimal(a.spec.availableEnergyCapacityWh).dividedBy(1000).toNumber(),
  ratedChargePowerKw: a.spec.ratedChargePowerKw,
  ratedDischargePowerKw: a.spec.ratedDischargePowerKw,
  deliveryZone: a.deliveryZone,
  ...(blockId ? { wholesaleBlockId: blockId } : {}),
});

/** `flexmarket admin virtual-asset create|update`. */
export function virtualAssetCommand(withDb: WithDb, print: (value: unknown) => void): Command {
  const command = new Command("virtual-asset").description("Virtual assets (virtual batteries)");
  command
    .command("create")
    .description("Create a virtual asset with a WHOLESALE block spanning its lifetime")
    .requiredOption("--org <id>", "organisation id (a provider)")
    .requiredOption("--energy-kwh <kWh>", "rated energy capacity in kWh")
    .requiredOption("--power-kw <kW>", "rated charge and discharge power in kW")
    .requiredOption("--start <instant>", "start of its lifetime: RFC 3339, or YYYY-MM-DD for 00:00 Europe/Berlin")
    .requiredOption("--end <instant>", "end of its lifetime (exclusive), same forms")
    .option("--available-kwh <kWh>", "usable energy capacity (default: the rated one)")
    .option("--charge-power-kw <kW>", "rated charge power, if not --power-kw")
    .option("--discharge-power-kw <kW>", "rated discharge power, if not --power-kw")
    .option("--efficiency <ratio>", "charge and discharge efficiency", VIRTUAL_ASSET_DEFAULTS.efficiency)
    .option("--soc <percent>", "initial state of charge", VIRTUAL_ASSET_DEFAULTS.initialSocPercent)
    .option(
      "--delivery-zone <zone>",
      `control area: ${CONTROL_AREA_NAMES.join(", ")}`,
      VIRTUAL_ASSET_DEFAULTS.deliveryZone,
    )
    .option("--eic-code <code>", "EIC code", "")
    .option("--portfolio <id>", "portfolio id (default: a new one)")
    .option(
      "--gate-closure-seconds <s>",
      "dispatch gate closure",
      String(VIRTUAL_ASSET_DEFAULTS.dispatchGateClosureSeconds),
    )
    .action(async (opts: Record<string, string | undefined>) => {
      const input: CreateVirtualAssetInput = {
        organisationId: opts.org!,
        energyKwh: opts.energyKwh!,
        powerKw: opts.powerKw!,
        start: opts.start!,
        end: opts.end!,
        chargeEfficiency: opts.efficiency!,
        dischargeEfficiency: opts.efficiency!,
        initialSocPercent: opts.soc!,
        deliveryZone: opts.deliveryZone!,
        eicCode: opts.eicCode ?? "",
        dispatchGateClosureSeconds: opts.gateClosureSeconds!,
        ...(opts.availableKwh ? { availableEnergyKwh: opts.availableKwh } : {}),
        ...(opts.chargePowerKw ? { chargePowerKw: opts.chargePowerKw } : {}),
        ...(opts.dischargePowerKw ? { dischargePowerKw: opts.dischargePowerKw } : {}),
        ...(opts.portfolio ? { portfolioId: opts.portfolio } : {}),
      };
      const created = await withDb((db) => createVirtualAsset({ db, now: Date.now() }, input));
      print(summary(created.virtualAsset, created.blockId));
    });
  command
    .command("update")
    .description("Update a virtual asset; schedules are clipped into the new limits and the adjustments recorded")
    .requiredOption("--id <id>", "virtual asset id")
    .option("--available-kwh <kWh>", "usable energy capacity")
    .option("--charge-efficiency <ratio>")
    .option("--discharge-efficiency <ratio>")
    .option("--gate-closure-seconds <s>", "dispatch gate closure")
    .option("--delivery-zone <zone>")
    .option("--eic-code <code>")
    .option("--portfolio <id>")
    .action(async (opts: Record<string, string | undefined>) => {
      const patch: UpdateVirtualAssetInput = {
        ...(opts.availableKwh ? { availableEnergyKwh: opts.availableKwh } : {}),
        ...(opts.chargeEfficiency ? { chargeEfficiency: opts.chargeEfficiency } : {}),
        ...(opts.dischargeEfficiency ? { dischargeEfficiency: opts.dischargeEfficiency } : {}),
        ...(opts.gateClosureSeconds ? { dispatchGateClosureSeconds: opts.gateClosureSeconds } : {}),
        ...(opts.deliveryZone ? { deliveryZone: opts.deliveryZone } : {}),
        ...(opts.eicCode !== undefined ? { eicCode: opts.eicCode } : {}),
        ...(opts.portfolio ? { portfolioId: opts.portfolio } : {}),
      };
      const updated = await withDb((db) => updateVirtualAsset({ db, now: Date.now() }, opts.id!, patch));
      print({ ...summary(updated.virtualAsset), adjustments: updated.adjustments });
    });
  return command;
}

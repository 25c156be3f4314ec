/**
 * `deliveryZone` is the control area's name on the wire (docs/wire-compatibility.md, "Virtual batteries"): stored
 * virtual assets and auction items written with an ENTSO-E EIC area code get the name, and every stored auction
 * item gets the fields the real auction item carries: `id` (the id the winner's virtual asset gets: the one already
 * allocated for a decided auction, a new one otherwise), `initialSoC` and `lastSoCTarget` 0.5, `finalSoCTolerance`
 * 0.01 and `dailyCycleLimit` 2 (the platform's defaults every virtual asset was created with).
 * Portable: plain selects and updates, row by row (a handful of rows), the same on SQLite and PostgreSQL. The
 * control-area table is copied here on purpose: a migration never imports application code.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";

const NAME_OF_EIC: Record<string, string> = {
  "10YDE-VE-------2": "50Hertz",
  "10YDE-RWENET---I": "Amprion",
  "10YDE-EON------1": "TenneT",
  "10YDE-ENBW-----N": "TransnetBW",
};

export async function up(db: Kysely<any>): Promise<void> {
  for (const [eic, name] of Object.entries(NAME_OF_EIC)) {
    await db.updateTable("virtual_assets").set({ delivery_zone: name }).where("delivery_zone", "=", eic).execute();
  }
  const auctions = await db.selectFrom("internal_auctions").select(["id", "item", "virtual_asset_id"]).execute();
  for (const a of auctions) {
    const item = JSON.parse(a.item) as Record<string, unknown>;
    const zone = String(item.deliveryZone ?? "");
    const next = {
      id: a.virtual_asset_id ?? randomUUID(),
      initialSoC: 0.5,
      lastSoCTarget: 0.5,
      finalSoCTolerance: 0.01,
      dailyCycleLimit: 2,
      ...item,
      deliveryZone: NAME_OF_EIC[zone] ?? (zone === "" ? "50Hertz" : zone),
    };
    await db
      .updateTable("internal_auctions")
      .set({ item: JSON.stringify(next) })
      .where("id", "=", a.id)
      .execute();
  }
}

/** Names stay: they are what the wire carries, and an EIC area code was never a valid `deliveryZone`. */
export async function down(_db: Kysely<any>): Promise<void> {}

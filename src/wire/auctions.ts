/**
 * The internal auctions' wire (docs/wire-compatibility.md, "Virtual batteries"), at the real service's paths
 * (`/auctions`, `/auctions/{auctionID}`, `/auctions/{auctionID}/bids`) and, as aliases, under
 * `/organisations/{organisationID}/` like every virtual-battery path: `{id, start, end, status, currentBid: {price,
 * timestamp} | null, item}`; `item.id` is the id of the virtual asset the winner gets. `status` and
 * `currentBid` are the calling organisation's view: its own latest bid (sealed: nobody sees another's bid) and
 * WON / LOST / NO_BIDS_SUBMITTED once decided. `price` is a decimal string in EUR.
 */
import { Type } from "typebox";
import type { InternalAuctionRecord, StoredAuctionBid } from "../db/repositories/tso-internal-auctions.js";
import { phaseAt, statusFor } from "../domain/clearing/internal-auction.js";
import { type EpochMs, toIso } from "../domain/time.js";
import { formatScaled } from "../domain/units.js";
import { Id } from "./atoms.js";

export const AuctionParams = Type.Object({ organisationID: Id(), auctionID: Id() });
export const OrganisationParams = Type.Object({ organisationID: Id() });

const ratio = (description: string, example: number) => Type.Number({ description, examples: [example] });

const ItemWire = Type.Object({
  id: Type.String({ format: "uuid", description: "Id of the virtual asset on offer (the winner's virtual asset)" }),
  energyCapacity: Type.Number({ description: "kWh" }),
  ratedChargePower: Type.Number({ description: "kW" }),
  ratedDischargePower: Type.Number({ description: "kW" }),
  chargeEfficiency: Type.Number({ examples: [0.943] }),
  dischargeEfficiency: Type.Number({ examples: [0.943] }),
  start: Type.String({ format: "date-time", description: "Start of the virtual asset's lifetime" }),
  end: Type.String({ format: "date-time", description: "End of the virtual asset's lifetime" }),
  deliveryZone: Type.String({
    description: "Control area: 50Hertz, Amprion, TenneT or TransnetBW",
    examples: ["50Hertz"],
  }),
  initialSoC: ratio("State of charge at the start of the lifetime, as a ratio", 0.5),
  lastSoCTarget: ratio("State of charge to end the lifetime at, as a ratio", 0.5),
  finalSoCTolerance: ratio("Tolerance on the final state of charge, as a ratio", 0.01),
  dailyCycleLimit: Type.Number({ examples: [2] }),
  unitsEnergy: Type.Literal("kWh"),
  unitsPower: Type.Literal("kW"),
});

export const AuctionWire = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    start: Type.String({ format: "date-time" }),
    end: Type.String({ format: "date-time" }),
    status: Type.Union([
      Type.Literal("NOT_STARTED"),
      Type.Literal("RUNNING"),
      Type.Literal("PENDING"),
      Type.Literal("WON"),
      Type.Literal("LOST"),
      Type.Literal("NO_BIDS_SUBMITTED"),
    ]),
    currentBid: Type.Union([
      Type.Object({
        price: Type.String({ description: "EUR, your latest bid", examples: ["1250.00"] }),
        timestamp: Type.String({ format: "date-time" }),
      }),
      Type.Null(),
    ]),
    item: ItemWire,
  },
  { title: "Auction" },
);

export function auctionToWire(
  a: InternalAuctionRecord,
  organisationId: string,
  own: StoredAuctionBid | undefined,
  now: EpochMs,
) {
  return {
    id: a.id,
    start: toIso(a.start),
    end: toIso(a.end),
    status: statusFor(phaseAt(a, now), { organisationId, hasBid: own !== undefined }, a.winnerOrganisationId),
    currentBid: own ? { price: formatScaled(own.priceCents, 2), timestamp: toIso(own.placedAt) } : null,
    item: {
      id: a.item.id,
      energyCapacity: a.item.energyCapacity,
      ratedChargePower: a.item.ratedChargePower,
      ratedDischargePower: a.item.ratedDischargePower,
      chargeEfficiency: a.item.chargeEfficiency,
      dischargeEfficiency: a.item.dischargeEfficiency,
      start: a.item.start,
      end: a.item.end,
      deliveryZone: a.item.deliveryZone,
      initialSoC: a.item.initialSoC,
      lastSoCTarget: a.item.lastSoCTarget,
      finalSoCTolerance: a.item.finalSoCTolerance,
      dailyCycleLimit: a.item.dailyCycleLimit,
      unitsEnergy: "kWh" as const,
      unitsPower: "kW" as const,
    },
  };
}

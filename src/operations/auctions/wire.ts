/**
 * The internal auctions' wire (DOMAIN.md §2, "Internal auctions"), under `/organisations/{organisationID}/` like every
 * virtual-battery path: `{id, start, end, status, currentBid: {price, timestamp} | null, item}`. `status` and
 * `currentBid` are the calling organisation's view: its own latest bid (sealed: nobody sees another's bid) and
 * WON / LOST / NO_BIDS_SUBMITTED once decided. `price` is a decimal string in EUR.
 */
import { Type } from "typebox";
import type { InternalAuctionRecord, StoredAuctionBid } from "../../db/repositories/tso-internal-auctions.js";
import { phaseAt, statusFor } from "../../domain/clearing/internal-auction.js";
import { type EpochMs, toIso } from "../../domain/time.js";
import { formatScaled } from "../../domain/units.js";
import { Id } from "../../http/schemas.js";

export const AuctionParams = Type.Object({ organisationID: Id(), auctionID: Id() });

const ItemWire = Type.Object({
  energyCapacity: Type.Number({ description: "kWh" }),
  ratedChargePower: Type.Number({ description: "kW" }),
  ratedDischargePower: Type.Number({ description: "kW" }),
  chargeEfficiency: Type.Number({ examples: [0.943] }),
  dischargeEfficiency: Type.Number({ examples: [0.943] }),
  start: Type.String({ format: "date-time", description: "Start of the virtual asset's lifetime" }),
  end: Type.String({ format: "date-time", description: "End of the virtual asset's lifetime" }),
  deliveryZone: Type.String(),
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
      energyCapacity: a.item.energyCapacity,
      ratedChargePower: a.item.ratedChargePower,
      ratedDischargePower: a.item.ratedDischargePower,
      chargeEfficiency: a.item.chargeEfficiency,
      dischargeEfficiency: a.item.dischargeEfficiency,
      start: a.item.start,
      end: a.item.end,
      deliveryZone: a.item.deliveryZone,
      unitsEnergy: "kWh" as const,
      unitsPower: "kW" as const,
    },
  };
}

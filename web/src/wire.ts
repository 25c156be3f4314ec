/** The JSON shapes the dashboard reads (see `GET /openapi.json`). */

export interface ServiceWindowWire {
  id: string;
  name: string;
  start: string;
  end: string;
  service_days: string[];
  capacity_required: string;
  minimum_aggregate_asset_size: string | null;
}

export interface ServicePeriodWire {
  id: string;
  name: string;
  start: string;
  end: string;
  service_windows: ServiceWindowWire[];
}

export interface CompetitionWire {
  id: string;
  reference: string;
  name: string;
  system_operator_id: string;
  system_operator: string;
  status: string;
  type: string;
  need_type: string;
  need_direction: string;
  power_type: string;
  product_type: string;
  pricing_type: string;
  availability_guide_price: string | null;
  utilisation_guide_price: string | null;
  service_fee: string | null;
  qualification_open: string;
  qualification_closed: string;
  open: string;
  closed: string;
  boundary: { area_references: string[]; postcodes: string[] };
  service_periods: ServicePeriodWire[];
  created: string;
  modified: string;
}

export interface RateWire {
  type: string;
  value: string;
}

export interface AssetIdsWire {
  flex: string[];
  planned: string[];
}

export interface BidWire {
  id: string;
  service_window_id: string;
  capacity: string;
  max_runtime: string;
  rates: RateWire[];
}

export interface BallotWire {
  id: string;
  competition_id: string;
  created: string;
  status: string;
  assets: AssetIdsWire;
  bids: BidWire[];
}

export interface OpportunityWire {
  competition_id: string;
  competition_name: string;
  competition_type: string;
  closed: string;
  flex_asset_ids: string[];
  planned_asset_ids: string[];
  total_capacity: string;
}

export interface QualificationWire {
  id: string;
  competition_id: string;
  asset_kind: "flex" | "planned";
  asset_id: string;
  status: string;
  qualified: boolean;
  reason: string | null;
  capacity: string;
}

export interface BidResultWire {
  bid_id: string;
  ballot_id: string;
  competition_id: string;
  service_window_id: string;
  capacity: string;
  max_runtime: string;
  rates: RateWire[];
  status: string;
  accepted_capacity: string | null;
  reason: string | null;
  decided: string | null;
  results_published: string | null;
}

export interface ObligationWire {
  id: string;
  competition_id: string;
  bid_id: string;
  service_window_id: string;
  start: string;
  end: string;
  capacity: string;
  rates: RateWire[];
  assets: AssetIdsWire;
}

export interface DecisionWire {
  status: string;
  accepted_capacity: string | null;
  reason: string | null;
  decided: string;
}

export interface RankedBidWire {
  rank: number;
  bid_id: string;
  ballot_id: string;
  provider_id: string;
  provider_name: string;
  ballot_created: string;
  capacity: string;
  max_runtime: string;
  rates: (RateWire & { guide_price: string | null; difference: string | null })[];
  assets: AssetIdsWire;
  decision: DecisionWire | null;
}

export interface WindowBidsWire {
  service_period_id: string;
  service_window_id: string;
  service_window_name: string;
  capacity_required: string;
  accepted_capacity: string;
  bids: RankedBidWire[];
}

export interface VirtualAssetWire {
  id: string;
  portfolioID: string;
  /** The control area (50Hertz, Amprion, TenneT, TransnetBW); the asset's own EIC code is `eicCode`. */
  deliveryZone: string;
  eicCode: string;
  start: string;
  end: string;
  energyCapacity: number;
  availableEnergyCapacity: number;
  ratedChargePower: number;
  ratedDischargePower: number;
  dispatchGateClosureSeconds: number;
  blockIDs: string[];
  blockMetadata: { id: string; start: string; end: string; market: string }[];
  endStateOfChargePercentage: number;
  imbalanceCharge: number;
  imbalanceDischarge: number;
  finalSoCTolerance: number;
  feedback: string;
}

export interface SocPointWire {
  time: string;
  soc: number;
  boundaries: { lower: number; upper: number };
}

export interface BlockWire {
  id: string;
  start: string;
  end: string;
  ratedChargePower: number;
  ratedDischargePower: number;
  powerCapacity: { time: string; chargePowerCapacity: number; dischargePowerCapacity: number }[];
  schedule: { time: string; power: number }[];
}

export interface AncillaryProductWire {
  market: string;
  product: string;
  deliveryDay: string;
  productDateCode?: string;
  bids: {
    bidID: string;
    offeredCapacity: number;
    capacityPrice: number | null;
    energyPrice: number | null;
    status: string;
  }[];
}

export interface AncillaryResultWire {
  market: string;
  product: string;
  deliveryDay: string;
  results: {
    bidID: string;
    accepted: boolean;
    offeredCapacity: number;
    acceptedCapacity: number;
    capacityPrice: number | null;
    settlementPrice: number | null;
    energyPrice: number | null;
  }[];
}

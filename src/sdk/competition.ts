/**
 * A competition as the API returns it (`GET /competitions/v1/{id}/`) turned back into the domain's `Competition`
 * (MW → milli-MW, £ → pence, RFC 3339 → epoch ms), for the server's own rules to run on: the SDK's local ballot check
 * and the dashboard's live one. Types only from the SDK's index, so a browser bundle takes no HTTP client with it.
 */
import { unwrap } from "../domain/errors.js";
import type { Competition, CompetitionType, NeedDirection, ServiceDay } from "../domain/marketplace/types.js";
import { parseRfc3339 } from "../domain/time.js";
import { parseGbp, parseMw } from "../domain/units.js";
import type { CompetitionWire } from "./index.js";

const pence = (v: string | null, field: string) => (v === null ? null : unwrap(parseGbp(v, field)));
const instant = (v: string, field: string) => unwrap(parseRfc3339(v, field));

/** A competition as the API returns it (`GET /competitions/v1/{id}/`) → the domain's `Competition`. */
export function competitionFromWire(w: CompetitionWire): Competition {
  return {
    id: w.id,
    reference: w.reference,
    name: w.name,
    systemOperatorId: w.system_operator_id,
    type: w.type as CompetitionType,
    needType: w.need_type,
    needDirection: w.need_direction as NeedDirection,
    powerType: w.power_type,
    productType: w.product_type,
    pricingType: "auction",
    availabilityGuidePricePence: pence(w.availability_guide_price, "availability_guide_price"),
    utilisationGuidePricePence: pence(w.utilisation_guide_price, "utilisation_guide_price"),
    serviceFeePence: pence(w.service_fee, "service_fee"),
    qualificationOpen: instant(w.qualification_open, "qualification_open"),
    qualificationClosed: instant(w.qualification_closed, "qualification_closed"),
    open: instant(w.open, "open"),
    closed: instant(w.closed, "closed"),
    boundary: { areaReferences: w.boundary.area_references, postcodes: w.boundary.postcodes },
    status: w.status === "draft" ? "draft" : "published",
    resultsPublished: w.status === "results_published",
    servicePeriods: w.service_periods.map((p) => ({
      id: p.id,
      name: p.name,
      start: p.start,
      end: p.end,
      serviceWindows: p.service_windows.map((sw) => ({
        id: sw.id,
        name: sw.name,
        start: sw.start,
        end: sw.end,
        serviceDays: sw.service_days as ServiceDay[],
        capacityRequiredMilliMw: unwrap(parseMw(sw.capacity_required, "capacity_required")),
        minimumAggregateAssetSizeMilliMw:
          sw.minimum_aggregate_asset_size === null
            ? null
            : unwrap(parseMw(sw.minimum_aggregate_asset_size, "minimum_aggregate_asset_size")),
      })),
    })),
  };
}

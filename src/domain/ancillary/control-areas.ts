/**
 * The German control areas a virtual asset or an auctioned one delivers in (docs/wire-compatibility.md, "Virtual
 * batteries"): `deliveryZone` on the wire is the control area's name as the real service writes it (`50Hertz`,
 * `Amprion`, `TenneT`, `TransnetBW`); the ENTSO-E EIC area code is kept beside it here only to read older data and
 * admin input written as a code. A virtual asset's own `eicCode` is a different thing (its resource code).
 */
import { fail, ok, type Result } from "../errors.js";

export const CONTROL_AREAS = [
  { name: "50Hertz", eicCode: "10YDE-VE-------2" },
  { name: "Amprion", eicCode: "10YDE-RWENET---I" },
  { name: "TenneT", eicCode: "10YDE-EON------1" },
  { name: "TransnetBW", eicCode: "10YDE-ENBW-----N" },
] as const;

export type ControlAreaName = (typeof CONTROL_AREAS)[number]["name"];

export const CONTROL_AREA_NAMES: readonly ControlAreaName[] = CONTROL_AREAS.map((a) => a.name);

/** A delivery zone given as a control area's name (case sensitive) or its EIC area code → the name. */
export function parseDeliveryZone(text: string, field = "deliveryZone"): Result<ControlAreaName> {
  const area = CONTROL_AREAS.find((a) => a.name === text || a.eicCode === text);
  if (area) return ok(area.name);
  return fail(
    "validation_failed",
    `${field} ${JSON.stringify(text)} is not a control area: one of ${CONTROL_AREA_NAMES.join(", ")}`,
    field,
  );
}

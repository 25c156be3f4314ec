import { describe, expect, it } from "vitest";
import { parseDeliveryZone } from "./control-areas.js";

describe("parseDeliveryZone", () => {
  it.each([
    ["50Hertz", "50Hertz"],
    ["Amprion", "Amprion"],
    ["TenneT", "TenneT"],
    ["TransnetBW", "TransnetBW"],
    ["10YDE-VE-------2", "50Hertz"],
    ["10YDE-RWENET---I", "Amprion"],
    ["10YDE-EON------1", "TenneT"],
    ["10YDE-ENBW-----N", "TransnetBW"],
  ])("reads %s as the control area %s", (text, name) => {
    expect(parseDeliveryZone(text)).toEqual({ ok: true, value: name });
  });

  it.each(["tennet", "50hertz", "", "10YDE-XX-------0", "Elia"])("refuses %j, listing the control areas", (text) => {
    const r = parseDeliveryZone(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("50Hertz, Amprion, TenneT, TransnetBW");
  });
});

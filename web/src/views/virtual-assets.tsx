/** Virtual batteries of the organisation, with the imbalance report of each. */

import type { VirtualAssetWire } from "../../../src/sdk/index.js";
import { get } from "../api.js";
import { batteryName, kw, kwh, percent, zoneName } from "../labels.js";
import { Link } from "../router.js";
import { formatDate } from "../time.js";
import { Empty, Loaded, ScrollRegion, Section, useLoad } from "../ui.js";

export function VirtualAssets({ organisationId }: { organisationId: string }) {
  const [load, reload] = useLoad(
    () => get<VirtualAssetWire[]>(`/organisations/${encodeURIComponent(organisationId)}/virtual-assets`),
    [organisationId],
  );
  return (
    <>
      <h1>Virtual assets</h1>
      <Section title="Your virtual batteries">
        <Loaded load={load} what="virtual assets" retry={reload}>
          {(items) =>
            items.length === 0 ? (
              <Empty>Your organisation has no virtual assets.</Empty>
            ) : (
              <ScrollRegion label="Your virtual batteries">
                <table>
                  <thead>
                    <tr>
                      <th>Virtual asset</th>
                      <th>Control area</th>
                      <th className="num">Usable energy</th>
                      <th className="num">Charge / discharge power</th>
                      <th>Lifetime (Berlin time)</th>
                      <th className="num">End SoC</th>
                      <th>Feedback</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((va) => (
                      <tr key={va.id}>
                        <td>
                          <Link to={`/batteries/${va.id}`}>{batteryName(va)}</Link>
                        </td>
                        <td>{zoneName(va.deliveryZone)}</td>
                        <td className="num">{kwh(va.availableEnergyCapacity)}</td>
                        <td className="num">
                          {kw(va.ratedChargePower)} / {kw(va.ratedDischargePower)}
                        </td>
                        <td>
                          {formatDate(Date.parse(va.start), "berlin")} – {formatDate(Date.parse(va.end), "berlin")}
                        </td>
                        <td className="num">{percent(va.endStateOfChargePercentage)}</td>
                        <td>{va.feedback}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )
          }
        </Loaded>
      </Section>
    </>
  );
}

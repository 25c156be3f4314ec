/** Virtual batteries of the organisation, with the imbalance report of each. */
import { get } from "../api.js";
import { Link } from "../router.js";
import { Empty, Loaded, Section, useLoad } from "../ui.js";
import type { VirtualAssetWire } from "../wire.js";

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
              <table>
                <thead>
                  <tr>
                    <th>Virtual asset</th>
                    <th>Control area</th>
                    <th className="num">Energy (kWh)</th>
                    <th className="num">Power (kW)</th>
                    <th>Lifetime</th>
                    <th className="num">End SoC</th>
                    <th>Feedback</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((va) => (
                    <tr key={va.id}>
                      <td>
                        <Link to={`/batteries/${va.id}`}>{va.id.slice(0, 8)}</Link>
                      </td>
                      <td>{va.deliveryZone}</td>
                      <td className="num">{va.availableEnergyCapacity}</td>
                      <td className="num">
                        {va.ratedChargePower} / {va.ratedDischargePower}
                      </td>
                      <td>
                        {va.start.slice(0, 10)} – {va.end.slice(0, 10)}
                      </td>
                      <td className="num">{va.endStateOfChargePercentage} %</td>
                      <td>{va.feedback}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </Section>
    </>
  );
}

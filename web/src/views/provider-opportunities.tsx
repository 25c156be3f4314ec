/** Provider: bidding opportunities (open competitions with qualified assets) and every published competition. */
import { get } from "../api.js";
import { Link } from "../router.js";
import { Empty, formatInstant, Loaded, Section, useLoad } from "../ui.js";
import type { CompetitionWire, OpportunityWire } from "../wire.js";

export function Opportunities() {
  const [load, reload] = useLoad(() => get<OpportunityWire[]>("/bidding-opportunities/v1/"), []);
  return (
    <>
      <h1>Bidding opportunities</h1>
      <Section title="Open competitions you have qualified assets in">
        <Loaded load={load} what="bidding opportunities" retry={reload}>
          {(items) =>
            items.length === 0 ? (
              <Empty>
                No open competition has your qualified, entered assets right now. See all{" "}
                <Link to="/provider/competitions">competitions</Link>.
              </Empty>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Competition</th>
                    <th>Type</th>
                    <th>Bidding closes</th>
                    <th>Your assets</th>
                    <th className="num">Total capacity (MW)</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((o) => (
                    <tr key={o.competition_id}>
                      <td>
                        <Link to={`/provider/competitions/${o.competition_id}`}>{o.competition_name}</Link>
                      </td>
                      <td>{o.competition_type}</td>
                      <td>{formatInstant(o.closed)}</td>
                      <td>
                        {o.flex_asset_ids.length} flex, {o.planned_asset_ids.length} planned
                      </td>
                      <td className="num">{o.total_capacity}</td>
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

export function Competitions() {
  const [load, reload] = useLoad(() => get<CompetitionWire[]>("/competitions/v1/?limit=200"), []);
  return (
    <>
      <h1>Competitions</h1>
      <Section title="Published competitions">
        <Loaded load={load} what="competitions" retry={reload}>
          {(items) =>
            items.length === 0 ? (
              <Empty>No competition has been published yet.</Empty>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Competition</th>
                    <th>Reference</th>
                    <th>System operator</th>
                    <th>Type</th>
                    <th>Status</th>
                    <th>Bidding</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link to={`/provider/competitions/${c.id}`}>{c.name}</Link>
                      </td>
                      <td>{c.reference}</td>
                      <td>{c.system_operator}</td>
                      <td>{c.type}</td>
                      <td>
                        <span className={`badge ${c.status}`}>{c.status.replace(/_/g, " ")}</span>
                      </td>
                      <td>
                        {formatInstant(c.open)} – {formatInstant(c.closed)}
                      </td>
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

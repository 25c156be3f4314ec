/** Provider: bidding opportunities (open competitions with qualified assets) and every published competition. */

import type { BiddingOpportunity, CompetitionWire, QualificationWire } from "../../../src/sdk/index.js";
import { get } from "../api.js";
import { statusText } from "../labels.js";
import { Link } from "../router.js";
import { formatInstant, formatInterval } from "../time.js";
import { Empty, Loaded, ScrollRegion, Section, useLoad } from "../ui.js";

/** Why a competition that is not over is (not yet) biddable for this provider, in words. */
export function whyNotBiddable(c: CompetitionWire, qualifications: readonly QualificationWire[]): string | null {
  const mine = qualifications.filter((q) => q.competition_id === c.id);
  const qualified = mine.filter((q) => q.qualified);
  const entered = qualified.filter((q) => q.status === "Entered");
  const notEntered = qualified.length - entered.length;
  const opens = `Bidding opens ${formatInstant(c.open)}`;
  if (mine.length === 0) {
    return c.status === "open"
      ? "None of your assets has been checked for it: the system operator has not run qualification for them."
      : `Qualification has not been run for your assets yet. ${opens}.`;
  }
  if (qualified.length === 0) return "None of your assets qualifies (location, direction or status).";
  if (notEntered > 0) {
    const what = `${notEntered} qualified asset${notEntered === 1 ? " is" : "s are"} not entered`;
    return c.status === "open"
      ? `${what}: enter ${notEntered === 1 ? "it" : "them"} to bid.`
      : `${what}: enter ${notEntered === 1 ? "it" : "them"} before bidding. ${opens}.`;
  }
  return c.status === "open" ? null : `Your assets are entered. ${opens}.`;
}

const NOT_OVER = new Set(["upcoming", "qualification", "pending_open", "open"]);

export function Opportunities() {
  const [load, reload] = useLoad(() => get<BiddingOpportunity[]>("/bidding-opportunities/v1/"), []);
  const [soon, reloadSoon] = useLoad(async () => {
    const [competitions, qualifications] = await Promise.all([
      get<CompetitionWire[]>("/competitions/v1/"),
      get<QualificationWire[]>("/qualifications/v1/"),
    ]);
    return competitions
      .filter((c) => NOT_OVER.has(c.status))
      .map((c) => ({ competition: c, why: whyNotBiddable(c, qualifications) }))
      .filter((x): x is { competition: CompetitionWire; why: string } => x.why !== null);
  }, []);
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
              <ScrollRegion label="Bidding opportunities">
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
              </ScrollRegion>
            )
          }
        </Loaded>
      </Section>
      <Section title="Not biddable yet" id="not-yet">
        <Loaded load={soon} what="competitions" retry={reloadSoon}>
          {(items) =>
            items.length === 0 ? (
              <Empty>Every competition that is not over is listed above or has nothing more for you to do.</Empty>
            ) : (
              <ul className="why" data-testid="not-biddable">
                {items.map(({ competition: c, why }) => (
                  <li key={c.id}>
                    <Link to={`/provider/competitions/${c.id}`}>{c.name}</Link> ({statusText(c.status)}): {why}
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      </Section>
    </>
  );
}

export function Competitions() {
  const [load, reload] = useLoad(() => get<CompetitionWire[]>("/competitions/v1/"), []);
  return (
    <>
      <h1>Competitions</h1>
      <Section title="Published competitions">
        <Loaded load={load} what="competitions" retry={reload}>
          {(items) =>
            items.length === 0 ? (
              <Empty>No competition has been published yet.</Empty>
            ) : (
              <ScrollRegion label="Published competitions">
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
                          <span className={`badge ${c.status}`}>{statusText(c.status)}</span>
                        </td>
                        <td>{formatInterval(c.open, c.closed)}</td>
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

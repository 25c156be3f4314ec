/** System operator: its competitions, drafts included. */
import { get } from "../api.js";
import { Link } from "../router.js";
import { Empty, formatInstant, Loaded, Section, useLoad } from "../ui.js";
import type { CompetitionWire } from "../wire.js";

export function OperatorCompetitions() {
  const [load, reload] = useLoad(() => get<CompetitionWire[]>("/so/v1/competitions/?limit=200"), []);
  return (
    <>
      <h1>Your competitions</h1>
      <Section title="Competitions" actions={<Link to="/operator/new">New competition</Link>}>
        <Loaded load={load} what="competitions" retry={reload}>
          {(items) =>
            items.length === 0 ? (
              <Empty>
                No competitions yet. <Link to="/operator/new">Create one</Link>.
              </Empty>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Competition</th>
                    <th>Reference</th>
                    <th>Type</th>
                    <th>Status</th>
                    <th>Bidding closes</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link to={`/operator/competitions/${c.id}`}>{c.name}</Link>
                      </td>
                      <td>{c.reference}</td>
                      <td>{c.type}</td>
                      <td>
                        <span className={`badge ${c.status}`}>{c.status.replace(/_/g, " ")}</span>
                      </td>
                      <td>{formatInstant(c.closed)}</td>
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

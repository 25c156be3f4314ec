/** System operator: its competitions, drafts included. */

import type { CompetitionWire } from "../../../src/sdk/index.js";
import { get } from "../api.js";
import { statusText } from "../labels.js";
import { Link } from "../router.js";
import { formatInstant } from "../time.js";
import { Empty, Loaded, ScrollRegion, Section, useLoad } from "../ui.js";
import { SandboxStatus } from "./sandbox-status.js";

export function OperatorCompetitions() {
  const [load, reload] = useLoad(() => get<CompetitionWire[]>("/so/v1/competitions/"), []);
  return (
    <>
      <h1>Your competitions</h1>
      <SandboxStatus />
      <Section title="Competitions" actions={<Link to="/operator/new">New competition</Link>}>
        <Loaded load={load} what="competitions" retry={reload}>
          {(items) =>
            items.length === 0 ? (
              <Empty>
                No competitions yet. <Link to="/operator/new">Create one</Link>.
              </Empty>
            ) : (
              <ScrollRegion label="Your competitions">
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
                          <span className={`badge ${c.status}`}>{statusText(c.status)}</span>
                        </td>
                        <td>{formatInstant(c.closed)}</td>
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

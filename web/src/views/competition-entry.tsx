/**
 * Provider: the provider's assets in one competition, each with its qualification and entry status, and the
 * buttons to enter or withdraw it (`PATCH /qualifications/v1/{id}/`). Only entered, qualified assets bid; entries
 * change until bidding closes.
 */

import type { CompetitionWire, QualificationWire } from "../../../src/sdk/index.js";
import { patch } from "../api.js";
import { Empty, ErrorBox, ScrollRegion, Section, useAction } from "../ui.js";

const ENTRY_OPEN = new Set(["upcoming", "qualification", "pending_open", "open"]);

export function CompetitionEntry(props: {
  competition: CompetitionWire;
  qualifications: readonly QualificationWire[];
  assetNames: ReadonlyMap<string, string>;
  onChanged: () => void;
}) {
  const change = useAction(async (id: string, status: "Entered" | "Withdrawn") => {
    await patch(`/qualifications/v1/${encodeURIComponent(id)}/`, { status });
    props.onChanged();
  });
  const canChange = ENTRY_OPEN.has(props.competition.status);
  return (
    <Section title="Your assets in this competition" id="entry">
      {props.qualifications.length === 0 ? (
        <Empty>
          None of your assets has been checked for this competition yet: the system operator runs qualification while it
          is open for qualification.
        </Empty>
      ) : (
        <ScrollRegion label="Your assets in this competition">
          <table data-testid="entry">
            <thead>
              <tr>
                <th>Asset</th>
                <th className="num">Capacity (MW)</th>
                <th>Qualified</th>
                <th>Entry</th>
                <th>Action</th>
              </tr>
            </thead>
            <tbody>
              {props.qualifications.map((q) => {
                const name = props.assetNames.get(q.asset_id) ?? q.asset_id;
                return (
                  <tr key={q.id} data-asset={q.asset_id}>
                    <td>
                      {name}
                      {q.asset_kind === "planned" ? " (planned)" : ""}
                    </td>
                    <td className="num">{q.capacity}</td>
                    <td>{q.qualified ? "Yes" : `No${q.reason ? `: ${q.reason}` : ""}`}</td>
                    <td>
                      <span className={`badge entry-${q.status.replace(/ /g, "-").toLowerCase()}`}>{q.status}</span>
                    </td>
                    <td>
                      {!q.qualified ? (
                        "Not applicable"
                      ) : !canChange ? (
                        "Entries are closed"
                      ) : q.status === "Entered" ? (
                        <button
                          type="button"
                          className="secondary"
                          disabled={change.pending}
                          onClick={() => void change.run(q.id, "Withdrawn")}
                          aria-label={`Withdraw ${name}`}
                        >
                          Withdraw
                        </button>
                      ) : (
                        <button
                          type="button"
                          disabled={change.pending}
                          onClick={() => void change.run(q.id, "Entered")}
                          aria-label={`Enter ${name}`}
                        >
                          Enter
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {change.error ? <ErrorBox error={change.error} /> : null}
    </Section>
  );
}

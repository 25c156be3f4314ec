/** Provider: a competition with its windows on a timeline, the ballot editor, ballot history and results. */
import { useState } from "react";
import type { BidResult, CompetitionWire, QualificationWire, StoredBallotWire } from "../../../src/sdk/index.js";
import { get } from "../api.js";
import { rateText, statusText } from "../labels.js";
import { formatInstant } from "../time.js";
import { Empty, Loaded, ScrollRegion, Section, useLoad } from "../ui.js";
import { BallotEditor } from "./ballot-editor.js";
import { CompetitionEntry } from "./competition-entry.js";
import { CompetitionFacts, ServiceWindows } from "./competition-parts.js";
import { ObligationTable } from "./provider-obligations.js";

interface Page {
  competition: CompetitionWire;
  qualifications: QualificationWire[];
  ballots: StoredBallotWire[];
  results: BidResult[];
  /** Asset names by id (flex and planned). */
  assetNames: Map<string, string>;
}

async function loadPage(id: string): Promise<Page> {
  const path = encodeURIComponent(id);
  const [competition, qualifications, ballots, flex, planned] = await Promise.all([
    get<CompetitionWire>(`/competitions/v1/${path}/`),
    get<QualificationWire[]>(`/qualifications/v1/?competition_id=${path}`),
    get<StoredBallotWire[]>(`/bids/v1/competitions/${path}/ballots/`),
    get<{ id: string; name: string }[]>("/assets/v1/"),
    get<{ id: string; name: string }[]>("/planned-assets/v1/"),
  ]);
  // Results exist only once the provider has a ballot (the server answers 404 before).
  const results = ballots.length > 0 ? await get<BidResult[]>(`/bid-results/v1/${path}/`) : [];
  const assetNames = new Map([...flex, ...planned].map((a) => [a.id, a.name] as const));
  return { competition, qualifications, ballots, results, assetNames };
}

export function ProviderCompetition({ id }: { id: string }) {
  const [load, reload] = useLoad(() => loadPage(id), [id]);
  /** Kept here: the editor starts afresh from the new active ballot after a submission. */
  const [notice, setNotice] = useState<string | null>(null);
  const submitted = (ballot: StoredBallotWire) => {
    const n = ballot.bids.length;
    setNotice(`Ballot ${ballot.id} submitted with ${n} bid${n === 1 ? "" : "s"}; it is now your active ballot.`);
    reload();
  };
  return (
    <Loaded load={load} what="the competition" retry={reload}>
      {(page) => {
        const windowName = new Map(
          page.competition.service_periods.flatMap((p) => p.service_windows.map((w) => [w.id, w.name] as const)),
        );
        return (
          <>
            <h1>{page.competition.name}</h1>
            <CompetitionFacts competition={page.competition} />
            <CompetitionEntry
              competition={page.competition}
              qualifications={page.qualifications}
              assetNames={page.assetNames}
              onChanged={reload}
            />
            <ServiceWindows competition={page.competition} />
            <Section title="New ballot">
              <BallotEditor
                key={`${page.ballots[0]?.id ?? "first"}|${page.qualifications.map((q) => q.status).join()}`}
                competition={page.competition}
                qualifications={page.qualifications}
                ballots={page.ballots}
                assetNames={page.assetNames}
                onSubmitted={submitted}
              />
              {notice ? (
                <p className="success" role="status">
                  {notice}
                </p>
              ) : null}
            </Section>
            <Section title="Ballot history">
              {page.ballots.length === 0 ? (
                <Empty>You have not submitted a ballot for this competition.</Empty>
              ) : (
                <ScrollRegion label="Ballot history">
                  <table data-testid="ballot-history">
                    <thead>
                      <tr>
                        <th>Ballot</th>
                        <th>Submitted</th>
                        <th>Status</th>
                        <th>Bids</th>
                        <th>Assets</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.ballots.map((b) => (
                        <tr key={b.id}>
                          <td>{b.id}</td>
                          <td>{formatInstant(b.created)}</td>
                          <td>
                            <span className={`badge ${b.status}`}>{b.status}</span>
                          </td>
                          <td>
                            <ul className="plain">
                              {b.bids.map((bid) => (
                                <li key={bid.id}>
                                  {windowName.get(bid.service_window_id) ?? bid.service_window_id}: {bid.capacity} MW,
                                  runs up to {bid.max_runtime}, {bid.rates.map(rateText).join(", ")}
                                </li>
                              ))}
                            </ul>
                          </td>
                          <td>
                            {[...b.assets.flex, ...b.assets.planned].map((a) => page.assetNames.get(a) ?? a).join(", ")}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              )}
            </Section>
            <Section title="Results">
              {page.results.length === 0 ? (
                <Empty>No results yet: you have no bids in this competition.</Empty>
              ) : (
                <ScrollRegion label="Results">
                  <table data-testid="bid-results">
                    <thead>
                      <tr>
                        <th>Window</th>
                        <th className="num">Capacity (MW)</th>
                        <th>Rates</th>
                        <th>Result</th>
                        <th className="num">Accepted (MW)</th>
                        <th>Reason</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.results.map((r) => (
                        <tr key={r.bid_id}>
                          <td>{windowName.get(r.service_window_id) ?? r.service_window_id}</td>
                          <td className="num">{r.capacity}</td>
                          <td>{r.rates.map(rateText).join(", ")}</td>
                          <td>
                            <span className={`badge ${r.status}`}>{statusText(r.status)}</span>
                            {r.results_published ? "" : " (not published)"}
                          </td>
                          <td className="num">{r.accepted_capacity ?? "—"}</td>
                          <td>{r.reason ?? ""}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              )}
            </Section>
            <ObligationTable competitionId={page.competition.id} title="Obligations in this competition" />
          </>
        );
      }}
    </Loaded>
  );
}

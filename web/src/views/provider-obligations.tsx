/** Provider: obligations (accepted bids to deliver), paged with the server's X-Total-Count. */
import { useState } from "react";
import type { CompetitionWire, ObligationWire } from "../../../src/sdk/index.js";
import { get, query, request } from "../api.js";
import { rateText } from "../labels.js";
import { Link } from "../router.js";
import { formatInterval } from "../time.js";
import { Empty, Loaded, ScrollRegion, Section, useLoad } from "../ui.js";

/** Competition and service-window names by id, to show names instead of ids. */
async function namesOf(): Promise<{ competitions: Map<string, string>; windows: Map<string, string> }> {
  const competitions = await get<CompetitionWire[]>("/competitions/v1/");
  return {
    competitions: new Map(competitions.map((c) => [c.id, c.name])),
    windows: new Map(
      competitions.flatMap((c) => c.service_periods.flatMap((p) => p.service_windows.map((w) => [w.id, w.name]))),
    ),
  };
}

const PAGE = 25;

export function ObligationTable(props: { competitionId?: string; title?: string }) {
  const [offset, setOffset] = useState(0);
  const [load, reload] = useLoad(async () => {
    const [page, names] = await Promise.all([
      request<ObligationWire[]>(
        "GET",
        `/obligations/v1/${query({ limit: PAGE, offset, competition_id: props.competitionId })}`,
      ),
      namesOf(),
    ]);
    return { ...page, names };
  }, [offset, props.competitionId]);
  return (
    <Section title={props.title ?? "Obligations"}>
      <Loaded load={load} what="obligations" retry={reload}>
        {({ body, total, names }) =>
          body.length === 0 ? (
            <Empty>No obligations: they appear when a system operator publishes results that accept your bids.</Empty>
          ) : (
            <>
              <ScrollRegion label={props.title ?? "Obligations"}>
                <table>
                  <thead>
                    <tr>
                      <th>Delivery</th>
                      <th className="num">Capacity (MW)</th>
                      <th>Rates</th>
                      <th>Competition</th>
                      <th>Service window</th>
                    </tr>
                  </thead>
                  <tbody>
                    {body.map((o) => (
                      <tr key={o.id}>
                        <td>{formatInterval(o.start, o.end)}</td>
                        <td className="num">{o.capacity}</td>
                        <td>{o.rates.map(rateText).join(", ")}</td>
                        <td>
                          <Link to={`/provider/competitions/${o.competition_id}`}>
                            {names.competitions.get(o.competition_id) ?? o.competition_id}
                          </Link>
                        </td>
                        <td>{names.windows.get(o.service_window_id) ?? o.service_window_id}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
              <div className="pager">
                <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                  Previous
                </button>
                <span>
                  {offset + 1}–{offset + body.length} of {total ?? "?"}
                </span>
                <button
                  type="button"
                  disabled={total === null || offset + PAGE >= total}
                  onClick={() => setOffset(offset + PAGE)}
                >
                  Next
                </button>
              </div>
            </>
          )
        }
      </Loaded>
    </Section>
  );
}

export function Obligations() {
  return (
    <>
      <h1>Obligations</h1>
      <ObligationTable title="What you must deliver" />
    </>
  );
}

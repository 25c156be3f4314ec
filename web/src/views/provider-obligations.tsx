/** Provider: obligations (accepted bids to deliver), paged with the server's X-Total-Count. */
import { useState } from "react";
import { query, request } from "../api.js";
import { Empty, formatInstant, Loaded, Section, useLoad } from "../ui.js";
import type { ObligationWire } from "../wire.js";

const PAGE = 25;

export function ObligationTable(props: { competitionId?: string; title?: string }) {
  const [offset, setOffset] = useState(0);
  const [load, reload] = useLoad(
    () =>
      request<ObligationWire[]>(
        "GET",
        `/obligations/v1/${query({ limit: PAGE, offset, competition_id: props.competitionId })}`,
      ),
    [offset, props.competitionId],
  );
  return (
    <Section title={props.title ?? "Obligations"}>
      <Loaded load={load} what="obligations" retry={reload}>
        {({ body, total }) =>
          body.length === 0 ? (
            <Empty>No obligations: they appear when a system operator publishes results that accept your bids.</Empty>
          ) : (
            <>
              <table>
                <thead>
                  <tr>
                    <th>Delivery</th>
                    <th className="num">Capacity (MW)</th>
                    <th>Rates (£)</th>
                    <th>Competition</th>
                    <th>Bid</th>
                  </tr>
                </thead>
                <tbody>
                  {body.map((o) => (
                    <tr key={o.id}>
                      <td>
                        {formatInstant(o.start)} – {formatInstant(o.end)}
                      </td>
                      <td className="num">{o.capacity}</td>
                      <td>{o.rates.map((r) => `${r.type.replace("_", " ")} ${r.value}`).join(", ")}</td>
                      <td>{o.competition_id}</td>
                      <td>{o.bid_id}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
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

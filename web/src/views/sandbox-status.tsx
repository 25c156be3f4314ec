/**
 * System operator: whether the DSO sandbox operator decides this operator's competitions when bidding closes
 * (`GET`/`PUT /so/v1/sandbox/`), said on every page it affects, with a switch.
 */
import { get, put } from "../api.js";
import { ErrorBox, useAction, useLoad } from "../ui.js";

interface SandboxWire {
  enabled: boolean;
}

export function SandboxStatus(props: { onChanged?: () => void }) {
  const [load, reload] = useLoad(() => get<SandboxWire>("/so/v1/sandbox/"), []);
  const toggle = useAction(async (enabled: boolean) => {
    await put("/so/v1/sandbox/", { enabled });
    reload();
    props.onChanged?.();
  });
  if (load.state === "loading") return null;
  if (load.state === "error") return <ErrorBox error={load.error} retry={reload} />;
  const on = load.data.enabled;
  return (
    <div className={on ? "notice sandbox on" : "notice sandbox"} data-testid="sandbox-status">
      <p>
        {on ? (
          <>
            <strong>Sandbox operator is on.</strong> When bidding closes, each of your competitions is decided
            automatically by the sandbox's rules and its results are published to providers at once.
          </>
        ) : (
          <>
            <strong>Sandbox operator is off.</strong> You decide each bid and publish the results yourself after bidding
            closes.
          </>
        )}
      </p>
      <button type="button" className="secondary" disabled={toggle.pending} onClick={() => void toggle.run(!on)}>
        {on ? "Turn the sandbox off" : "Turn the sandbox on"}
      </button>
      {toggle.error ? <ErrorBox error={toggle.error} /> : null}
    </div>
  );
}

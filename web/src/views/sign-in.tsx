/** Sign in with either credential kind: an API key (marketplace) or a username and password (virtual batteries). */
import { type FormEvent, useState } from "react";
import { signInWithApiKey, signInWithPassword } from "../api.js";
import { ErrorBox, useAction } from "../ui.js";

export function SignIn() {
  const [kind, setKind] = useState<"api_key" | "user">("api_key");
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const action = useAction((k: typeof kind, a: string, b: string) =>
    k === "api_key" ? signInWithApiKey(a, b) : signInWithPassword(a, b),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(kind, first.trim(), second);
  };

  return (
    <main id="main" className="signin">
      <h1>Flexmarket</h1>
      <p>Sign in to trade flexibility: local flexibility competitions and virtual batteries.</p>
      <form onSubmit={submit} className="card" aria-label="Sign in">
        <fieldset>
          <legend>Credential</legend>
          <label>
            <input type="radio" name="kind" checked={kind === "api_key"} onChange={() => setKind("api_key")} />
            API key (marketplace)
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === "user"} onChange={() => setKind("user")} />
            Username and password (virtual batteries)
          </label>
        </fieldset>
        <label>
          {kind === "api_key" ? "Client id" : "Username"}
          <input
            name={kind === "api_key" ? "client_id" : "username"}
            autoComplete="username"
            value={first}
            onChange={(e) => setFirst(e.target.value)}
            required
          />
        </label>
        <label>
          {kind === "api_key" ? "API key" : "Password"}
          <input
            name={kind === "api_key" ? "api_key" : "password"}
            type="password"
            autoComplete="current-password"
            value={second}
            onChange={(e) => setSecond(e.target.value)}
            required
          />
        </label>
        {action.error ? <ErrorBox error={action.error} /> : null}
        <button type="submit" disabled={action.pending}>
          {action.pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="hint">
        The demo credentials are printed when <code>npm start</code> loads the demo data.
      </p>
    </main>
  );
}

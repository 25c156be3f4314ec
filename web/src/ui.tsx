/** Shared pieces: loading / error / empty states, a data hook, formatting. */
import { type DependencyList, type ReactNode, useCallback, useEffect, useState } from "react";
import { ApiError } from "./api.js";

export type Load<T> =
  | { readonly state: "loading" }
  | { readonly state: "error"; readonly error: ApiError }
  | { readonly state: "ready"; readonly data: T };

const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, "client_error", String(error));

/** Runs `load` when `deps` change; `reload()` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: "loading" });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `load` depends on
  useEffect(() => {
    let cancelled = false;
    setResult((r) => (r.state === "ready" ? r : { state: "loading" }));
    load().then(
      (data) => !cancelled && setResult({ state: "ready", data }),
      (error: unknown) => !cancelled && setResult({ state: "error", error: asApiError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [...deps, tick]);
  return [result, useCallback(() => setTick((t) => t + 1), [])];
}

/** Runs an action (a POST …) and keeps its pending state and error. */
export function useAction<A extends unknown[], T>(
  action: (...args: A) => Promise<T>,
): { run: (...args: A) => Promise<T | undefined>; pending: boolean; error: ApiError | null; clear: () => void } {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (...args: A) => {
    setPending(true);
    setError(null);
    try {
      return await action(...args);
    } catch (e) {
      setError(asApiError(e));
      return undefined;
    } finally {
      setPending(false);
    }
  };
  return { run, pending, error, clear: () => setError(null) };
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <div className="error" role="alert">
      <strong>{error.status === 0 ? "Error" : `Error ${error.status}`}</strong>
      {error.code ? <code className="code">{error.code}</code> : null}
      <span className="message">{error.message}</span>
      {error.field ? <span className="field"> (field: {error.field})</span> : null}
      {retry ? (
        <button type="button" onClick={retry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Renders a Load: loading and error states, else `children(data)`. */
export function Loaded<T>(props: {
  load: Load<T>;
  what: string;
  retry?: () => void;
  children: (data: T) => ReactNode;
}) {
  if (props.load.state === "loading") return <Loading what={props.what} />;
  if (props.load.state === "error")
    return <ErrorBox error={props.load.error} {...(props.retry ? { retry: props.retry } : {})} />;
  return <>{props.children(props.load.data)}</>;
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Europe/London",
});

/** An instant as London wall time (the marketplace's zone). */
export const formatInstant = (iso: string): string => `${dateTime.format(new Date(iso))}`;

export const formatUtc = (iso: string): string => iso.replace("T", " ").replace(/:00(\.000)?Z$/, "Z");

export function Section(props: { title: string; children: ReactNode; id?: string; actions?: ReactNode }) {
  const id = props.id ?? props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <section aria-labelledby={`${id}-title`} className="card">
      <header className="card-header">
        <h2 id={`${id}-title`}>{props.title}</h2>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}

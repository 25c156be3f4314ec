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

/**
 * An error as a person reads it: the message once (with field names turned into the labels on the page by
 * `describe`), then a small detail line with the status, code and field for support.
 */
export function ErrorBox({
  error,
  retry,
  describe,
}: {
  error: ApiError;
  retry?: () => void;
  describe?: (message: string, field?: string) => string;
}) {
  const message = describe ? describe(error.message, error.field) : error.message;
  return (
    <div className="error" role="alert">
      <span className="message">{message}</span>
      {retry ? (
        <button type="button" onClick={retry}>
          Retry
        </button>
      ) : null}
      <small className="detail">
        {error.status === 0 ? "No answer from the server" : `Error ${error.status}`}
        {error.code ? ` · code ${error.code}` : ""}
        {error.field ? ` · field ${error.field}` : ""}
      </small>
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

/**
 * A table that scrolls sideways inside its own region on a narrow screen (the page never does). The region is
 * keyboard-focusable and named, so it can be scrolled without a mouse.
 */
export function ScrollRegion(props: { label: string; children: ReactNode; testId?: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="scroll" aria-label={props.label} tabIndex={0} data-testid={props.testId}>
      {props.children}
    </section>
  );
}

/**
 * A button for what cannot be undone: the first click shows what will happen and asks again; nothing is sent until
 * the second, explicit confirmation.
 */
export function ConfirmButton(props: {
  label: string;
  consequence: ReactNode;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} disabled={props.disabled}>
        {props.label}…
      </button>
    );
  }
  return (
    <fieldset className="confirm" aria-label={`Confirm: ${props.label}`}>
      <p>{props.consequence}</p>
      <button
        type="button"
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
        disabled={props.disabled}
      >
        Yes, {props.label.toLowerCase()}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </fieldset>
  );
}

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

/**
 * The dashboard's only door to the server: same-origin JSON over fetch with the signed-in bearer token.
 * Every non-2xx answer becomes an `ApiError` carrying the server's `{error, message, field}`, which the views show
 * as it is. A 401 signs the user out (the token expired or was revoked).
 */

export interface Session {
  readonly token: string;
  /** Organisation id (`org` claim). */
  readonly organisationId: string;
  /** `provider` or `system_operator` (`role` claim): decides the views. */
  readonly role: string;
  /** How the user signed in: an API key (marketplace) or a username (virtual batteries). */
  readonly kind: "api_key" | "user";
  readonly subject: string;
  /** Epoch ms when the token expires. */
  readonly expires: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const STORAGE_KEY = "flexmarket.session";
type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();
let current: Session | null = load();

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw === null) return null;
    // Expiry is the server's call (its clock): an expired token gets a 401, which signs out.
    return JSON.parse(raw) as Session;
  } catch {
    return null;
  }
}

export const getSession = (): Session | null => current;

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setSession(session: Session | null): void {
  current = session;
  if (session === null) sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  for (const listener of listeners) listener(session);
}

/** Reads the claims of a JWT (no verification: the server verifies every request). */
export function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  const json = atob(
    part
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(part.length / 4) * 4, "="),
  );
  return JSON.parse(json) as Record<string, unknown>;
}

export function sessionFromToken(token: string, kind: Session["kind"]): Session {
  const claims = decodeClaims(token);
  return {
    token,
    kind,
    organisationId: String(claims.org ?? ""),
    role: String(claims.role ?? ""),
    subject: String(claims.sub ?? ""),
    expires: typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() + 3_600_000,
  };
}

export interface ApiResponse<T> {
  readonly body: T;
  readonly total: number | null;
}

async function toError(response: Response): Promise<ApiError> {
  let body: { error?: string; message?: string; field?: string } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not JSON: fall back to the status text
  }
  return new ApiError(
    response.status,
    body.error ?? `http_${response.status}`,
    body.message ?? `${response.status} ${response.statusText || "error"}`,
    body.field,
  );
}

/** Calls the API; resolves with the JSON body and the `X-Total-Count` header, or rejects with an ApiError. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (current) headers.Authorization = `Bearer ${current.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiError(0, "network_error", `The server could not be reached (${String(error)}).`);
  }
  if (!response.ok) {
    const error = await toError(response);
    if (response.status === 401 && current) setSession(null);
    throw error;
  }
  const total = response.headers.get("x-total-count");
  const text = await response.text();
  return { body: (text === "" ? null : JSON.parse(text)) as T, total: total === null ? null : Number(total) };
}

export const get = async <T>(path: string): Promise<T> => (await request<T>("GET", path)).body;
export const post = async <T>(path: string, body?: unknown): Promise<T> => (await request<T>("POST", path, body)).body;
export const patch = async <T>(path: string, body?: unknown): Promise<T> =>
  (await request<T>("PATCH", path, body)).body;
export const put = async <T>(path: string, body?: unknown): Promise<T> => (await request<T>("PUT", path, body)).body;

/** Signs in with an API key (`POST /authtoken/v1/`). */
export async function signInWithApiKey(clientId: string, apiKey: string): Promise<Session> {
  const { token } = await post<{ token: string }>("/authtoken/v1/", { client_id: clientId, api_key: apiKey });
  const session = sessionFromToken(token, "api_key");
  setSession(session);
  return session;
}

/** Signs in with a username and password (`POST /auth/public/authenticate`). */
export async function signInWithPassword(username: string, password: string): Promise<Session> {
  const { access_token } = await post<{ access_token: string }>("/auth/public/authenticate", { username, password });
  const session = sessionFromToken(access_token, "user");
  setSession(session);
  return session;
}

/** Encodes query parameters, leaving out undefined ones. */
export function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return entries.length === 0 ? "" : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}

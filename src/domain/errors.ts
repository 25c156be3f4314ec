/**
 * The closed catalogue of error codes. Every error a client can see has exactly one code here, mapped once
 * to an HTTP status. The wire body is `{error: code, message, field?, requestId}`.
 *
 * Add a code here (in its section) when a rule needs one; never invent a code inline.
 */
export const ERROR_STATUS = {
  // --- generic ---
  validation_failed: 400,
  invalid_json: 400,
  body_too_large: 413,
  unauthorized: 401,
  token_expired: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  uri_too_long: 414,
  headers_too_large: 431,
  conflict: 409,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,

  // --- marketplace (docs/domain.md §1) ---
  competition_not_open: 400,
  rate_types_mismatch: 400,
  service_window_unknown: 400,
  service_window_duplicate: 400,
  capacity_invalid: 400,
  capacity_exceeds_required: 400,
  capacity_exceeds_assets: 400,
  asset_not_qualified: 400,
  no_qualified_assets: 400,
  ballot_asset_set_changed: 400,
  competition_id_mismatch: 400,
  decimal_invalid: 400,
  max_runtime_invalid: 400,
  competition_invalid: 400,
  competition_not_draft: 400,
  competition_not_closed: 400,
  results_already_published: 400,
  competition_not_published: 400,
  bid_superseded: 400,
  ref_taken: 409,

  // --- virtual battery & ancillary (docs/domain.md §2) ---
  product_unknown: 400,
  markets_mixed: 400,
  delivery_day_invalid: 400,
  capacity_not_whole_mw: 400,
  capacity_below_minimum: 400,
  capacity_exceeds_asset: 400,
  price_out_of_range: 400,
  price_field_invalid: 400,
  gate_closed: 400,
  delivery_day_too_far: 400,
  bid_pending: 400,
  duplicate_product: 400,
  product_outside_lifetime: 400,
  implicit_capacity_reduced: 400,
  slot_invalid: 400,
  slot_outside_block: 400,
  slot_duplicate: 400,
  slot_frozen: 400,
  power_invalid: 400,
  power_out_of_range: 400,
  state_of_energy_out_of_bounds: 400,
  block_not_writable: 400,
  interval_invalid: 400,
  auction_not_running: 400,
  auction_price_invalid: 400,

  // --- webhooks (docs/webhooks.md) ---
  webhook_url_invalid: 400,
  webhook_url_not_allowed: 400,
  webhook_limit_reached: 400,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected rejection: what domain functions return (never throw) for bad input. */
export interface DomainError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Path of the offending field, e.g. `bids[2].capacity`. */
  readonly field?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(code: ErrorCode, message: string, field?: string): Result<T> => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/**
 * Thrown (not returned) to abort an operation with a client-facing error, e.g. from inside a transaction so
 * that it rolls back. The HTTP error handler turns it into the wire body. Domain code returns `Result`s instead.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
    if (field !== undefined) this.field = field;
  }
  static from(error: DomainError): AppError {
    return new AppError(error.code, error.message, error.field);
  }
}

/** Unwraps a Result or throws its error as an AppError (for use in operations, inside transactions). */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw AppError.from(result.error);
}

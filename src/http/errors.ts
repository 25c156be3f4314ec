/**
 * One root error handler: every error leaves as `{error, message, field?, requestId}` with the status its
 * code maps to. 5xx bodies never carry internal detail.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isConnectionLoss, RETRY_AFTER_SECONDS } from "../db/connection-loss.js";
import { AppError, type ErrorCode, statusOf } from "../domain/errors.js";

export interface ErrorBodyShape {
  error: string;
  message: string;
  field?: string;
  requestId?: string;
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, field?: string): FastifyReply {
  const body: ErrorBodyShape = { error: code, message };
  if (field !== undefined) body.field = field;
  body.requestId = String(reply.request.id);
  return reply.code(statusOf(code)).type("application/json; charset=utf-8").send(body);
}

/** `/bids/0/capacity` → `bids[0].capacity` */
export function toFieldPath(pointer: string): string {
  return pointer
    .split("/")
    .filter((p) => p !== "")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc === "" ? part : `${acc}.${part}`), "");
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function describeValidation(errors: AjvError[], context: string | undefined): { field: string; message: string } {
  const first = errors[0]!;
  let field = toFieldPath(first.instancePath);
  const join = (name: unknown) => (field === "" ? String(name) : `${field}.${String(name)}`);
  let message = first.message ?? "is invalid";
  if (first.keyword === "required") {
    field = join(first.params.missingProperty);
    message = "is required";
  } else if (first.keyword === "additionalProperties") {
    field = join(first.params.additionalProperty);
    message = "is not an allowed property";
  } else if (first.keyword === "enum") {
    message = `must be one of ${(first.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (field === "") field = context === "body" ? "body" : (context ?? "request");
  const where = context === "querystring" ? "query parameter " : "";
  return { field, message: `${where}${field} ${message}` };
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) return sendError(reply, error.code, error.message, error.field);
  if (error.validation) {
    const { field, message } = describeValidation(error.validation as AjvError[], error.validationContext);
    return sendError(reply, "validation_failed", message, field);
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return sendError(reply, "body_too_large", "The request body is too large.");
  if (status === 415) return sendError(reply, "validation_failed", "Content-Type must be application/json.");
  if (status === 429) return sendError(reply, "rate_limited", error.message || "Too many requests; slow down.");
  if (error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || status === 400) {
    const code =
      error.code?.startsWith("FST_ERR_CTP") || error instanceof SyntaxError ? "invalid_json" : "validation_failed";
    return sendError(reply, code, code === "invalid_json" ? "The body is not valid JSON." : error.message);
  }
  if (status >= 400 && status < 500)
    return sendError(reply, status === 404 ? "not_found" : "validation_failed", error.message);
  if (isConnectionLoss(error)) {
    // The primary went away mid-request (a failover): nothing was acknowledged; the client retries (docs/scale-out.md).
    request.log.warn({ err: error }, "database connection lost");
    reply.header("retry-after", String(RETRY_AFTER_SECONDS));
    return sendError(reply, "unavailable", "The database is failing over to its standby; retry in a few seconds.");
  }
  request.log.error({ err: error }, "unhandled error");
  return sendError(reply, "internal_error", "Something went wrong on our side. The request id identifies it.");
}

/**
 * One root error handler: every error leaves as `{error, message, field?, requestId}` with the status its
 * code maps to. 5xx bodies never carry internal detail.
 */
import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isConnectionLoss, RETRY_AFTER_SECONDS } from "../db/connection-loss.js";
import { AppError, type ErrorCode, statusOf } from "../domain/errors.js";
import { MAX_ID_LENGTH } from "../domain/limits.js";

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

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors`): a path parameter longer than any id
 * (414 `uri_too_long`), a URL that does not decode (400 `validation_failed`).
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    return sendError(
      reply,
      "uri_too_long",
      `A path segment is longer than any id (at most ${MAX_ID_LENGTH} characters).`,
    );
  }
  if (error.code === "FST_ERR_BAD_URL") {
    return sendError(reply, "validation_failed", "The URL is not valid: a percent-encoded sequence does not decode.");
  }
  return sendError(reply, "internal_error", "Something went wrong on our side. The request id identifies it.");
}

/**
 * Errors of the HTTP parser, before there is a request (Fastify's `clientErrorHandler`): malformed HTTP, headers
 * over Node's limit, a request that did not arrive in time. Written on the socket in the catalogue's shape, with a
 * fresh request id, then the connection is closed (as Node does).
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [code, message]: [ErrorCode, string] =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? ["request_timeout", "The request did not arrive in time."]
      : error.code === "HPE_HEADER_OVERFLOW"
        ? ["headers_too_large", "The request's headers are too large."]
        : ["validation_failed", "The request is not valid HTTP."];
  const status = statusOf(code);
  const body = JSON.stringify({ error: code, message, requestId: randomUUID() });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
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

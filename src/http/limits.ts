/**
 * The size limits of a request schema (`maxItems`, `maxLength`; values in src/domain/limits.ts), enforced on their
 * own. Routes whose body a domain parser validates (ballots, competitions: its codes and field paths are more
 * precise than a schema's) turn schema validation off; `limitsOnly` is their validator compiler, so the limits the
 * OpenAPI document declares hold there too: 400 `validation_failed` naming the field, before the parser runs.
 * Everything else about the value (types, required fields, formats) stays the parser's. One pass, linear in the
 * size of the value.
 */
import type { FastifySchema } from "fastify";

interface LimitSchema {
  type?: string | string[];
  maxItems?: number;
  maxLength?: number;
  items?: LimitSchema;
  properties?: Record<string, LimitSchema>;
  anyOf?: LimitSchema[];
  oneOf?: LimitSchema[];
}

/** The error shape of Ajv's, which the root error handler already describes (src/http/errors.ts). */
interface LimitError {
  instancePath: string;
  schemaPath: string;
  keyword: "maxItems" | "maxLength";
  message: string;
  params: { limit: number };
}

const escapeKey = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Length in characters (code points), as JSON Schema counts it; only counted when the UTF-16 length is over. */
function tooLong(value: string, max: number): boolean {
  if (value.length <= max) return false;
  let count = 0;
  for (const _ of value) if (++count > max) return true;
  return false;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The variant of a union that describes `value` (by type); the schema itself when it is no union. */
function variantFor(schema: LimitSchema, value: unknown): LimitSchema | undefined {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants === undefined) return schema;
  const type = jsonType(value);
  return variants.find((v) => {
    const types = v.type === undefined ? [] : Array.isArray(v.type) ? v.type : [v.type];
    return types.includes(type) || (type === "integer" && types.includes("number"));
  });
}

/** The first limit `value` breaks under `schema`, or undefined. */
export function findLimitViolation(schema: LimitSchema | undefined, value: unknown, path = ""): LimitError | undefined {
  const s = schema && variantFor(schema, value);
  if (s === undefined) return undefined;
  if (typeof value === "string") {
    if (s.maxLength !== undefined && tooLong(value, s.maxLength)) {
      const limit = s.maxLength;
      return {
        instancePath: path,
        schemaPath: "",
        keyword: "maxLength",
        message: `must be at most ${limit} characters`,
        params: { limit },
      };
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) {
      const limit = s.maxItems;
      return {
        instancePath: path,
        schemaPath: "",
        keyword: "maxItems",
        message: `must have at most ${limit} items`,
        params: { limit },
      };
    }
    if (s.items === undefined) return undefined;
    for (let i = 0; i < value.length; i++) {
      const found = findLimitViolation(s.items, value[i], `${path}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object" && s.properties !== undefined) {
    const record = value as Record<string, unknown>;
    for (const [key, property] of Object.entries(s.properties)) {
      if (!Object.hasOwn(record, key)) continue;
      const found = findLimitViolation(property, record[key], `${path}/${escapeKey(key)}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A Fastify validator compiler that checks only the schema's limits (see above). */
export function limitsOnly({ schema }: { schema: FastifySchema }) {
  const validate = (data: unknown) => {
    const error = findLimitViolation(schema as LimitSchema, data);
    validate.errors = error === undefined ? null : [error];
    return error === undefined;
  };
  validate.errors = null as LimitError[] | null;
  return validate;
}

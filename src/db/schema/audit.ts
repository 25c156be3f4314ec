import type { Generated } from "kysely";

/** Who acted: a credential (API key), a user (sign-in), the operator's command line, the sandbox or the engine. */
export type AuditActorType = "credential" | "user" | "operator" | "sandbox" | "engine" | "demo";

/** Append-only (a trigger refuses UPDATE and DELETE); see docs/operating.md#audit-trail. */
export interface AuditLogTable {
  seq: Generated<number>;
  /** Real UTC time of the append, RFC 3339 with milliseconds (never the simulated market clock). */
  at: string;
  organisation_id: string | null;
  actor_type: AuditActorType;
  actor_id: string | null;
  action: string;
  object_id: string;
  request_id: string | null;
  /** JSON text with a few facts of the action (never a secret), or null. */
  detail: string | null;
}

export interface CredentialAddressTable {
  credential_id: string;
  address: string;
  first_seen_at: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  credential_addresses: CredentialAddressTable;
}

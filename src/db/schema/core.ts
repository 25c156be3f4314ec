import type { Generated } from "kysely";

export type Role = "provider" | "system_operator";

export interface OrganisationTable {
  id: string;
  name: string;
  role: Role;
  created_at: string;
}

export interface ApiKeyTable {
  /** The public `client_id`. */
  id: string;
  organisation_id: string;
  name: string;
  /** argon2id hash of the api_key; the key itself is shown once and never stored. */
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface UserTable {
  id: string;
  organisation_id: string;
  username: string;
  password_hash: string;
  created_at: string;
}

/** Clock-driven jobs: one row per job occurrence, so that a restart neither skips nor repeats a job. */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  key: string;
  due_at: string;
  done_at: string | null;
  locked_until: string | null;
}

export interface CoreTables {
  organisations: OrganisationTable;
  api_keys: ApiKeyTable;
  users: UserTable;
}

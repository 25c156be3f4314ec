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

/** Job occurrences that have run (written in the same transaction as the job's effects). */
export interface JobRunTable {
  kind: string;
  key: string;
  ran_at: string;
}

export interface CoreTables {
  organisations: OrganisationTable;
  api_keys: ApiKeyTable;
  users: UserTable;
  job_runs: JobRunTable;
}

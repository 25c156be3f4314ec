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
  /** Set when the user is disabled: no sign-in, no refresh, no token issued before accepted. */
  disabled_at: string | null;
}

/** One sign-in of a user: its refresh tokens (rotated on use) and the access tokens issued with them. */
export interface TokenFamilyTable {
  id: string;
  user_id: string;
  created_at: string;
  /** Set when a refresh token of the family was used twice, or the user was disabled. */
  revoked_at: string | null;
}

export interface RefreshTokenTable {
  /** The token's `jti`. */
  id: string;
  family_id: string;
  issued_at: string;
  expires_at: string;
  /** Set when exchanged; a second use revokes the family. */
  used_at: string | null;
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
  token_families: TokenFamilyTable;
  refresh_tokens: RefreshTokenTable;
  job_runs: JobRunTable;
}

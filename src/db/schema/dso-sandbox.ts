/** The DSO sandbox operator's opt-in, per system-operator organisation (docs/dso-sandbox.md). */

export interface DsoSandboxSettingTable {
  organisation_id: string;
  /** 1 = the sandbox operator decides this system operator's closed competitions; 0 = off. */
  enabled: number;
  modified_at: string;
}

export interface DsoSandboxTables {
  dso_sandbox_settings: DsoSandboxSettingTable;
}

/**
 * A client that behaves like the public third-party C# integration of the real marketplace (docs/wire-compatibility.md):
 * its models' field sets (the real AssetUKPost, PlannedAssetPostUK, FPBidPost and FPBallotAssetsPost schemas), null
 * properties omitted from every request body, coordinates as JSON numbers, a token cached until a minute before its
 * `exp` and one retry with a fresh token after a 401, lists read as bare JSON arrays (no paging, no headers), and
 * responses read into its models (unknown response fields dropped). Test support only.
 */

export const ASSET_FIELDS = [
  "id",
  "provider",
  "ref",
  "name",
  "status",
  "asset_category",
  "asset_scale",
  "asset_type",
  "voltage_level",
  "country_code",
  "postcode",
  "latitude",
  "longitude",
  "address",
  "export_meter_id",
  "import_meter_id",
  "active_export_capacity",
  "active_import_capacity",
  "reactive_export_capacity",
  "reactive_import_capacity",
  "max_import_capacity",
  "max_export_capacity",
  "response_time",
  "max_runtime",
  "min_runtime",
  "recovery_time",
  "connection_status",
  "connection_type",
  "connection_current",
  "operational_date",
  "metering_point",
  "meter_interval",
  "supplier",
] as const;

export const PLANNED_ASSET_FIELDS = [
  "id",
  "provider",
  "reference",
  "name",
  "voltage_level",
  "asset_type",
  "capacity_type",
  "capacity_value",
  "competition_reference",
  "operator_name",
  "estimated_asset_count",
  "maximum_response_time",
  "maximum_runtime",
  "minimum_runtime",
  "maximum_recovery_time",
] as const;

type Model<K extends string> = Partial<Record<K, string | number | null>>;
export type PicloAsset = Model<(typeof ASSET_FIELDS)[number]>;
export type PicloPlannedAsset = Model<(typeof PLANNED_ASSET_FIELDS)[number]>;
export interface PicloBallotRequest {
  competition_id: string;
  bids: {
    service_window_id: string;
    capacity: string;
    max_runtime: string;
    rates: { type: string; value: string }[];
  }[];
  assets?: { flex: string[] | null; planned: string[] | null } | null;
}
export interface PicloBallotResponse {
  id: string;
  competition_id: string;
  created: string;
  bids: unknown;
  assets: unknown;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

/** Newtonsoft's NullValueHandling.Ignore: null properties are left out, at every depth. */
function omitNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(omitNulls);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, omitNulls(v)]),
    );
  }
  return value;
}

/** Deserialising into a model: only its properties are read. */
function pick<K extends string>(fields: readonly K[], json: Record<string, unknown>): Model<K> {
  return Object.fromEntries(fields.filter((f) => f in json).map((f) => [f, json[f]])) as Model<K>;
}

export class PicloLikeClient {
  /** Public so a test can make the server refuse it (a token revoked server-side). */
  token: string | null = null;
  private tokenExpiry = 0;
  /** How many times it authenticated. */
  logins = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly clientId: string,
    private readonly apiKey: string,
  ) {}

  private async send(method: string, path: string, body: unknown, bearer: string | null): Promise<string> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(omitNulls(body)),
      redirect: "manual",
    });
    const text = await res.text();
    if (res.status >= 300) throw new HttpError(res.status, text);
    return text;
  }

  private async getToken(): Promise<string> {
    if (this.token !== null && Date.now() < this.tokenExpiry) return this.token;
    const json = JSON.parse(
      await this.send("POST", "/authtoken/v1/", { client_id: this.clientId, api_key: this.apiKey }, null),
    );
    this.logins++;
    this.token = json.token as string;
    this.tokenExpiry = Date.now() + 55 * 60_000;
    try {
      const claims = JSON.parse(Buffer.from(this.token.split(".")[1]!, "base64url").toString("utf8"));
      if (typeof claims.exp === "number") this.tokenExpiry = claims.exp * 1000 - 60_000;
    } catch {
      // keep the 55-minute default
    }
    return this.token;
  }

  /** One retry with a freshly acquired token after a 401. */
  private async authenticated(method: string, path: string, body?: unknown): Promise<string> {
    try {
      return await this.send(method, path, body, await this.getToken());
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 401) throw error;
      this.token = null;
      return this.send(method, path, body, await this.getToken());
    }
  }

  async getAssetByRef(ref: string): Promise<PicloAsset[]> {
    const json = JSON.parse(await this.authenticated("GET", `/assets/v1/?ref=${encodeURIComponent(ref)}`));
    return (json as Record<string, unknown>[]).map((a) => pick(ASSET_FIELDS, a));
  }

  async listAssets(): Promise<PicloAsset[]> {
    const json = JSON.parse(await this.authenticated("GET", "/assets/v1/"));
    return (json as Record<string, unknown>[]).map((a) => pick(ASSET_FIELDS, a));
  }

  async createAsset(asset: PicloAsset): Promise<PicloAsset> {
    return pick(ASSET_FIELDS, JSON.parse(await this.authenticated("POST", "/assets/v1/", asset)));
  }

  async updateAsset(id: string, asset: PicloAsset): Promise<PicloAsset> {
    return pick(ASSET_FIELDS, JSON.parse(await this.authenticated("PATCH", `/assets/v1/${id}/`, asset)));
  }

  async createPlannedAsset(asset: PicloPlannedAsset): Promise<PicloPlannedAsset> {
    return pick(PLANNED_ASSET_FIELDS, JSON.parse(await this.authenticated("POST", "/planned-assets/v1/", asset)));
  }

  async submitBallot(competitionId: string, ballot: PicloBallotRequest): Promise<PicloBallotResponse> {
    const path = `/bids/v1/competitions/${encodeURIComponent(competitionId)}/ballots/`;
    const json = JSON.parse(await this.authenticated("POST", path, ballot));
    return {
      id: json.id,
      competition_id: json.competition_id,
      created: json.created,
      bids: json.bids,
      assets: json.assets,
    };
  }

  /** Any other read the integration's controller makes, as a bare JSON value. */
  async get(path: string): Promise<unknown> {
    return JSON.parse(await this.authenticated("GET", path));
  }

  /** Create or update by the provider's own `ref`, as the integration's sync does. */
  async syncAsset(asset: PicloAsset): Promise<PicloAsset> {
    const [existing] = await this.getAssetByRef(String(asset.ref));
    if (existing === undefined) return this.createAsset(asset);
    return this.updateAsset(String(existing.id), asset);
  }
}

/** The database as Kysely sees it: one interface per area, merged. Money and capacity are integers. */
import type { AuditTables } from "./schema/audit.js";
import type { CoreTables } from "./schema/core.js";
import type { DsoSandboxTables } from "./schema/dso-sandbox.js";
import type { MarketplaceTables } from "./schema/marketplace.js";
import type { TsoTables } from "./schema/tso.js";
import type { VirtualBatteryTables } from "./schema/virtual-battery.js";
import type { WebhookTables } from "./schema/webhooks.js";

export type * from "./schema/audit.js";
export type * from "./schema/core.js";
export type * from "./schema/dso-sandbox.js";
export type * from "./schema/marketplace.js";
export type * from "./schema/tso.js";
export type * from "./schema/virtual-battery.js";
export type * from "./schema/webhooks.js";

export interface Database
  extends CoreTables,
    MarketplaceTables,
    VirtualBatteryTables,
    WebhookTables,
    DsoSandboxTables,
    TsoTables,
    AuditTables {}

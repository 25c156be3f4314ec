/** The database as Kysely sees it: one interface per area, merged. Money and capacity are integers. */
import type { CoreTables } from "./schema/core.js";

export type * from "./schema/core.js";

export interface Database extends CoreTables {}

/** The virtual-battery operations (`/organisations/{organisationID}/…`), listed explicitly. */
import type { Operation } from "../../http/app.js";

export const VIRTUAL_BATTERY_OPERATIONS: readonly Operation[] = [];

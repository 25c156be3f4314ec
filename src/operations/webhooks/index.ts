/** The webhook subscription operations (`/webhooks/v1/`), listed explicitly. */
import type { Operation } from "../../http/app.js";

export const WEBHOOK_OPERATIONS: readonly Operation[] = [];

/** The marketplace operations (provider side and `/so/v1/`), listed explicitly. */
import type { Operation } from "../../http/app.js";

export const MARKETPLACE_OPERATIONS: readonly Operation[] = [];

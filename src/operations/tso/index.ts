/** The TSO sandbox market's operator views (`/tso/v1/`), listed explicitly. */
import type { Operation } from "../../http/operation.js";
import { listAuctions } from "./list-auctions.js";

export const TSO_OPERATIONS: readonly Operation[] = [listAuctions];

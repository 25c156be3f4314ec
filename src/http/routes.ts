/** Every API operation, listed explicitly. */

import { INTERNAL_AUCTION_OPERATIONS } from "../operations/auctions/index.js";
import { providerListAudit, soListAudit } from "../operations/audit/list-audit.js";
import { authenticate } from "../operations/auth/authenticate.js";
import { createToken } from "../operations/auth/create-token.js";
import { health } from "../operations/health/health.js";
import { MARKETPLACE_OPERATIONS } from "../operations/marketplace/index.js";
import { TSO_OPERATIONS } from "../operations/tso/index.js";
import { VIRTUAL_BATTERY_OPERATIONS } from "../operations/virtual-battery/index.js";
import { WEBHOOK_OPERATIONS } from "../operations/webhooks/index.js";
import type { Operation } from "./operation.js";

export const OPERATIONS: readonly Operation[] = [
  health,
  createToken,
  authenticate,
  ...MARKETPLACE_OPERATIONS,
  ...VIRTUAL_BATTERY_OPERATIONS,
  ...TSO_OPERATIONS,
  ...INTERNAL_AUCTION_OPERATIONS,
  ...WEBHOOK_OPERATIONS,
  soListAudit,
  providerListAudit,
];

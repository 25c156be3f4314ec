/** The webhook subscription operations (`/webhooks/v1/`), listed explicitly. */
import type { Operation } from "../../http/operation.js";
import { createSubscription } from "./create-subscription.js";
import { deleteSubscription } from "./delete-subscription.js";
import { getSubscription } from "./get-subscription.js";
import { listDeliveries } from "./list-deliveries.js";
import { listSubscriptions } from "./list-subscriptions.js";
import { redeliver } from "./redeliver.js";
import { testSubscription } from "./test-subscription.js";

export const WEBHOOK_OPERATIONS: readonly Operation[] = [
  createSubscription,
  listSubscriptions,
  getSubscription,
  deleteSubscription,
  testSubscription,
  listDeliveries,
  redeliver,
];

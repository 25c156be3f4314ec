/** The rules the subscription operations share: how many an organisation may hold, and reading the caller's own. */
import type { Executor } from "../../db/repositories/organisations.js";
import { findSubscription, type WebhookSubscription } from "../../db/repositories/webhooks.js";
import { AppError } from "../../domain/errors.js";

/** Subscriptions an organisation may hold at once. */
export const MAX_SUBSCRIPTIONS = 20;

/** The caller's subscription, or 404 (unknown and another organisation's look the same). */
export async function loadSubscription(
  db: Executor,
  organisationId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<WebhookSubscription> {
  const sub = await findSubscription(db, organisationId, id, options);
  if (!sub) throw new AppError("not_found", "No such webhook subscription.");
  return sub;
}

/** Clock-driven jobs started with the server. Each starter returns its stop function. */
import type { Deps } from "../deps.js";
import { startAncillarySubmission } from "./ancillary-submission.js";
import { startCompetitionLifecycle } from "./competition-lifecycle.js";
import { startInternalAuctions } from "./internal-auctions.js";
import { startTsoAuctions } from "./tso-auctions.js";
import { startWebhookDelivery } from "./webhook-delivery.js";

export type EngineStarter = (deps: Deps) => () => Promise<void>;

export const ENGINE_STARTERS: EngineStarter[] = [
  (deps) => startAncillarySubmission(deps),
  (deps) => startCompetitionLifecycle(deps),
  (deps) => startTsoAuctions(deps),
  (deps) => startInternalAuctions(deps),
  (deps) => startWebhookDelivery(deps),
];

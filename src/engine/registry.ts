/** Clock-driven jobs started with the server. Each starter returns its stop function. */
import type { Deps } from "../deps.js";
import { startAncillarySubmission } from "./ancillary-submission.js";

export type EngineStarter = (deps: Deps) => () => Promise<void>;

export const ENGINE_STARTERS: EngineStarter[] = [(deps) => startAncillarySubmission(deps)];

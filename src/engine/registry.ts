/** Clock-driven jobs started with the server. Each starter returns its stop function. */
import type { Deps } from "../deps.js";

export type EngineStarter = (deps: Deps) => () => Promise<void>;

export const ENGINE_STARTERS: EngineStarter[] = [];

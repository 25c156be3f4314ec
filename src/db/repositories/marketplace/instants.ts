/**
 * Instants in marketplace rows: RFC 3339 UTC text, always with milliseconds (`2026-06-01T08:00:00.000Z`), so that
 * text order is time order in SQL on both dialects.
 */
import type { EpochMs } from "../../../domain/time.js";

export const iso = (instant: EpochMs): string => new Date(instant).toISOString();
export const ms = (text: string): EpochMs => Date.parse(text);

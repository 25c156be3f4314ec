/** Every API operation, listed explicitly. */
import { authenticate } from "../operations/auth/authenticate.js";
import { createToken } from "../operations/auth/create-token.js";
import { health } from "../operations/health/health.js";
import type { Operation } from "./app.js";

export const OPERATIONS: readonly Operation[] = [health, createToken, authenticate];

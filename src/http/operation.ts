/**
 * The types an operation needs, in a module that imports no operation: the operations import these, and the app
 * assembly (src/http/app.ts with its list in src/http/routes.ts) sits above them.
 */
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { Deps } from "../deps.js";

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** One API operation: registers its route(s) on the app. */
export type Operation = (app: App, deps: Deps) => void;

export interface RouteInfo {
  method: string;
  url: string;
  auth: string | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    deps: Deps;
    routeList: RouteInfo[];
  }
}

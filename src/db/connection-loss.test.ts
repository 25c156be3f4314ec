import { describe, expect, it } from "vitest";
import { isConnectionLoss, NoPrimaryError } from "./connection-loss.js";
import { splitHosts } from "./primary-pool.js";

describe("isConnectionLoss", () => {
  it.each([
    ["admin_shutdown", { code: "57P01", message: "terminating connection due to administrator command" }],
    ["crash_shutdown", { code: "57P02" }],
    ["cannot_connect_now", { code: "57P03" }],
    ["connection_failure", { code: "08006" }],
    ["read-only standby", { code: "25006", message: "cannot execute INSERT in a read-only transaction" }],
    ["socket reset", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    ["refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6001"), { code: "ECONNREFUSED" })],
    ["pg dropped", new Error("Connection terminated unexpectedly")],
    ["pg not queryable", new Error("Client has encountered a connection error and is not queryable")],
    ["no primary", new NoPrimaryError(["a", "b"], 10)],
  ])("%s is a connection loss", (_name, error) => {
    expect(isConnectionLoss(error)).toBe(true);
  });

  it.each([
    ["unique violation", { code: "23505" }],
    ["serialization failure", { code: "40001" }],
    ["syntax error", { code: "42601" }],
    ["a plain bug", new TypeError("x is undefined")],
    ["not an object", "Connection terminated"],
    ["null", null],
  ])("%s is not", (_name, error) => {
    expect(isConnectionLoss(error)).toBe(false);
  });
});

describe("splitHosts", () => {
  it("splits the libpq multi-host form into one URL per host, without target_session_attrs", () => {
    expect(
      splitHosts("postgres://app:pw@h1:5432,h2:5433/market?target_session_attrs=read-write&sslmode=disable"),
    ).toEqual(["postgres://app:pw@h1:5432/market?sslmode=disable", "postgres://app:pw@h2:5433/market?sslmode=disable"]);
    expect(splitHosts("postgresql://h1,h2:6000/db?target_session_attrs=read-write")).toEqual([
      "postgresql://h1/db",
      "postgresql://h2:6000/db",
    ]);
  });

  it("leaves a single-host URL to the ordinary pool", () => {
    expect(splitHosts("postgres://postgres@127.0.0.1:5432/postgres")).toBeUndefined();
    expect(splitHosts("not a url")).toBeUndefined();
  });
});

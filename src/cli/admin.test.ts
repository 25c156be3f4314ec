/**
 * `flexmarket admin key list|revoke` and `admin user disable`, run as the real command against a database file
 * (SQLite; the use cases under them are tested on both databases in src/operations/auth/revocation.security.test.ts).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createOrganisation, createUser } from "../admin/organisations.js";
import { loadConfig } from "../config.js";
import { connect } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const run = promisify(execFile);

describe("flexmarket admin: revocation commands", () => {
  let dataDir: string;
  let orgId: string;
  let clientId: string;
  let apiKey: string;
  const env = () => ({ ...process.env, FLEXMARKET_DATA: dataDir, FLEXMARKET_DEMO: "0", LOG_LEVEL: "silent" });
  const cli = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: ROOT, env: env() });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "fm-admin-"));
    const config = loadConfig({ FLEXMARKET_DATA: dataDir });
    const db = connect({ sqlitePath: config.sqlitePath });
    try {
      await migrateToLatest(db);
      const ctx = { db, now: Date.now(), hashCost: "low" as const };
      orgId = (await createOrganisation(ctx, { name: "Admin Test", role: "provider" })).id;
      ({ clientId, apiKey } = await createApiKey(ctx, { organisationId: orgId, name: "ci" }));
      await createUser(ctx, { organisationId: orgId, username: "frank", password: "long enough" });
    } finally {
      await db.close();
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("lists keys without secrets, revokes one once, disables a user", async () => {
    const listed = JSON.parse((await cli("admin", "key", "list", "--org", orgId)).stdout);
    expect(listed).toEqual([expect.objectContaining({ client_id: clientId, name: "ci", revoked_at: null })]);
    expect(JSON.stringify(listed)).not.toContain(apiKey);

    expect(JSON.parse((await cli("admin", "key", "revoke", clientId)).stdout)).toEqual({
      client_id: clientId,
      revoked: true,
    });
    await expect(cli("admin", "key", "revoke", clientId)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("No active API key"),
    });

    expect(JSON.parse((await cli("admin", "user", "disable", "frank")).stdout)).toEqual({
      username: "frank",
      disabled: true,
    });
  }, 120_000);
});

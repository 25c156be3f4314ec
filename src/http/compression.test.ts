import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STATIC = join(ROOT, "web", "dist", "static");

describe("compressed answers (docs/web.md, Bytes on the wire)", () => {
  let h: Harness;
  let script: string;
  beforeAll(async () => {
    // The dashboard's build writes the .br and .gz files beside its bundles (vite.config.ts).
    execFileSync(process.execPath, [join(ROOT, "web", "build-if-stale.mjs")], { cwd: ROOT, stdio: "pipe" });
    script = readdirSync(STATIC).find((f) => /^index-.*\.js$/.test(f))!;
    h = await createHarness("sqlite");
  }, 120_000);
  afterAll(() => h.close());

  it("sends the dashboard's script precompressed with brotli or gzip, and as it is without Accept-Encoding", async () => {
    const file = readFileSync(join(STATIC, script));
    const url = `/static/${script}`;

    const br = await h.app.inject({ url, headers: { "accept-encoding": "br, gzip" } });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/^text\/javascript|^application\/javascript/);
    expect(br.rawPayload.length).toBeLessThan(file.length / 3);
    expect(br.rawPayload.equals(readFileSync(join(STATIC, `${script}.br`)))).toBe(true);
    expect(brotliDecompressSync(br.rawPayload).equals(file)).toBe(true);

    const gz = await h.app.inject({ url, headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).equals(file)).toBe(true);

    for (const headers of [{}, { "accept-encoding": "identity" }]) {
      const plain = await h.app.inject({ url, headers });
      expect(plain.statusCode).toBe(200);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.rawPayload.equals(file)).toBe(true);
    }
  });

  it("compresses a big JSON answer for gzip and brotli clients: the same bytes once decompressed", async () => {
    const plain = await h.app.inject({ url: "/openapi.json" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(10_000);
    expect(Number(plain.headers["content-length"])).toBe(plain.rawPayload.length);

    const gz = await h.app.inject({ url: "/openapi.json", headers: { "accept-encoding": "gzip" } });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(gz.headers["content-type"]).toBe(plain.headers["content-type"]);
    expect(gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true);

    const br = await h.app.inject({ url: "/openapi.json", headers: { "accept-encoding": "gzip, br" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);

    // HEAD answers as before: the headers of the uncompressed answer (its length, no content-encoding), no body.
    const head = await h.app.inject({ method: "HEAD", url: "/openapi.json", headers: { "accept-encoding": "gzip" } });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-encoding"]).toBeUndefined();
    expect(Number(head.headers["content-length"])).toBe(plain.rawPayload.length);
    expect(head.rawPayload.length).toBe(0);
  });

  it("sends small answers and errors as they are", async () => {
    const small = await h.app.inject({ url: "/healthz", headers: { "accept-encoding": "br, gzip" } });
    expect(small.statusCode).toBe(200);
    expect(small.headers["content-encoding"]).toBeUndefined();
    const missing = await h.app.inject({ url: "/nope", headers: { "accept-encoding": "br, gzip" } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-encoding"]).toBeUndefined();
    expect(missing.json()).toMatchObject({ error: "not_found" });
  });
});

/**
 * The server's start-up and its connections: it listens before any job starts, a failure to listen stops everything
 * (the real `flexmarket serve` exits 1 at once), and a client that never finishes its headers is cut off.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { startServer } from "./server.js";

const ROOT = new URL("..", import.meta.url).pathname;

async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe("server start-up", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "fm-server-"));
    started = 0;
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  let started = 0;
  const countingStarter = () => {
    started++;
    return async () => {};
  };
  const config = (overrides: Parameters<typeof loadConfig>[1] = {}) =>
    loadConfig(
      { FLEXMARKET_DATA: dataDir, FLEXMARKET_DEMO: "0", LOG_LEVEL: "silent", FLEXMARKET_SECRET: "s".repeat(32) },
      { host: "127.0.0.1", ...overrides },
    );

  it("starts no job and rejects when the port is in use", async () => {
    const { port, server } = await occupiedPort();
    try {
      await expect(startServer(config({ port }), [countingStarter])).rejects.toThrow(/EADDRINUSE/);
      expect(started).toBe(0);
    } finally {
      server.close();
    }
  });

  it("starts the jobs once it listens", async () => {
    const running = await startServer(config({ port: 0 }), [countingStarter]);
    try {
      expect(started).toBe(1);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });

  it("`flexmarket serve` on a port in use exits 1 promptly", async () => {
    const { port, server } = await occupiedPort();
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve"], {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          HOST: "127.0.0.1",
          FLEXMARKET_DATA: dataDir,
          FLEXMARKET_DEMO: "0",
          LOG_LEVEL: "silent",
        },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += String(chunk);
      });
      const started = Date.now();
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      // tsx start-up and the migrations dominate; without the fix the process never exits
      expect(code).toBe(1);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(stderr).toContain("EADDRINUSE");
    } finally {
      server.close();
    }
  }, 30_000);
});

describe("slow clients", () => {
  it("closes a connection that never finishes its headers within the header timeout", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "fm-slow-"));
    const running = await startServer(
      loadConfig(
        { FLEXMARKET_DATA: dataDir, FLEXMARKET_DEMO: "0", LOG_LEVEL: "silent", FLEXMARKET_SECRET: "s".repeat(32) },
        { host: "127.0.0.1", port: 0, engine: false, headersTimeoutMs: 300, requestTimeoutMs: 1_000 },
      ),
    );
    try {
      const { port } = new URL(running.url);
      const socket = new Socket();
      await new Promise<void>((resolve) => socket.connect(Number(port), "127.0.0.1", resolve));
      const started = Date.now();
      socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      const drip = setInterval(() => socket.write("a"), 50);
      let answer = "";
      socket.on("data", (chunk) => {
        answer += String(chunk);
      });
      await new Promise<void>((resolve) => socket.once("close", () => resolve()));
      clearInterval(drip);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(2_000);
      expect(answer).toMatch(/^HTTP\/1.1 408/);
    } finally {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

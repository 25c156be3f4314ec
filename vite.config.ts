/**
 * The web dashboard's build (docs/web.md): Vite root `web/`, output `web/dist`, which the API server serves at `/`
 * (src/http/app.ts). `web/build-if-stale.mjs` runs this build before `npm start` and before the browser tests.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL("./web", import.meta.url));

/**
 * After the build, a `.br` (brotli, quality 11) and a `.gz` (gzip, level 9) beside every built file of 1 KiB or more
 * that they make smaller: the server sends them as they are to clients that accept them (docs/web.md, "Bytes on the
 * wire"), so no request pays for compressing the dashboard.
 */
function precompress(): Plugin {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  return {
    name: "flexmarket-precompress",
    apply: "build",
    closeBundle() {
      for (const file of files(join(root, "dist"))) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        const br = brotliCompressSync(bytes, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
        });
        const gz = gzipSync(bytes, { level: 9 });
        if (br.length < bytes.length) writeFileSync(`${file}.br`, br);
        if (gz.length < bytes.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

const API_PREFIXES = [
  "/authtoken/",
  "/auth/",
  "/bidding-opportunities/",
  "/competitions/",
  "/assets/",
  "/planned-assets/",
  "/qualifications/",
  "/bids/",
  "/bid-results/",
  "/obligations/",
  "/so/",
  "/tso/",
  "/organisations/",
  "/webhooks/",
  "/openapi.json",
  "/docs",
];

export default defineConfig({
  root,
  base: "/",
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    // Not "assets": /assets/v1/ is the marketplace API's; the server serves /static/* from web/dist/static.
    assetsDir: "static",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    // `npx vite` (development): the API runs on `npm start` (port 8080); everything but the app goes there.
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, "http://127.0.0.1:8080"])),
  },
});

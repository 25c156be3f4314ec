/**
 * The web dashboard's build (issue 10): Vite root `web/`, output `web/dist`, which the API server serves at `/`
 * (src/http/app.ts). `web/build-if-stale.mjs` runs this build before `npm start` and before the browser tests.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL("./web", import.meta.url));

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
  plugins: [react()],
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

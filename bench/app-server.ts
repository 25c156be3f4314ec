/**
 * The app of the HTTP benchmarks, in a process of its own: the real server (`startServer`, what `flexmarket serve`
 * runs: migrations, start-up lock, listen) on the database its environment names, with one engine job, the ancillary
 * submission, placing pending bids at once (no delay, every 20 ms) so that a product comes round again only after its
 * bids were placed. The other jobs stay off, so what is measured is the API. Prints
 * `BENCH_READY {"url": …, "market": <market clock ms>, "real": <Date.now()>}`.
 *
 *   FLEXMARKET_DATA=<dir> | DATABASE_URL=<url>  LOG_LEVEL=warn  npx tsx bench/app-server.ts
 */
import { loadConfig } from "../src/config.js";
import { startAncillarySubmission } from "../src/engine/ancillary-submission.js";
import { startServer } from "../src/server.js";
import { READY } from "./children.js";

const config = loadConfig(process.env, { port: 0, host: "127.0.0.1", engine: true });
let marketNow: () => number = Date.now;
const { url } = await startServer(config, [
  (deps) => {
    marketNow = () => deps.clock.now();
    return startAncillarySubmission(deps, { delayMs: 0, pollMs: 20 });
  },
]);
// The market clock against real time (a simulated clock runs at its own offset): bursts aim at market gates.
process.stdout.write(`${READY} ${JSON.stringify({ url, market: marketNow(), real: Date.now() })}\n`);

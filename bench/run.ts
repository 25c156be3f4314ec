/**
 * `npm run bench`: every benchmark, each reported against a baseline measured in the same run.
 * `npm run bench -- clearing` runs only the named suites; `--duration <s>` (BENCH_SECONDS), `--rounds <n>`
 * (BENCH_ROUNDS) and `--connections <n>` (BENCH_CONNECTIONS) set the HTTP measurements (bench/http.ts).
 */
import { parseArgs } from "node:util";
import { SUITES } from "./suites.js";

const { values, positionals: only } = parseArgs({
  allowPositionals: true,
  options: { duration: { type: "string" }, rounds: { type: "string" }, connections: { type: "string" } },
});
if (values.duration) process.env.BENCH_SECONDS = values.duration;
if (values.rounds) process.env.BENCH_ROUNDS = values.rounds;
if (values.connections) process.env.BENCH_CONNECTIONS = values.connections;
for (const suite of SUITES) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  process.stdout.write(`\n## ${suite.name}\n`);
  const rows = await suite.run();
  console.table(rows);
}
process.exit(0);

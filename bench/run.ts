/**
 * `npm run bench`: every benchmark, each reported against a baseline measured in the same run.
 * `npm run bench -- clearing` runs only the named suites.
 */
import { SUITES } from "./suites.js";

const only = process.argv.slice(2);
for (const suite of SUITES) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  process.stdout.write(`\n## ${suite.name}\n`);
  const rows = await suite.run();
  console.table(rows);
}
process.exit(0);

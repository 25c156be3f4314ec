/**
 * The baseline of the HTTP benchmarks, in a process of its own: a bare Fastify app (no plugins, no hooks, no logger)
 * whose routes answer the very bytes the app answered to the same request — status, content-type and body captured
 * from the app first (bench/servers.ts, `capture`). It parses a JSON body like any Fastify route, then sends the
 * captured body as it is. What the app spends beyond this is the app's own work.
 *
 *   npx tsx bench/bare-server.ts <routes.json>   # BareRoute[]; prints `BENCH_READY {"url": …}` once listening
 *
 * Two rows may share a method and path pattern with different answers (FCR and aFRR bids on one path): the request's
 * `x-bench-row` header, which the generator sends to the app and the bare server alike, says which.
 */
import { readFileSync } from "node:fs";
import Fastify from "fastify";
import { type BareRoute, READY } from "./children.js";

const routes = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as BareRoute[];
const app = Fastify({ logger: false });
const byRoute = new Map<string, BareRoute[]>();
for (const r of routes) {
  const key = `${r.method} ${r.pattern}`;
  byRoute.set(key, [...(byRoute.get(key) ?? []), r]);
}
for (const answers of byRoute.values()) {
  const first = answers[0]!;
  const sent = new Map(answers.map((a) => [a.row, { ...a, bytes: Buffer.from(a.body, "base64") }]));
  const only = sent.get(first.row)!;
  app.route({
    method: first.method,
    url: first.pattern,
    handler: (request, reply) => {
      const a = answers.length === 1 ? only : (sent.get(String(request.headers["x-bench-row"])) ?? only);
      reply.code(a.status).header("content-type", a.contentType).send(a.bytes);
    },
  });
}
const url = await app.listen({ port: 0, host: "127.0.0.1" });
process.once("SIGTERM", async () => {
  await app.close();
  process.exit(0);
});
process.stdout.write(`${READY} ${JSON.stringify({ url })}\n`);

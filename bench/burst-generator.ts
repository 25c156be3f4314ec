/**
 * The client side of `npm run bench -- burst`, in a process of its own: sends each request of a spec at its own
 * real instant (open loop: a late answer does not delay the next request, as independent clients would not wait for
 * each other), over keep-alive connections, and prints one JSON line per answer.
 *
 *   npx tsx bench/burst-generator.ts --spec <spec.json>   # BurstSpec
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";

export interface BurstRequest {
  /** Real time (Date.now()) to send it at. */
  at: number;
  kind: string;
  method: "POST";
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface BurstSpec {
  base: string;
  /** Connections open at most at once (clients beyond this wait for a free one, as behind a shared proxy). */
  sockets: number;
  requests: BurstRequest[];
}

export interface BurstAnswer {
  index: number;
  kind: string;
  sent: number;
  answered: number;
  status: number;
  /** The `error` of a JSON error answer; for a 201 of a ballot, its id. */
  code?: string;
  id?: string;
}

function send(agent: http.Agent, base: URL, r: BurstRequest, index: number): Promise<BurstAnswer> {
  const sent = Date.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        agent,
        headers: { ...r.headers, "content-type": "application/json", "content-length": Buffer.byteLength(r.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const answered = Date.now();
          let parsed: { error?: string; id?: string } = {};
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString()) as typeof parsed;
          } catch {}
          resolve({
            index,
            kind: r.kind,
            sent,
            answered,
            status: res.statusCode ?? 0,
            code: parsed.error,
            id: typeof parsed.id === "string" ? parsed.id : undefined,
          });
        });
      },
    );
    req.on("error", (error) =>
      resolve({ index, kind: r.kind, sent, answered: Date.now(), status: 0, code: String(error) }),
    );
    req.end(r.body);
  });
}

const { values } = parseArgs({ options: { spec: { type: "string" } } });
const spec = JSON.parse(readFileSync(values.spec!, "utf8")) as BurstSpec;
const base = new URL(spec.base);
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.sockets });
const answers = await Promise.all(
  spec.requests.map(
    (r, index) =>
      new Promise<BurstAnswer>((resolve) => {
        setTimeout(() => resolve(send(agent, base, r, index)), Math.max(0, r.at - Date.now()));
      }),
  ),
);
agent.destroy();
// A pipe takes stdout asynchronously: exit only once every line is written.
process.stdout.write(answers.map((a) => `${JSON.stringify(a)}\n`).join(""), () => process.exit(0));

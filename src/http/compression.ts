/**
 * Compressed answers for the clients that ask for them (docs/web.md, "Bytes on the wire"): a reply of 1 KiB or more
 * whose type compresses (JSON, text, JavaScript, CSS, HTML) is sent with brotli (quality 4) or gzip, whichever the
 * request's `Accept-Encoding` prefers, with `Vary: Accept-Encoding`. No `Accept-Encoding` (or `identity`): the
 * bytes as before. The dashboard's bundles are compressed at build time and sent as they are (`preCompressed`,
 * src/http/app.ts), never twice. Request bodies are not decompressed: a request's `Content-Encoding` is handled as
 * before.
 */
import compress from "@fastify/compress";
import type { FastifyInstance } from "fastify";

/** Registered before the routes: it attaches itself to each route as the route is added. */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, { threshold: 1024, encodings: ["br", "gzip"], globalDecompression: false });
}

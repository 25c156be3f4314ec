/**
 * Where webhooks may be sent. Only `http:` / `https:` URLs without credentials, to a public host: private,
 * loopback, link-local, unspecified, shared (CGNAT), documentation, benchmarking, multicast and reserved
 * addresses are refused, and so are names meant for local networks (`localhost`, `*.local`, single labels, …).
 * `checkWebhookUrl` judges the URL as written (at subscription time and again before each attempt, since the
 * HTTP client skips name resolution for literal IPs); `isPublicAddress` judges each address a host name resolves
 * to at delivery time, which defeats DNS rebinding. `allowPrivate` (FLEXMARKET_WEBHOOK_ALLOW_PRIVATE, for tests
 * and closed networks) lifts the address rules, never the scheme and credential rules.
 * Pure: no DNS here; the delivery worker resolves and asks `isPublicAddress`.
 */
import { fail, ok, type Result } from "../errors.js";

export const MAX_URL_LENGTH = 2048;

const LOCAL_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".lan", ".intranet"];

export function checkWebhookUrl(text: string, options: { readonly allowPrivate: boolean }): Result<URL> {
  const field = "url";
  if (text.length > MAX_URL_LENGTH) {
    return fail("webhook_url_invalid", `url must be at most ${MAX_URL_LENGTH} characters`, field);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail("webhook_url_invalid", "url must be an absolute http:// or https:// URL", field);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return fail("webhook_url_invalid", `url must use http or https, not ${url.protocol.replace(":", "")}`, field);
  }
  if (url.username !== "" || url.password !== "") {
    return fail("webhook_url_invalid", "url must not carry credentials (user:password@)", field);
  }
  if (options.allowPrivate) return ok(url);

  // The WHATWG parser has already normalised IPv4 forms such as 2130706433, 0x7f.1 or 0 to dotted quads.
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const bytes = parseIp(host);
  if (bytes) {
    return isPublicBytes(bytes)
      ? ok(url)
      : fail("webhook_url_not_allowed", `url points to ${host}, which is not a public address`, field);
  }
  const name = host.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || LOCAL_SUFFIXES.some((s) => name.endsWith(s))) {
    return fail("webhook_url_not_allowed", `url points to ${host}, a name for local networks`, field);
  }
  if (!name.includes(".")) {
    return fail("webhook_url_not_allowed", `url must name a public host (a fully qualified name), not ${host}`, field);
  }
  return ok(url);
}

/** Whether an address (IPv4 dotted quad or IPv6 text) is publicly routable. Unparseable text is not. */
export function isPublicAddress(address: string): boolean {
  const bytes = parseIp(address.startsWith("[") ? address.slice(1, -1) : address);
  return bytes !== undefined && isPublicBytes(bytes);
}

/** 4 bytes for IPv4, 16 for IPv6; undefined when the text is not a literal address. */
export function parseIp(text: string): number[] | undefined {
  return parseIpv4(text) ?? parseIpv6(text);
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | undefined {
  const zone = text.indexOf("%");
  const addr = zone >= 0 ? text.slice(0, zone) : text;
  if (!addr.includes(":") || !/^[0-9A-Fa-f:.]+$/.test(addr)) return undefined;
  const halves = addr.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    const parts = s.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIpv4(p);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(p)) return undefined;
        out.push(Number.parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    groups = head;
  }
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

type Range = readonly [prefix: readonly number[], bits: number];

/** IPv4 ranges that are not publicly routable (RFC 6890 special-purpose registry, multicast, reserved). */
const V4_NOT_PUBLIC: readonly Range[] = [
  [[0, 0, 0, 0], 8], // "this network", includes the unspecified 0.0.0.0
  [[10, 0, 0, 0], 8], // private
  [[100, 64, 0, 0], 10], // shared address space (carrier-grade NAT)
  [[127, 0, 0, 0], 8], // loopback
  [[169, 254, 0, 0], 16], // link-local (cloud metadata endpoints live here)
  [[172, 16, 0, 0], 12], // private
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2, 0], 24], // documentation
  [[192, 88, 99, 0], 24], // 6to4 relay anycast (deprecated)
  [[192, 168, 0, 0], 16], // private
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24], // documentation
  [[203, 0, 113, 0], 24], // documentation
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, includes broadcast 255.255.255.255
];

/** IPv6 ranges that are not publicly routable; ranges embedding an IPv4 address are judged by it (below). */
const V6_NOT_PUBLIC: readonly Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128], // unspecified ::
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128], // loopback ::1
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48], // local-use IPv4/IPv6 translation
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64], // discard-only
  [[0x20, 0x01, 0x00, 0x00], 32], // Teredo (tunnels to arbitrary IPv4)
  [[0x20, 0x01, 0x00, 0x02, 0x00, 0x00], 48], // benchmarking
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0xfc], 7], // unique local
  [[0xfe, 0x80], 10], // link-local
  [[0xfe, 0xc0], 10], // site-local (deprecated)
  [[0xff], 8], // multicast
];

function inRange(bytes: readonly number[], [prefix, bits]: Range): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const take = Math.min(8, bits - i * 8);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function isPublicBytes(bytes: readonly number[]): boolean {
  if (bytes.length === 4) return !V4_NOT_PUBLIC.some((r) => inRange(bytes, r));
  const allZero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d (deprecated): judge the IPv4 address.
  if (allZero(0, 10) && ((bytes[10] === 0xff && bytes[11] === 0xff) || (bytes[10] === 0 && bytes[11] === 0))) {
    if (allZero(0, 12) && (allZero(12, 16) || (allZero(12, 15) && bytes[15] === 1))) {
      return !V6_NOT_PUBLIC.some((r) => inRange(bytes, r));
    }
    return isPublicBytes(bytes.slice(12, 16));
  }
  // NAT64 64:ff9b::/96 and 6to4 2002::/16 embed an IPv4 address.
  if (inRange(bytes, [[0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96])) return isPublicBytes(bytes.slice(12, 16));
  if (inRange(bytes, [[0x20, 0x02], 16])) return isPublicBytes(bytes.slice(2, 6));
  return !V6_NOT_PUBLIC.some((r) => inRange(bytes, r));
}

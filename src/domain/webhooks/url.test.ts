import { describe, expect, it } from "vitest";
import { checkWebhookUrl, isPublicAddress, parseIp } from "./url.js";

const strict = { allowPrivate: false };
const code = (url: string, options = strict) => {
  const r = checkWebhookUrl(url, options);
  return r.ok ? "ok" : r.error.code;
};

describe("webhook URL safety", () => {
  it("accepts http(s) URLs on public hosts", () => {
    for (const url of [
      "https://example.com/hooks",
      "http://hooks.example.org:8080/x?y=1",
      "https://93.184.216.34/",
      "https://[2606:2800:220:1:248:1893:25c8:1946]/",
      "https://example.com./trailing-dot",
    ]) {
      expect(code(url), url).toBe("ok");
    }
  });

  it("refuses what is not an absolute http(s) URL, and credentials in it", () => {
    for (const url of [
      "not a url",
      "/relative/path",
      "ftp://example.com/",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "gopher://example.com/",
      "https://user:pass@example.com/",
      "https://user@example.com/",
      `https://example.com/${"a".repeat(2100)}`,
    ]) {
      expect(code(url), url).toBe("webhook_url_invalid");
      expect(checkWebhookUrl(url, strict)).toMatchObject({ ok: false, error: { field: "url" } });
    }
    // Scheme and credential rules hold even when private addresses are allowed.
    expect(code("ftp://127.0.0.1/", { allowPrivate: true })).toBe("webhook_url_invalid");
  });

  it("refuses private, loopback, link-local, unspecified and other non-public literal addresses", () => {
    for (const url of [
      "http://127.0.0.1/",
      "http://127.1.2.3:9000/",
      "http://10.0.0.1/",
      "http://172.16.5.4/",
      "http://172.31.255.255/",
      "http://192.168.1.1/",
      "http://169.254.169.254/latest/meta-data/",
      "http://0.0.0.0/",
      "http://100.64.0.1/",
      "http://198.18.0.1/",
      "http://224.0.0.1/",
      "http://255.255.255.255/",
      "http://[::1]/",
      "http://[::]/",
      "http://[fe80::1]/",
      "http://[fc00::1]/",
      "http://[fd12:3456::1]/",
      "http://[ff02::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:10.0.0.1]/",
      "http://[64:ff9b::a9fe:a9fe]/",
      "http://[2002:c0a8:0101::1]/",
      "http://[2001:db8::1]/",
      // Alternative IPv4 spellings, normalised by the URL parser.
      "http://2130706433/",
      "http://0x7f000001/",
      "http://0177.0.0.1/",
      "http://127.1/",
      "http://0/",
    ]) {
      expect(code(url), url).toBe("webhook_url_not_allowed");
    }
  });

  it("refuses names meant for local networks and single-label names", () => {
    for (const url of [
      "http://localhost:3000/",
      "http://LOCALHOST/",
      "http://foo.localhost/",
      "http://printer.local/",
      "http://metadata.google.internal/",
      "http://router.home.arpa/",
      "http://intranet/",
    ]) {
      expect(code(url), url).toBe("webhook_url_not_allowed");
    }
  });

  it("allows private addresses only when configured to", () => {
    expect(code("http://127.0.0.1:4000/", { allowPrivate: true })).toBe("ok");
    expect(code("http://localhost/", { allowPrivate: true })).toBe("ok");
  });

  it("judges resolved addresses (as dns.lookup reports them)", () => {
    expect(isPublicAddress("93.184.216.34")).toBe(true);
    expect(isPublicAddress("2606:2800:220:1:248:1893:25c8:1946")).toBe(true);
    expect(isPublicAddress("::ffff:93.184.216.34")).toBe(true);
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "169.254.169.254",
      "::1",
      "::ffff:127.0.0.1",
      "fe80::1%eth0",
      "0.0.0.0",
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    expect(isPublicAddress("not-an-address")).toBe(false);
  });

  it("parses IPv6 forms strictly", () => {
    expect(parseIp("::1")).toEqual([...new Array(15).fill(0), 1]);
    expect(parseIp("1:2:3:4:5:6:7:8")?.length).toBe(16);
    expect(parseIp("::ffff:1.2.3.4")?.slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    for (const bad of ["1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "1.2.3", "1.2.3.256", "01.2.3.4.5", ":::", "g::1"]) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });
});

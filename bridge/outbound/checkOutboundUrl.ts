import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/** Addresses an outbound event must not reach: loopback, private, link-local, multicast, reserved. */
function internalRanges(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of [
    ["0.0.0.0", 8],
    ["10.0.0.0", 8],
    ["100.64.0.0", 10],
    ["127.0.0.0", 8],
    ["169.254.0.0", 16],
    ["172.16.0.0", 12],
    ["192.0.0.0", 24],
    ["192.0.2.0", 24],
    ["192.168.0.0", 16],
    ["198.18.0.0", 15],
    ["198.51.100.0", 24],
    ["203.0.113.0", 24],
    ["224.0.0.0", 4],
    ["240.0.0.0", 4],
  ] as const) {
    list.addSubnet(net, prefix, "ipv4");
  }
  for (const [net, prefix] of [
    ["::", 128],
    ["::1", 128],
    ["fc00::", 7],
    ["fe80::", 10],
    ["fec0::", 10],
    ["ff00::", 8],
    ["2001:db8::", 32],
  ] as const) {
    list.addSubnet(net, prefix, "ipv6");
  }
  return list;
}

/** Whether an IP address is internal (IPv4-mapped and NAT64 IPv6 addresses are read as their IPv4). */
export function isInternalAddress(address: string, ranges: BlockList = internalRanges()): boolean {
  const family = isIP(address);
  if (family === 4) return ranges.check(address, "ipv4");
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (embedded) return ranges.check(embedded, "ipv4");
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const hi = Number.parseInt(mappedHex[1]!, 16);
    const lo = Number.parseInt(mappedHex[2]!, 16);
    return ranges.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, "ipv4");
  }
  return ranges.check(address, "ipv6");
}

export type OutboundUrlCheck = { ok: true } | { ok: false; reason: string };

export interface OutboundUrlOptions {
  /** Host names or IP addresses an admin allowed although they are internal (OUTBOUND_ALLOWED_HOSTS). */
  allowedHosts?: string[];
  /** DNS resolution (all addresses); the system resolver by default. */
  resolve?: (host: string) => Promise<string[]>;
}

/**
 * Checks an outbound URL before anything is sent to it (P14): http(s) only, no credentials in it, and
 * every address its host resolves to public, unless the host (or address) is allow-listed by an
 * admin. The WHATWG parser already turns decimal, octal and hex IPv4 forms ("2130706433", "0x7f.1")
 * into dotted quads, so they are checked like any address.
 */
export async function checkOutboundUrl(
  raw: string,
  options: OutboundUrlOptions = {},
): Promise<OutboundUrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, reason: "not an http(s) URL" };
  if (url.username || url.password) return { ok: false, reason: "credentials in the URL are not allowed" };
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const allowed = new Set((options.allowedHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean));
  if (allowed.has(host)) return { ok: true };
  let addresses: string[];
  try {
    addresses =
      isIP(host) !== 0
        ? [host]
        : await (options.resolve ?? (async (h) => (await lookup(h, { all: true })).map((a) => a.address)))(
            host,
          );
  } catch {
    return { ok: false, reason: `the host ${host} cannot be resolved` };
  }
  if (addresses.length === 0) return { ok: false, reason: `the host ${host} cannot be resolved` };
  const ranges = internalRanges();
  const internal = addresses.find((a) => !allowed.has(a.toLowerCase()) && isInternalAddress(a, ranges));
  if (internal) {
    return {
      ok: false,
      reason: `${host} resolves to ${internal}, an internal address (loopback, private, link-local or multicast); an admin may allow it with OUTBOUND_ALLOWED_HOSTS`,
    };
  }
  return { ok: true };
}

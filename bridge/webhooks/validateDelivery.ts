import { isIP } from "node:net";

/** Limits of a delivery's JSON before anything is stored (PostgreSQL refuses NUL in jsonb). */
export const DELIVERY_LIMITS = { maxDepth: 32, maxNodes: 20_000 } as const;

/**
 * Checks a parsed body for what would otherwise fail later as a 500: nesting deeper than
 * `maxDepth`, more than `maxNodes` values, a NUL character in a string or a key. Null when fine,
 * else the words of a 400.
 */
export function checkJsonShape(value: unknown): string | null {
  let nodes = 0;
  const stack: Array<{ v: unknown; depth: number; path: string }> = [{ v: value, depth: 0, path: "body" }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (++nodes > DELIVERY_LIMITS.maxNodes) return `body: more than ${DELIVERY_LIMITS.maxNodes} values`;
    if (depth > DELIVERY_LIMITS.maxDepth)
      return `${path}: nested deeper than ${DELIVERY_LIMITS.maxDepth} levels`;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return `${path}: contains a NUL character`;
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) stack.push({ v: x, depth: depth + 1, path: `${path}[${i}]` });
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes("\u0000")) return `${path}: a key contains a NUL character`;
        stack.push({ v: x, depth: depth + 1, path: `${path}.${k.slice(0, 40)}` });
      }
    }
  }
  return null;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** A host name (RFC 1123 labels) or an IP address literal. */
export function isHostName(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const v = value.endsWith(".") ? value.slice(0, -1) : value;
  if (v.length === 0 || v.length > 253) return false;
  const labels = v.split(".");
  // all-numeric dotted names that are not valid IPs ("999.1.1.1", "2130706433") are refused
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => HOST_LABEL.test(l));
}

/** One email address (local@domain), no display name, no control characters. */
export function isEmailAddress(value: string): boolean {
  if (CONTROL.test(value) || value.length > 254) return false;
  const m = /^([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64})@([^@\s]+)$/.exec(value);
  return Boolean(m?.[2] && isHostName(m[2]) && m[2].includes("."));
}

const SECURITY = new Set(["ssl", "starttls", "none"]);

/**
 * The settings of a `mailbox.updated` delivery (P14): host names or IPs, ports 1-65535, addresses
 * parsed, no control characters in any text (CRLF in a name or address would inject headers). The
 * problems are answered with a 400 whose message Odoo shows on the delivery.
 */
export function validateMailboxSettings(data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const text = (key: string, required = false, max = 500) => {
    const v = data[key];
    if (v === undefined || v === null || v === false || v === "") {
      if (required) problems.push(`${key}: required`);
      return null;
    }
    if (typeof v !== "string") {
      problems.push(`${key}: must be text`);
      return null;
    }
    if (CONTROL.test(v)) problems.push(`${key}: contains control characters (line breaks, tabs or NUL)`);
    else if (v.length > max) problems.push(`${key}: longer than ${max} characters`);
    return v.trim();
  };
  const email = text("email", true, 254);
  if (email !== null && !CONTROL.test(email) && !isEmailAddress(email)) {
    problems.push(`email: "${email.slice(0, 80)}" is not an email address`);
  }
  const notify = text("notify_email", false, 1000);
  if (notify !== null && !CONTROL.test(notify)) {
    for (const a of notify
      .split(/[,;]/)
      .map((x) => x.trim())
      .filter(Boolean)) {
      if (!isEmailAddress(a)) problems.push(`notify_email: "${a.slice(0, 80)}" is not an email address`);
    }
  }
  for (const key of ["name", "username", "processed_folder", "failed_folder", "module"])
    text(key, false, 200);
  for (const proto of ["imap", "smtp"]) {
    const host = text(`${proto}_host`, false, 253);
    if (host !== null && !CONTROL.test(host) && !isHostName(host)) {
      problems.push(`${proto}_host: "${host.slice(0, 80)}" is not a host name or an IP address`);
    }
    const port = data[`${proto}_port`];
    if (port !== undefined && port !== null && port !== false && port !== 0) {
      if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
        problems.push(`${proto}_port: ${String(port).slice(0, 20)} is not a port (1-65535)`);
      }
    } else if (port === 0) {
      problems.push(`${proto}_port: 0 is not a port (1-65535)`);
    }
    const security = text(`${proto}_security`, false, 20);
    if (security !== null && !SECURITY.has(security)) {
      problems.push(`${proto}_security: "${security.slice(0, 20)}" is not one of ssl, starttls, none`);
    }
  }
  return problems;
}

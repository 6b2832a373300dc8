import { createJson2OdooClient } from "./createJson2OdooClient.ts";
import { createXmlRpcOdooClient, createXmlRpcProtocol, parseVersion } from "./createXmlRpcOdooClient.ts";
import type { OdooClient, OdooClientOptions, OdooConnection, OdooVersion } from "./odooClient.ts";
import { defaultClientOptions } from "./odooClient.ts";
import { OdooError } from "./odooErrors.ts";
import { withRetry } from "./withRetry.ts";

/** How the server's version was found (for the boot log and the tests). */
export type VersionProbe = "web/version" | "json/2" | "xmlrpc";

/**
 * The server's version without relying on /xmlrpc (deprecated on 19, to be removed in 20):
 * 1. `GET /web/version` (Odoo 19's rpc addon; no credentials) -> `{version, version_info}`;
 * 2. a JSON-2 call (`/json/2/res.users/context_get` with the API key): answered, the server speaks
 *    JSON-2, so it is 19 or later (the exact version then comes from /web/version when it answers);
 * 3. XML-RPC `common.version()` (17 and 18, where 1 and 2 answer 404).
 * A server that answers none of them (down, wrong URL) fails with a retryable connection error.
 */
export async function detectOdooVersion(
  conn: OdooConnection,
  options: OdooClientOptions = {},
): Promise<{ version: OdooVersion; probe: VersionProbe }> {
  const opts = { ...defaultClientOptions, ...options };
  const base = new URL(conn.url.endsWith("/") ? conn.url : `${conn.url}/`);
  const get = async (path: string, init?: RequestInit) => {
    try {
      return await fetch(new URL(path, base), { ...init, signal: AbortSignal.timeout(opts.timeoutMs) });
    } catch {
      return undefined; // unreachable: the next probe says so
    }
  };
  const web = await get("web/version", { headers: { Accept: "application/json" } });
  if (web?.ok && (web.headers.get("content-type") ?? "").includes("json")) {
    try {
      return { version: parseVersion(await web.json()), probe: "web/version" };
    } catch {}
  }
  const json2 = await get("json/2/res.users/context_get", {
    method: "POST",
    headers: {
      Authorization: `bearer ${conn.apiKey}`,
      "X-Odoo-Database": conn.db,
      "Content-Type": "application/json",
    },
    body: "{}",
  });
  if (json2?.ok && (json2.headers.get("content-type") ?? "").includes("json")) {
    return {
      version: { serverVersion: "19.0+", serverVersionInfo: [19], major: 19 },
      probe: "json/2",
    };
  }
  if (json2?.status === 401 && (json2.headers.get("content-type") ?? "").includes("json")) {
    throw new OdooError("odoo.access_denied", "Odoo (JSON-2) refused the API key", false);
  }
  const probe = createXmlRpcProtocol(conn, opts);
  try {
    const version = await withRetry(() => probe.version(), {
      attempts: opts.attempts,
      backoffMs: opts.backoffMs,
      maxBackoffMs: opts.maxBackoffMs,
    });
    return { version, probe: "xmlrpc" };
  } finally {
    probe.close();
  }
}

/** The client of the server's protocol: XML-RPC up to 18, JSON-2 from 19 on. */
export async function createOdooClient(
  conn: OdooConnection,
  options: OdooClientOptions = {},
): Promise<OdooClient> {
  const { version } = await detectOdooVersion(conn, options);
  return version.major >= 19 ? createJson2OdooClient(conn, options) : createXmlRpcOdooClient(conn, options);
}

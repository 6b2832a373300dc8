import http from "node:http";
import https from "node:https";
import { buildOdooClient, type OdooProtocol } from "./buildOdooClient.ts";
import {
  defaultClientOptions,
  type OdooClient,
  type OdooClientOptions,
  type OdooConnection,
  type OdooVersion,
} from "./odooClient.ts";
import { OdooError } from "./odooErrors.ts";
import { xmlRpcCall } from "./xmlRpcCall.ts";

/**
 * XML-RPC version() answers `{server_version, server_version_info, ...}`; Odoo 19's `GET /web/version`
 * (which replaces it for JSON-2) answers `{version, version_info}`.
 */
export function parseVersion(raw: unknown): OdooVersion {
  const v = raw as {
    server_version?: string;
    server_version_info?: unknown[];
    version?: string;
    version_info?: unknown[];
  };
  const rawInfo = v?.server_version_info ?? v?.version_info;
  const info = Array.isArray(rawInfo) ? rawInfo : [];
  const name = v?.server_version ?? v?.version;
  const major = typeof info[0] === "number" ? info[0] : Number.parseInt(String(name ?? ""), 10);
  if (!Number.isFinite(major))
    throw new OdooError("odoo.bad_response", "Odoo's version() has no version", false);
  return { serverVersion: String(name ?? major), serverVersionInfo: info, major };
}

/** The XML-RPC protocol (/xmlrpc/2/common and /xmlrpc/2/object): Odoo 17 and 18. */
export function createXmlRpcProtocol(conn: OdooConnection, opts: Required<OdooClientOptions>): OdooProtocol {
  const base = new URL(conn.url.endsWith("/") ? conn.url : `${conn.url}/`);
  const common = new URL("xmlrpc/2/common", base);
  const object = new URL("xmlrpc/2/object", base);
  // Node 20 keeps sockets alive; bound them, and drop idle ones before Odoo (werkzeug) does.
  const agentOptions = {
    keepAlive: true,
    keepAliveMsecs: 1000,
    maxSockets: opts.maxSockets,
    maxFreeSockets: 4,
    timeout: 60_000,
  };
  const agent = base.protocol === "https:" ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const call = (endpoint: URL, method: string, params: unknown[]) =>
    xmlRpcCall(endpoint, method, params, { timeoutMs: opts.timeoutMs, agent });
  let uidPromise: Promise<number> | undefined;

  const uid = (): Promise<number> => {
    uidPromise ??= call(common, "authenticate", [conn.db, conn.user, conn.apiKey, {}]).then((u) => {
      if (typeof u !== "number" || u <= 0) {
        throw new OdooError(
          "odoo.access_denied",
          `Odoo refused the login of ${conn.user} on ${conn.db}`,
          false,
        );
      }
      return u;
    });
    uidPromise.catch(() => {
      uidPromise = undefined;
    });
    return uidPromise;
  };

  return {
    protocol: "xmlrpc",
    version: async () => parseVersion(await call(common, "version", [])),
    uid,
    async call(model, method, args, kwargs) {
      return call(object, "execute_kw", [conn.db, await uid(), conn.apiKey, model, method, args, kwargs]);
    },
    close: () => agent.destroy(),
  };
}

export function createXmlRpcOdooClient(conn: OdooConnection, options: OdooClientOptions = {}): OdooClient {
  const opts = { ...defaultClientOptions, ...options };
  return buildOdooClient(createXmlRpcProtocol(conn, opts), opts);
}

import { buildOdooClient, type OdooProtocol } from "./buildOdooClient.ts";
import { parseVersion } from "./createXmlRpcOdooClient.ts";
import {
  defaultClientOptions,
  type OdooClient,
  type OdooClientOptions,
  type OdooConnection,
} from "./odooClient.ts";
import { OdooError, odooFaultError, odooTransportError } from "./odooErrors.ts";

/**
 * The JSON-2 protocol of Odoo 19+: `POST /json/2/<model>/<method>` with a bearer API key and the
 * database in `X-Odoo-Database`; arguments are named (`ids`, plus the method's own), and errors come
 * back as a JSON body `{name, message, arguments, context, debug}` with a 4xx/5xx status.
 */
export function createJson2Protocol(conn: OdooConnection, opts: Required<OdooClientOptions>): OdooProtocol {
  const base = new URL(conn.url.endsWith("/") ? conn.url : `${conn.url}/`);
  const post = async (path: string, body: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(new URL(path, base), {
        method: "POST",
        headers: {
          Authorization: `bearer ${conn.apiKey}`,
          "X-Odoo-Database": conn.db,
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "order-intake-bridge",
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (err) {
      if ((err as Error).name === "TimeoutError") {
        throw new OdooError("odoo.timeout", `Odoo did not answer ${path} within ${opts.timeoutMs} ms`, true);
      }
      throw odooTransportError(err);
    }
    const text = await res.text();
    if (res.ok) return text ? JSON.parse(text) : null;
    if (res.status >= 500 && !text.startsWith("{")) {
      throw new OdooError("odoo.http_5xx", `Odoo answered HTTP ${res.status}`, true, { status: res.status });
    }
    let err: { name?: string; message?: string; debug?: string } = {};
    try {
      err = JSON.parse(text);
    } catch {}
    if (res.status === 401) throw new OdooError("odoo.access_denied", "Odoo refused the API key", false);
    const mapped = odooFaultError(res.status, err.debug ?? `${err.name ?? "Error"}: ${err.message ?? text}`);
    if (res.status >= 500 && mapped.code === "odoo.fault") {
      throw new OdooError("odoo.http_5xx", mapped.message, true, { status: res.status });
    }
    throw mapped;
  };
  let uidPromise: Promise<number> | undefined;
  return {
    protocol: "json2",
    version: async () => parseVersion(await (await fetch(new URL("web/version", base))).json()),
    uid() {
      uidPromise ??= post("json/2/res.users/context_get", {}).then((ctx) =>
        Number((ctx as { uid?: number }).uid),
      );
      return uidPromise;
    },
    call(model, method, args, kwargs) {
      const named: Record<string, unknown> = { ...kwargs };
      const recordMethods = new Set([
        "read",
        "write",
        "unlink",
        "message_post",
        "action_confirm",
        "action_cancel",
      ]);
      if (recordMethods.has(method)) {
        named.ids = args[0];
        if (method === "write") named.vals = args[1];
      } else if (method === "search" || method === "search_read" || method === "search_count") {
        named.domain = args[0];
      } else if (method === "create") {
        named.vals_list = Array.isArray(args[0]) ? args[0] : [args[0]];
      }
      return post(`json/2/${model}/${method}`, named).then((r) =>
        method === "create" && !Array.isArray(args[0]) && Array.isArray(r) ? r[0] : r,
      );
    },
    close() {},
  };
}

export function createJson2OdooClient(conn: OdooConnection, options: OdooClientOptions = {}): OdooClient {
  const opts = { ...defaultClientOptions, ...options };
  return buildOdooClient(createJson2Protocol(conn, opts), opts);
}

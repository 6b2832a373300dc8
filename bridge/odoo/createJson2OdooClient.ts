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
      const named = json2Arguments(model, method, args, kwargs);
      return post(`json/2/${model}/${method}`, named).then((r) =>
        method === "create" && !Array.isArray(args[0]) && Array.isArray(r) ? r[0] : r,
      );
    },
    close() {},
  };
}

/**
 * Parameters of the ORM's own methods after `self` (odoo/orm/models.py, the same on 17, 18 and 19), for
 * the calls made with positional arguments as XML-RPC's execute_kw takes them. `records`: the first
 * positional argument is the ids.
 */
const ormSignatures: Record<string, { records: boolean; params: string[] }> = {
  search: { records: false, params: ["domain", "offset", "limit", "order"] },
  search_count: { records: false, params: ["domain", "limit"] },
  search_read: { records: false, params: ["domain", "fields", "offset", "limit", "order"] },
  name_search: { records: false, params: ["name", "domain", "operator", "limit"] },
  fields_get: { records: false, params: ["allfields", "attributes"] },
  create: { records: false, params: ["vals_list"] },
  read: { records: true, params: ["fields", "load"] },
  write: { records: true, params: ["vals"] },
  unlink: { records: true, params: [] },
  copy: { records: true, params: ["default"] },
  exists: { records: true, params: [] },
};

/**
 * The body of a JSON-2 call carrying what the XML-RPC call `execute_kw(model, method, args, kwargs)`
 * carries. JSON-2 has no positional arguments: it binds `ids` to the records and every other key by
 * name to the method's signature (addons/rpc/controllers/json2.py, `signature.bind(records, **kwargs)`).
 * - the ORM's methods: positional arguments named from their signature (above);
 * - any other method: XML-RPC's convention, the first positional argument is the ids of the records the
 *   method runs on (button_confirm, message_post, has_group...); its other arguments must be given by
 *   name, which execute_kw accepts too. A call that cannot be mapped is refused here rather than sent
 *   with an argument dropped (Odoo 19 would answer `true` to a button_confirm without ids).
 */
export function json2Arguments(
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  const signature = ormSignatures[method];
  const rest = [...args];
  const isIds = (v: unknown) => Array.isArray(v) && v.every((x) => Number.isInteger(x));
  const bad = (why: string) =>
    new OdooError("odoo.bad_call", `${model}.${method}: ${why} (JSON-2 binds arguments by name)`, false);
  if (signature ? signature.records : rest.length > 0) {
    const ids = rest.shift();
    if (!isIds(ids) && !Number.isInteger(ids)) throw bad("the first positional argument must be the ids");
    named.ids = Number.isInteger(ids) ? [ids] : ids;
  }
  if (rest.length > 0) {
    if (!signature || rest.length > signature.params.length) {
      throw bad(`pass the ${rest.length} argument(s) after the ids by name`);
    }
    rest.forEach((value, i) => {
      named[signature.params[i]!] = value;
    });
  }
  if (method === "create" && named.vals_list !== undefined && !Array.isArray(named.vals_list)) {
    named.vals_list = [named.vals_list];
  }
  for (const [key, value] of Object.entries(kwargs)) {
    if (key in named) throw bad(`argument ${key} given twice`);
    named[key] = value;
  }
  return named;
}

export function createJson2OdooClient(conn: OdooConnection, options: OdooClientOptions = {}): OdooClient {
  const opts = { ...defaultClientOptions, ...options };
  return buildOdooClient(createJson2Protocol(conn, opts), opts);
}

import http from "node:http";
import type { AddressInfo } from "node:net";
import { createOdooStandIn, type OdooStandIn } from "./createOdooStandIn.ts";

/**
 * Odoo 19's JSON-2 API in front of the Odoo 18 stand-in's records, for the JSON-2 client's tests.
 * No Odoo 19 runs here, so only what Odoo documents or its code shows is served:
 * - odoo/documentation content/developer/reference/external_api.rst (19.0): `POST /json/2/<model>/<method>`
 *   with `Authorization: bearer <key>`, `X-Odoo-Database`, a JSON object of named arguments plus `ids`
 *   and `context`; 200 with the JSON result; errors as `{name, message, arguments, context, debug}`
 *   (the 401 "Invalid apikey" body is the documented one); `GET /web/version` answering
 *   `{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}`; the user's id from
 *   `res.users/context_get`.
 * - odoo/odoo addons/rpc/controllers/json2.py: 404 NotFound "the model 'x' does not exist" and for a
 *   method that does not exist, 422 UnprocessableEntity when the arguments do not bind to the method's
 *   signature, a returned recordset sent as its ids.
 * Recorded on a real Odoo 19.0 since (recordVersionProbes.ts, recorded/version_probes_19.json): the
 * /web/version body, the 401 body, has_group bound by name (`ids` + `group_ext_id`), and the 422s for a
 * missing argument and for ids sent to a model method; the 422 of has_group without its group is served.
 * Named arguments are bound to the ORM signatures (search(domain, offset, limit, order), read(fields,
 * load), create(vals_list), write(vals), ...). What Odoo 19 answers to a UserError/ValidationError raised
 * inside a method (status code) is not documented there: such faults come back as a 500 body carrying
 * the Odoo 18 fault text in `debug`, and tests must not rely on that status.
 */
export interface Json2StandIn {
  url: string;
  db: string;
  apiKey: string;
  /** The Odoo 18 stand-in holding the records (for assertions and fault injection). */
  inner: OdooStandIn;
  close(): Promise<void>;
}

const signatures: Record<string, string[]> = {
  search: ["domain", "offset", "limit", "order"],
  search_count: ["domain", "limit"],
  search_read: ["domain", "fields", "offset", "limit", "order"],
  read: ["fields", "load"],
  create: ["vals_list"],
  write: ["vals"],
  fields_get: ["allfields", "attributes"],
};

const traceback = (name: string, text: string) =>
  `Traceback (most recent call last):\n  File "/opt/odoo/odoo/http.py", line 2212, in _transactioning\n    return service_model.retrying(func, env=self.env)\n${name}: ${text}\n`;

export async function createJson2StandIn(
  options: Parameters<typeof createOdooStandIn>[0] & {
    /** false: /web/version answers 404, as behind a proxy that forwards /json/2 only (probe order test). */
    webVersion?: boolean;
  } = {},
): Promise<Json2StandIn> {
  const { webVersion = true, ...innerOptions } = options;
  const inner = await createOdooStandIn(innerOptions);
  const apiKey = inner.user.apiKey;
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res
      .writeHead(status, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
      })
      .end(text);
  };
  const error = (res: http.ServerResponse, status: number, name: string, message: string, line: string) =>
    send(res, status, {
      name,
      message,
      arguments: [message, status],
      context: {},
      debug: traceback(name, line),
    });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (webVersion && req.method === "GET" && url.pathname === "/web/version") {
      send(res, 200, { version_info: [19, 0, 0, "final", 0, ""], version: "19.0" });
      return;
    }
    const m = /^\/json\/2\/([\w.]+)\/(\w+)$/.exec(url.pathname);
    if (!m || req.method !== "POST") {
      error(res, 404, "werkzeug.exceptions.NotFound", "Not Found", "404 Not Found");
      return;
    }
    const [, model, method] = m as unknown as [string, string, string];
    const auth = req.headers.authorization ?? "";
    if (!/^bearer /i.test(auth) || auth.slice(7) !== apiKey) {
      // the documented answer (external_api.rst, "Response")
      error(
        res,
        401,
        "werkzeug.exceptions.Unauthorized",
        "Invalid apikey",
        "401 Unauthorized: Invalid apikey",
      );
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: Record<string, unknown>;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
      } catch {
        error(
          res,
          400,
          "werkzeug.exceptions.BadRequest",
          "could not parse the body as json",
          "400 Bad Request",
        );
        return;
      }
      const {
        ids = [],
        context = {},
        ...named
      } = body as {
        ids?: number[];
        context?: Record<string, unknown>;
      } & Record<string, unknown>;
      if (!knownModel(model)) {
        const text = `the model '${model}' does not exist`;
        error(res, 404, "werkzeug.exceptions.NotFound", text, `404 Not Found: ${text}`);
        return;
      }
      if (model === "res.users" && method === "context_get") {
        send(res, 200, { lang: "en_US", tz: false, uid: inner.user.uid });
        return;
      }
      if (method === "has_group" && named.group_ext_id === undefined) {
        const text = "missing a required argument: 'group_ext_id'"; // recorded on 19
        error(res, 422, "werkzeug.exceptions.UnprocessableEntity", text, `422 Unprocessable Entity: ${text}`);
        return;
      }
      const sig = signatures[method];
      const args: unknown[] = [];
      const kw: Record<string, unknown> = { context };
      if (sig) {
        const unknown = Object.keys(named).filter((k) => !sig.includes(k));
        if (unknown.length > 0) {
          const text = `got an unexpected keyword argument '${unknown[0]}'`;
          error(
            res,
            422,
            "werkzeug.exceptions.UnprocessableEntity",
            text,
            `422 Unprocessable Entity: ${text}`,
          );
          return;
        }
        const [first, ...rest] = sig;
        if (method === "read" || method === "write") {
          args.push(ids);
          if (method === "write") args.push(named.vals);
          else if (named.fields) kw.fields = named.fields;
        } else {
          args.push(named[first!]);
          for (const k of rest) if (named[k] !== undefined && named[k] !== null) kw[k] = named[k];
        }
      } else {
        if (ids.length > 0) args.push(ids);
        Object.assign(kw, named);
      }
      try {
        let result = inner.call(model, method, args, kw);
        // create takes a list and returns the new records, sent as their ids
        if (method === "create" && !Array.isArray(result)) result = [result];
        send(res, 200, result ?? null);
      } catch (e) {
        const f = e as { faultCode?: unknown; faultString?: string };
        if (f.faultString === undefined) throw e;
        const lines = f.faultString.trimEnd().split("\n");
        const last = lines[lines.length - 1] ?? "";
        if (/The method '[\w.]+' does not exist/.test(last)) {
          const text = last.replace(/^AttributeError: /, "");
          error(res, 404, "werkzeug.exceptions.NotFound", text, `404 Not Found: ${text}`);
          return;
        }
        // Not documented for 19 (see above): the Odoo 18 fault text, status 500.
        send(res, 500, {
          name: "odoo.exceptions.UserError",
          message: last,
          arguments: [last],
          context: {},
          debug: f.faultString,
        });
      }
    });
  });
  const knownModel = (model: string) => {
    try {
      inner.call(model, "fields_get", [], { attributes: ["type"] });
      return true;
    } catch {
      return false;
    }
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    db: inner.db,
    apiKey,
    inner,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await inner.close();
    },
  };
}

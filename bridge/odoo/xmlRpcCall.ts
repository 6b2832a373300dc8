import http from "node:http";
import https from "node:https";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import { OdooError, odooFaultError, odooTransportError } from "./odooErrors.ts";

// The package's serializer and deserializer are used; its HTTP client is not, because it has no
// timeout, cannot be aborted, and reads a 5xx HTML page as a broken XML answer.
const require_ = createRequire(import.meta.url);
const Serializer = require_("xmlrpc/lib/serializer") as {
  serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
};
const Deserializer = require_("xmlrpc/lib/deserializer") as new (
  encoding?: string,
) => {
  deserializeMethodResponse(stream: Readable, cb: (err: unknown, value: unknown) => void): void;
};

export interface XmlRpcCallOptions {
  timeoutMs: number;
  agent?: http.Agent;
}

/** One XML-RPC call over HTTP(S) with a deadline; the request is destroyed when the deadline passes. */
export function xmlRpcCall(
  endpoint: URL,
  method: string,
  params: unknown[],
  options: XmlRpcCallOptions,
): Promise<unknown> {
  const body = Buffer.from(Serializer.serializeMethodCall(method, params), "utf8");
  const transport = endpoint.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value);
    };
    const req = transport.request(
      endpoint,
      {
        method: "POST",
        agent: options.agent,
        headers: {
          "Content-Type": "text/xml",
          Accept: "text/xml",
          "Content-Length": body.length,
          "User-Agent": "order-intake-bridge",
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 500 || (status >= 400 && status !== 200)) {
          res.resume();
          done(
            new OdooError(
              status >= 500 ? "odoo.http_5xx" : "odoo.http_4xx",
              `Odoo answered HTTP ${status} to ${method}`,
              status >= 500 || status === 429,
              { status },
            ),
          );
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) => done(odooTransportError(e)));
        res.on("end", () => {
          if (settled) return;
          new Deserializer("utf8").deserializeMethodResponse(
            Readable.from([Buffer.concat(chunks)]),
            (err: unknown, value: unknown) => {
              if (err) {
                const f = err as { faultCode?: unknown; faultString?: string };
                if (f.faultString !== undefined) done(odooFaultError(f.faultCode, f.faultString));
                else done(odooTransportError(err));
              } else done(null, value);
            },
          );
        });
        res.on("aborted", () =>
          done(odooTransportError(Object.assign(new Error("aborted"), { code: "ECONNRESET" }))),
        );
      },
    );
    const timer = setTimeout(() => {
      done(
        new OdooError("odoo.timeout", `Odoo did not answer ${method} within ${options.timeoutMs} ms`, true),
      );
      req.destroy();
    }, options.timeoutMs);
    req.on("error", (e) => done(odooTransportError(e)));
    req.end(body);
  });
}

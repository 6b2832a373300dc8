/**
 * Records what a real Odoo answers to the bridge's version probes (createOdooClient.ts) and, on 19, to
 * JSON-2 calls whose arguments are bound by name (createJson2OdooClient.ts):
 *   ODOO_URL=http://127.0.0.1:8018 ODOO_DB=oi18_live ODOO_API_KEY=... npx tsx bridge/test/odooStandIn/recordVersionProbes.ts
 * Saves recorded/version_probes_<major>.json: for each probe its HTTP status, content type and body
 * (an HTML body is cut to its first 300 characters).
 */
import { writeFileSync } from "node:fs";

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (see the usage comment of the script)`);
  return v;
};
const base = new URL(env("ODOO_URL").replace(/\/?$/, "/"));
const key = env("ODOO_API_KEY");
const db = env("ODOO_DB");

interface Probe {
  status: number;
  contentType: string;
  body: unknown;
}
const probe = async (path: string, init?: RequestInit): Promise<Probe> => {
  const res = await fetch(new URL(path, base), init);
  const contentType = res.headers.get("content-type") ?? "";
  const text = await res.text();
  let body: unknown = text.slice(0, 300);
  if (contentType.includes("json")) {
    body = JSON.parse(text);
    // a traceback names the server's paths: keep its last line
    const b = body as { debug?: string };
    if (typeof b.debug === "string") b.debug = b.debug.trimEnd().split("\n").slice(-1)[0];
  }
  return { status: res.status, contentType, body };
};
const json2 = (model: string, method: string, body: unknown, apiKey = key) =>
  probe(`json/2/${model}/${method}`, {
    method: "POST",
    headers: {
      Authorization: `bearer ${apiKey}`,
      "X-Odoo-Database": db,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });

const webVersion = await probe("web/version");
const contextGet = await json2("res.users", "context_get", {});
const out: Record<string, Probe> = {
  web_version: webVersion,
  json2_context_get: contextGet,
  json2_bad_key: await json2("res.users", "context_get", {}, "wrong-key"),
};
const major =
  webVersion.status === 200 ? ((webVersion.body as { version_info: number[] }).version_info[0] ?? 0) : 0;
if (major >= 19) {
  const uid = (contextGet.body as { uid: number }).uid;
  out.json2_has_group_by_name = await json2("res.users", "has_group", {
    ids: [uid],
    group_ext_id: "order_intake.group_order_intake_bridge",
  });
  out.json2_has_group_without_group = await json2("res.users", "has_group", { ids: [uid] });
  out.json2_model_method_with_ids = await json2("res.partner", "name_search", { ids: [uid], name: "x" });
}
const name = `version_probes_${major || "xmlrpc"}`;
writeFileSync(new URL(`./recorded/${name}.json`, import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
console.log(`saved recorded/${name}.json`);

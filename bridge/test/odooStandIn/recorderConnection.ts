/**
 * What the record*.ts scripts share: XML-RPC clients for the Odoo in ODOO_URL / ODOO_DB, calls that
 * answer an Odoo fault as data (the stand-in copies faults too), logging in, and saving into
 * recorded/<savePrefix><name>.json.
 */
import { writeFileSync } from "node:fs";
import xmlrpc from "xmlrpc";

export type Answer = { ok: true; value: unknown } | { ok: false; faultCode: unknown; faultString: string };
export type ExecuteKw = (
  model: string,
  method: string,
  args: unknown[],
  kwargs?: Record<string, unknown>,
) => Promise<Answer>;

/** The value of an answer; a fault is thrown (for calls the recording needs to go on). */
export function answerValue<T>(a: Answer): T {
  if (!a.ok) throw new Error(a.faultString);
  return a.value as T;
}

export function recorderConnection(options: { savePrefix?: string } = {}) {
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set (see the usage comment of the script)`);
    return v;
  };
  const url = new URL(env("ODOO_URL"));
  const db = env("ODOO_DB");
  const out = new URL("./recorded/", import.meta.url);
  const client = (path: string) => xmlrpc.createClient({ host: url.hostname, port: Number(url.port), path });
  const common = client("/xmlrpc/2/common");
  const object = client("/xmlrpc/2/object");
  const call = (c: xmlrpc.Client, method: string, params: unknown[]) =>
    new Promise<Answer>((resolve, reject) =>
      c.methodCall(method, params, (err: unknown, value: unknown) => {
        const f = err as { faultCode?: unknown; faultString?: string } | null;
        if (f && f.faultString !== undefined)
          resolve({ ok: false, faultCode: f.faultCode, faultString: f.faultString });
        else if (err) reject(err);
        else resolve({ ok: true, value });
      }),
    );
  return {
    env,
    db,
    out,
    common,
    object,
    call,
    /** The uid of a login and API key; throws when Odoo refuses them. */
    login: async (user: string, key: string): Promise<number> => {
      const uid = answerValue<number | false>(await call(common, "authenticate", [db, user, key, {}]));
      if (uid === false) throw new Error(`Odoo refused the login ${user}`);
      return uid;
    },
    /** execute_kw as the given user. */
    executeKw:
      (uid: number, key: string): ExecuteKw =>
      (model, method, args, kwargs = {}) =>
        call(object, "execute_kw", [db, uid, key, model, method, args, kwargs]),
    save: (name: string, data: unknown) =>
      writeFileSync(
        new URL(`${options.savePrefix ?? ""}${name}.json`, out),
        `${JSON.stringify(data, null, 2)}\n`,
      ),
  };
}

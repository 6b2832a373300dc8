import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo, Socket } from "node:net";
import { createModuleModels } from "./moduleModels.ts";
import { type RecordedFault, type RecordedFields, recorded, tracebackFault } from "./recordedOdoo18.ts";

const require_ = createRequire(import.meta.url);
const Serializer = require_("xmlrpc/lib/serializer") as {
  serializeMethodResponse(value: unknown): string;
  serializeFault(fault: { faultCode: number; faultString: string }): string;
};
const Deserializer = require_("xmlrpc/lib/deserializer") as new () => {
  deserializeMethodCall(
    stream: NodeJS.ReadableStream,
    cb: (err: unknown, method: string, params: unknown[]) => void,
  ): void;
};

type Rec = Record<string, unknown> & { id: number };

class Fault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(faultString);
  }
}

export interface StandInUser {
  login: string;
  apiKey: string;
  uid: number;
}

/** What an extra method sees: the stand-in's store and its helpers, to follow the built-in ones. */
export interface StandInMethodContext {
  records(model: string): Rec[];
  /** Creates like `create` does (checks fields and values, applies defaults). */
  create(model: string, values: Record<string, unknown>): number;
  /** Runs any other model method as if it were called over XML-RPC. */
  call(model: string, method: string, args: unknown[], kw?: Record<string, unknown>): unknown;
  /** A fault as Odoo 18 sends it (faultCode 1: traceback; 2: UserError/ValidationError message). */
  fault(faultCode: number, faultString: string): Error;
}

/** `(ctx, args, kwargs) => answer` for "model.method"; copy the answers from a real Odoo 18 (recorded/). */
export type StandInMethod = (
  ctx: StandInMethodContext,
  args: unknown[],
  kw: Record<string, unknown>,
) => unknown;

export interface OdooStandIn {
  url: string;
  db: string;
  user: StandInUser;
  /** Records of a model, by id (live objects: tests may read them). */
  records(model: string): Rec[];
  /**
   * Runs a model method in-process as execute_kw would (faults thrown as Error with faultCode and
   * faultString): for stand-ins of other protocols over the same records (createJson2StandIn.ts).
   */
  call(model: string, method: string, args: unknown[], kw?: Record<string, unknown>): unknown;
  /** Counts of calls by "model.method". */
  calls: Map<string, number>;
  /** Adds an internal user with the groups given by external id (test setup, not an RPC). */
  addUser(user: { login: string; name: string; email?: string; groups: string[] }): number;
  /** The next `n` requests get a TCP reset (`reset`) or an HTTP 502 page (`502`) before Odoo sees them. */
  failNext(n: number, kind: "reset" | "502"): void;
  /** The next `n` calls of `model.method` run and commit, then the connection drops without an answer. */
  commitThenDrop(n: number, model: string, method: string): void;
  /** Stops listening (connection refused) until `reachable()`; or for `ms` when given. */
  unreachable(ms?: number): void;
  reachable(): Promise<void>;
  close(): Promise<void>;
}

const now = () => new Date().toISOString().slice(0, 19).replace("T", " ");
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A local Odoo 18 for tests: a real HTTP server speaking XML-RPC on /xmlrpc/2/common and
 * /xmlrpc/2/object, keeping its records in memory. Every answer and fault it gives is one a real
 * Odoo 18 gave to the same call (recorded/*.json, made by recordOdoo.ts).
 */
export async function createOdooStandIn(
  options: {
    port?: number;
    db?: string;
    /** Also serve purchase, stock, hr_expense and account models (moduleModels.ts); a list names the installed apps. */
    modules?: boolean | string[];
    /**
     * The addon's bridge methods (order_intake >= 18.0.1.1.0: sale.order.order_intake_create_draft);
     * false: an older addon, which answers "method does not exist".
     */
    addonMethods?: boolean;
    /** More methods, by "model.method" (they win over the built-in ones). */
    methods?: Record<string, StandInMethod>;
    /**
     * The addon's "AI Drafts Owner" setting (order_intake.draft_user_id): the owner of a mailed draft
     * whose customer has no salesperson. The addon sets it to the admin (uid 2) on install.
     */
    draftOwner?: number;
  } = {},
): Promise<OdooStandIn> {
  const db = options.db ?? "standin";
  const user: StandInUser = { login: "admin", apiKey: "standin-api-key-0001", uid: 2 };
  const fields = {
    ...(recorded<{ [model: string]: RecordedFields[string] }>("fields_get") as RecordedFields),
    // res.users as the bridge's own user reads it (recordSlackApprovers.ts)
    ...(recorded("res_users_fields_get") as RecordedFields),
    // account.payment, account.journal, the report log and outbound endpoints (recordOdooReports.ts)
    ...(recorded("fields_get_reports") as RecordedFields),
    // pricelist rules as the catalog sync reads them (recordCatalogSync.ts)
    ...recorded<{ value: RecordedFields }>("catalog_pricelist_item_fields_get").value,
  };
  // languages, vendors' product lines and the translated product fields (recordCatalogLanguages.ts)
  for (const [model, f] of Object.entries(
    recorded<{ value: RecordedFields }>("catalog_lang_fields_get").value,
  ))
    fields[model] = { ...fields[model], ...f };

  // the intake log's source files (P12), as fields_get answers on Odoo 18 with that addon
  fields["order.intake.log"] = {
    ...fields["order.intake.log"],
    ...recorded<{ value: RecordedFields }>("order_intake_log_fields_get_p12").value["order.intake.log"],
  };
  const version = recorded<{ value: unknown }>("version").value;
  const store = new Map<string, Map<number, Rec>>();
  const nextId = new Map<string, number>();
  const calls = new Map<string, number>();
  const table = (model: string) => {
    let t = store.get(model);
    if (!t) {
      t = new Map();
      store.set(model, t);
    }
    return t;
  };
  const insert = (model: string, values: Record<string, unknown>): Rec => {
    const id = (nextId.get(model) ?? 0) + 1;
    nextId.set(model, id);
    const rec = { ...values, id } as Rec;
    // Odoo stamps every record (recorded: catalog_*_search_read_since)
    if (fields[model]?.write_date) {
      rec.create_date ??= now();
      rec.write_date ??= now();
    }
    table(model).set(id, rec);
    return rec;
  };

  // What a fresh Odoo 18 database with sale_management has (ids as recorded).
  insert("res.company", { name: "My Company", currency_id: 1 });
  insert("res.partner", { name: "My Company", is_company: true, ref: false });
  insert("res.partner", { name: "Administrator", is_company: false, ref: false });
  insert("res.currency", { name: "USD", active: true });
  insert("res.currency", { name: "EUR", active: true });
  insert("res.currency", { name: "GBP", active: false });
  insert("res.currency", { name: "CHF", active: false });
  insert("uom.category", { name: "Unit" });
  insert("uom.category", { name: "Weight" });
  insert("uom.uom", { name: "Units", category_id: 1, factor: 1, uom_type: "reference" });
  insert("uom.uom", { name: "kg", category_id: 2, factor: 1, uom_type: "reference" });
  insert("product.category", { name: "All" });
  // a fresh database: English active; the others are records to activate (res.lang write active)
  insert("res.lang", { code: "en_US", name: "English (US)", active: true });
  for (const [code, name] of [
    ["de_DE", "German / Deutsch"],
    ["fr_FR", "French / Français"],
    ["es_ES", "Spanish / Español"],
  ])
    insert("res.lang", { code, name, active: false });
  insert("mail.message.subtype", { name: "Discussions" });
  insert("mail.message.subtype", { name: "Note" });
  const moduleModels = options.modules
    ? createModuleModels(
        { insert, table, fault: (code, text) => new Fault(code, text) },
        Array.isArray(options.modules) ? options.modules : undefined,
      )
    : null;
  for (const [model, f] of Object.entries(moduleModels?.fields ?? {}))
    fields[model] = { ...fields[model], ...f };
  // Groups by external id, and the admin (uid 2) in the ones a fresh database with order_intake gives it.
  const groupIds = new Map<string, number>();
  const group = (xmlid: string) => {
    let id = groupIds.get(xmlid);
    if (id === undefined) {
      id = insert("res.groups", { name: xmlid }).id;
      groupIds.set(xmlid, id);
    }
    return id;
  };
  insert("res.users", {
    login: "__system__",
    name: "OdooBot",
    email: "odoobot@example.com",
    share: false,
    active: false,
    groups_id: [],
  });
  insert("res.users", {
    login: "admin",
    name: "Administrator",
    email: "admin@yourcompany.example.com",
    share: false,
    active: true,
    groups_id: [
      "base.group_user",
      "sales_team.group_sale_salesman",
      "order_intake.group_order_intake_user",
    ].map(group),
  });

  const displayName = (model: string, id: number): string => {
    const r = table(model).get(id);
    if (!r) return "";
    const name = translated({ translate: true }, r.name, "en_US");
    if (model === "product.product" && r.default_code) return `[${r.default_code}] ${name}`;
    return String(name ?? r.subject ?? r.key ?? "");
  };

  const fieldOf = (model: string, name: string) => {
    if (name === "id") return { type: "integer", string: "ID" };
    const f = fields[model]?.[name];
    if (!f) {
      throw new Fault(
        1,
        tracebackFault(
          "fault_unknown_field",
          `ValueError: Invalid field ${model}.${name} in leaf ('${name}', '=', 1)`,
        ),
      );
    }
    return f;
  };

  /**
   * A translated field holds its values per language ({en_US, de_DE, ...}, as Odoo 16+ stores them);
   * a read answers the context's language, or the en_US source where that language has none (recorded:
   * catalog_lang_product_read_*.json).
   */
  const translated = (f: { translate?: unknown }, v: unknown, lang: unknown): unknown => {
    if (!f.translate || !v || typeof v !== "object" || Array.isArray(v)) return v;
    const byLang = v as Record<string, unknown>;
    return (typeof lang === "string" ? byLang[lang] : undefined) ?? byLang.en_US;
  };
  const setTranslated = (rec: Rec, name: string, lang: string, value: unknown) => {
    const cur = rec[name];
    const byLang =
      cur && typeof cur === "object" && !Array.isArray(cur)
        ? (cur as Record<string, unknown>)
        : { en_US: cur ?? false };
    rec[name] = { ...byLang, [lang]: value };
  };

  const readValue = (model: string, rec: Rec, name: string, lang?: unknown): unknown => {
    const f = fieldOf(model, name);
    const v = translated(f as { translate?: unknown }, rec[name], lang);
    switch (f.type) {
      case "many2one":
        return typeof v === "number" && v > 0 ? [v, displayName(f.relation!, v)] : false;
      case "one2many":
      case "many2many":
        return Array.isArray(v) ? v : [];
      case "integer":
      case "many2one_reference":
        return typeof v === "number" ? v : 0;
      case "float":
      case "monetary":
        return typeof v === "number" ? v : 0;
      case "boolean":
        return v === true;
      default:
        return v === undefined || v === null || v === "" ? false : v;
    }
  };

  const like = (value: unknown, pattern: string, anchored: boolean, ci: boolean) => {
    const s = String(value === false || value === undefined ? "" : value);
    const esc = pattern
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      .replace(/%/g, ".*")
      .replace(/_/g, ".");
    return new RegExp(anchored ? `^${esc}$` : esc, ci ? "is" : "s").test(s);
  };

  const matchLeaf = (model: string, rec: Rec, leaf: unknown[]): boolean => {
    const [name, op, value] = leaf as [string, string, unknown];
    const f = fieldOf(model, name);
    let v = translated(f as { translate?: unknown }, rec[name], "en_US");
    if (f.type === "many2one" && (v === undefined || v === null)) v = false;
    if (v === undefined) v = false;
    switch (op) {
      case "=":
        return v === value || (value === false && (v === false || v === "" || v === null));
      case "!=":
        return !(v === value || (value === false && (v === false || v === "")));
      case "in":
        return (value as unknown[]).includes(v);
      case "child_of": {
        const wanted = Array.isArray(value) ? value : [value];
        let cur: unknown = v;
        for (let depth = 0; depth < 8 && typeof cur === "number"; depth++) {
          if (wanted.includes(cur)) return true;
          cur = table(f.relation ?? model).get(cur)?.parent_id;
        }
        return false;
      }
      case "not in":
        return !(value as unknown[]).includes(v);
      case "ilike":
        return like(v, `%${value}%`, false, true);
      case "like":
        return like(v, `%${value}%`, false, false);
      case "=like":
        return like(v, String(value), true, false);
      case "=ilike":
        return like(v, String(value), true, true);
      case ">":
        return (v as number) > (value as number);
      case "<":
        return (v as number) < (value as number);
      case ">=":
        return (v as number) >= (value as number);
      case "<=":
        return (v as number) <= (value as number);
      default:
        throw new Fault(
          1,
          tracebackFault(
            "fault_unknown_field",
            `ValueError: Invalid leaf ('${name}', '${op}', ${JSON.stringify(value)})`,
          ),
        );
    }
  };

  /** Polish-notation domains as Odoo takes them ('&' implicit; '|' and '!' prefix). */
  const matches = (model: string, rec: Rec, domain: unknown[]): boolean => {
    let i = 0;
    const term = (): boolean => {
      const t = domain[i++];
      if (t === "&") return term() && term();
      if (t === "|") {
        const a = term();
        const b = term();
        return a || b;
      }
      if (t === "!") return !term();
      return matchLeaf(model, rec, t as unknown[]);
    };
    while (i < domain.length) if (!term()) return false;
    return true;
  };

  const active = (model: string, rec: Rec, ctx: Record<string, unknown>) =>
    !("active" in (fields[model] ?? {})) || ctx.active_test === false || rec.active !== false;

  const search = (model: string, domain: unknown[], kw: Record<string, unknown>): Rec[] => {
    const ctx = (kw.context ?? {}) as Record<string, unknown>;
    const explicitActive = JSON.stringify(domain).includes('"active"');
    let rows = [...table(model).values()].filter(
      (r) => (explicitActive || active(model, r, ctx)) && matches(model, r, domain),
    );
    const order = String(kw.order ?? "id");
    if (/\bdesc\b/i.test(order) && order.startsWith("id")) rows = rows.reverse();
    const offset = Number(kw.offset ?? 0);
    const limit = kw.limit === undefined || kw.limit === false ? undefined : Number(kw.limit);
    return rows.slice(offset, limit === undefined ? undefined : offset + limit);
  };

  const checkValues = (model: string, values: Record<string, unknown>) => {
    for (const [name, v] of Object.entries(values)) {
      const f = fieldOf(model, name);
      if (f.type === "selection" && v !== false && f.selection && !f.selection.some(([k]) => k === v)) {
        throw new Fault(
          1,
          tracebackFault(
            "fault_create_log_bad_selection",
            `ValueError: Wrong value for ${model}.${name}: '${String(v)}'`,
          ),
        );
      }
      if (f.type === "many2one" && typeof v === "number" && !table(f.relation!).has(v)) {
        throw new Fault(
          2,
          `Record does not exist or has been deleted.\n(Record: ${f.relation}(${v},), User: ${user.uid})`,
        );
      }
    }
  };

  const mandatory = (model: string, label: string, field: string, fieldLabel: string) =>
    new Fault(
      2,
      recorded<RecordedFault>("fault_create_order_missing_partner")
        .faultString.replace("Sales Order (sale.order)", `${label} (${model})`)
        .replace("Customer (partner_id)", `${fieldLabel} (${field})`),
    );

  /** A line added to an order (create, or write's command 0), its amounts kept as Odoo computes them. */
  const addSaleLine = (rec: Record<string, unknown>, lv: Record<string, unknown>) => {
    if (lv.display_type) {
      // a section or note line: no product, no quantity, no price (sale.order.line's SQL constraints)
      const line = insert("sale.order.line", {
        order_id: rec.id,
        sequence: 10, // Odoo's default
        ...lv,
        product_id: false,
        product_uom_qty: 0,
        price_unit: 0,
        price_subtotal: 0,
      });
      (rec.order_line as number[]).push(line.id);
      return;
    }
    const product = table("product.product").get(lv.product_id as number)!;
    const qty = (lv.product_uom_qty as number) ?? 1;
    const price = (lv.price_unit as number) ?? (product.list_price as number) ?? 0;
    const line = insert("sale.order.line", {
      order_id: rec.id,
      sequence: 10, // Odoo's default
      name: lv.name ?? displayName("product.product", product.id),
      product_uom: product.uom_id ?? 1,
      ...lv,
      product_uom_qty: qty,
      price_unit: price,
      price_subtotal: qty * price,
    });
    (rec.order_line as number[]).push(line.id);
    rec.amount_untaxed = ((rec.amount_untaxed as number) ?? 0) + qty * price;
  };
  /** write's order_line commands on a sale.order: 0 (create a line) and 2 (delete one), as Odoo does. */
  const writeSaleLines = (rec: Record<string, unknown>, commands: unknown[][]) => {
    for (const [op, id, lv] of commands) {
      if (op === 0) addSaleLine(rec, (lv ?? {}) as Record<string, unknown>);
      else if (op === 2) {
        const line = table("sale.order.line").get(id as number);
        if (!line) {
          throw new Fault(
            2,
            `Record does not exist or has been deleted.\n(Record: sale.order.line(${id},), User: ${user.uid})`,
          );
        }
        table("sale.order.line").delete(id as number);
        rec.order_line = (rec.order_line as number[]).filter((l) => l !== id);
        rec.amount_untaxed = ((rec.amount_untaxed as number) ?? 0) - ((line.price_subtotal as number) ?? 0);
      } else throw new Error(`the stand-in does not implement the x2many command ${String(op)}`);
    }
  };

  const createOne = (model: string, values: Record<string, unknown>): number => {
    const v = { ...values };
    const created = moduleModels?.create(model, v);
    if (created !== undefined) return created;
    if (model === "sale.order") {
      const lines = (v.order_line ?? []) as unknown[][];
      delete v.order_line;
      if (!v.partner_id) throw mandatory(model, "Sales Order", "partner_id", "Customer");
      // order_intake >= 18.0.1.1.0: unique(order_intake_message_id) (recorded answer to a second create)
      if (
        v.order_intake_message_id &&
        [...table(model).values()].some((r) => r.order_intake_message_id === v.order_intake_message_id)
      ) {
        throw new Fault(2, recorded<RecordedFault>("fault_create_duplicate_message_id").faultString);
      }
      checkValues(model, v);
      for (const cmd of lines) checkValues("sale.order.line", (cmd[2] ?? {}) as Record<string, unknown>);
      const seq = (nextId.get(model) ?? 0) + 1;
      const rec = insert(model, {
        name: `S${String(seq).padStart(5, "0")}`,
        state: "draft",
        company_id: 1,
        currency_id: v.pricelist_id
          ? table("product.pricelist").get(v.pricelist_id as number)?.currency_id
          : 1,
        date_order: now(),
        partner_invoice_id: v.partner_id,
        partner_shipping_id: v.partner_id,
        ...v,
        order_line: [],
        amount_untaxed: 0,
      });
      for (const cmd of lines) addSaleLine(rec, (cmd[2] ?? {}) as Record<string, unknown>);
      return rec.id;
    }
    if (model === "order.intake.product.alias") {
      if (typeof v.key === "string") v.key = v.key.split(/\s+/).filter(Boolean).join(" ");
      const dup = [...table(model).values()].some((r) => r.partner_id === v.partner_id && r.key === v.key);
      if (dup) throw new Fault(2, recorded<RecordedFault>("fault_alias_duplicate").faultString);
      v.active ??= true;
    }
    if (model === "order.intake.report") {
      // unique(company_id, bridge_run_id) (recorded: fault_order_intake_report_duplicate_run)
      v.company_id ??= 1;
      const dup = [...table(model).values()].some(
        (r) => v.bridge_run_id && r.bridge_run_id === v.bridge_run_id && r.company_id === v.company_id,
      );
      if (dup)
        throw new Fault(2, recorded<RecordedFault>("fault_order_intake_report_duplicate_run").faultString);
      v.state ??= "pending";
      v.kind ??= "scheduled";
    }
    if (model === "order.intake.log") {
      v.status ??= "done";
      v.company_id ??= 1;
      // the addon: an entry created for a Message-ID that has a pending one completes that one
      const pending =
        typeof v.message_id === "string" && v.message_id && v.status !== "pending"
          ? [...table(model).values()].find((l) => l.message_id === v.message_id && l.status === "pending")
          : undefined;
      if (pending) {
        checkValues(model, v);
        Object.assign(pending, v, { id: pending.id });
        return pending.id;
      }
    }
    if (model === "ir.attachment") {
      const raw = Buffer.from(String(v.datas ?? ""), "base64");
      v.file_size = raw.length;
      v.type = "binary";
      v.mimetype ??= /\.eml$/.test(String(v.name))
        ? "message/rfc822"
        : /\.pdf$/.test(String(v.name))
          ? "application/pdf"
          : "application/octet-stream";
    }
    if (model === "product.product") {
      v.active ??= true;
      v.uom_id ??= 1;
      // recorded (catalog_product_search_read_since): category All, the company currency, lst_price
      v.categ_id ??= 1;
      v.currency_id ??= 1;
      v.lst_price = v.list_price ?? 0;
      // recorded (catalog_product_template_read): every variant has its template
      v.product_tmpl_id ??= insert("product.template", { name: v.name, list_price: v.list_price ?? 0 }).id;
    }
    if (model === "product.pricelist.item") {
      // recorded (catalog_pricelist_item_search_read): the pricelist's currency, the variant's template
      const pricelist = table("product.pricelist").get(v.pricelist_id as number);
      v.currency_id ??= pricelist?.currency_id;
      const variant =
        typeof v.product_id === "number" ? table("product.product").get(v.product_id) : undefined;
      if (variant) v.product_tmpl_id ??= variant.product_tmpl_id;
      v.applied_on ??= "3_global";
      v.compute_price ??= "fixed";
    }
    if (model === "res.partner") {
      v.active ??= true;
      v.customer_rank ??= 0;
      v.supplier_rank ??= 0;
      v.lang ??= "en_US";
      // recorded (catalog_partner_search_read_since): a contact belongs to its parent's company and
      // shows its VAT number; a company is its own commercial partner
      const parent = typeof v.parent_id === "number" ? table("res.partner").get(v.parent_id) : undefined;
      if (parent) v.vat ??= parent.vat;
    }
    // one2many create commands of the log's source files: ir.attachment rows on the new entry
    const files = model === "order.intake.log" ? ((v.attachment_ids ?? []) as unknown[][]) : [];
    if (model === "order.intake.log") delete v.attachment_ids;
    checkValues(model, v);
    const rec = insert(model, v);
    if (files.length > 0) {
      rec.attachment_ids = files
        .filter((cmd) => cmd[0] === 0)
        .map((cmd) => createOne("ir.attachment", { ...(cmd[2] as object), res_id: rec.id }));
    }
    if (model === "res.partner") {
      const parent = typeof v.parent_id === "number" ? table("res.partner").get(v.parent_id) : undefined;
      rec.commercial_partner_id = parent ? (parent.commercial_partner_id ?? parent.id) : rec.id;
    }
    return rec.id;
  };

  const ids = (arg: unknown): number[] => (Array.isArray(arg) ? (arg as number[]) : [arg as number]);

  const execute = (model: string, method: string, args: unknown[], kw: Record<string, unknown>): unknown => {
    if (!fields[model] && !["res.company", "uom.category", "mail.message.subtype"].includes(model)) {
      throw new Fault(
        2,
        recorded<RecordedFault>("fault_unknown_model").faultString.replace("no.such.model", model),
      );
    }
    const ctx = (kw.context ?? {}) as Record<string, unknown>;
    const extra = methods[`${model}.${method}`];
    if (extra) return extra(methodContext, args, kw);
    switch (method) {
      case "fields_get": {
        const attrs = kw.attributes as string[] | undefined;
        const out: Record<string, unknown> = {};
        for (const [name, f] of Object.entries(fields[model]!)) {
          out[name] = attrs ? Object.fromEntries(Object.entries(f).filter(([k]) => attrs.includes(k))) : f;
        }
        return out;
      }
      case "search":
        return search(model, args[0] as unknown[], kw).map((r) => r.id);
      case "search_count":
        return search(model, args[0] as unknown[], { ...kw, limit: undefined }).length;
      case "search_read": {
        const names = (kw.fields as string[] | undefined) ?? ["id"];
        return search(model, args[0] as unknown[], kw).map((r) =>
          Object.fromEntries([
            ["id", r.id],
            ...names.filter((n) => n !== "id").map((n) => [n, readValue(model, r, n, ctx.lang)]),
          ]),
        );
      }
      case "read": {
        const names = (kw.fields as string[] | undefined) ?? (args[1] as string[] | undefined) ?? ["id"];
        // A real Odoo 18 answers [] for ids that do not exist (recorded: fault_read_missing).
        return ids(args[0])
          .map((id) => table(model).get(id))
          .filter((r): r is Rec => Boolean(r))
          .map((r) =>
            Object.fromEntries([
              ["id", r.id],
              ...names.filter((n) => n !== "id").map((n) => [n, readValue(model, r, n, ctx.lang)]),
            ]),
          );
      }
      case "create": {
        if (Array.isArray(args[0]))
          return (args[0] as Record<string, unknown>[]).map((v) => createOne(model, v));
        return createOne(model, args[0] as Record<string, unknown>);
      }
      case "write": {
        const values = args[1] as Record<string, unknown>;
        checkValues(model, values);
        for (const id of ids(args[0])) {
          const r = table(model).get(id);
          if (!r)
            throw new Fault(
              2,
              `Record does not exist or has been deleted.\n(Record: ${model}(${id},), User: ${user.uid})`,
            );
          for (const [name, value] of Object.entries(values)) {
            if (model === "sale.order" && name === "order_line") {
              writeSaleLines(r, value as unknown[][]);
              continue;
            }
            const f = fields[model]?.[name] as { translate?: unknown } | undefined;
            if (f?.translate && typeof ctx.lang === "string" && ctx.lang !== "en_US")
              setTranslated(r, name, ctx.lang, value);
            else if (f?.translate && r[name] && typeof r[name] === "object")
              setTranslated(r, name, "en_US", value);
            else r[name] = value;
          }
          if (fields[model]?.write_date) r.write_date = now();
          if (model === "product.product" && "list_price" in values) r.lst_price = values.list_price;
        }
        return true;
      }
      case "action_confirm": {
        const recs = ids(args[0]).map((id) => table(model).get(id)!);
        if (recs.some((r) => r.state !== "draft" && r.state !== "sent")) {
          throw new Fault(2, recorded<RecordedFault>("fault_action_confirm_again").faultString);
        }
        for (const r of recs) r.state = "sale";
        return true;
      }
      case "action_cancel": {
        const recs = ids(args[0]).map((id) => table(model).get(id)!);
        if (!ctx.disable_cancel_warning && recs.some((r) => r.state !== "draft")) {
          const wizard = recorded<{ value: Record<string, unknown> }>(
            "sale_order_action_cancel_wizard",
          ).value;
          return { ...wizard, context: { ...(wizard.context as object), default_order_id: recs[0]!.id } };
        }
        for (const r of recs) r.state = "cancel";
        return true;
      }
      case "has_group": {
        // A real Odoo 18 answers false for a group of a module that is not installed (recorded).
        const [uid] = ids(args[0]);
        const u = table(model).get(uid!);
        const gid = groupIds.get(String(args[1] ?? kw.group_ext_id));
        return Boolean(u && gid !== undefined && (u.groups_id as number[] | undefined)?.includes(gid));
      }
      case "message_post": {
        const [resId] = ids(args[0]);
        if (!table(model).has(resId!)) {
          throw new Fault(
            2,
            `Record does not exist or has been deleted.\n(Record: ${model}(${resId},), User: ${user.uid})`,
          );
        }
        if (kw.attachments && (kw.attachments as unknown[]).length > 0) {
          throw new Fault(1, recorded<RecordedFault>("fault_message_post_binary_attachment").faultString);
        }
        const attachmentIds = (kw.attachment_ids as number[] | undefined) ?? [];
        for (const a of attachmentIds)
          Object.assign(table("ir.attachment").get(a) ?? {}, { res_model: model, res_id: resId });
        // Odoo escapes a str body and wraps it in <p> (recorded: mail_message_read); with body_is_html it
        // keeps the (sanitized) HTML as given (recorded: mail_message_read_reply_html).
        return insert("mail.message", {
          body: kw.body_is_html ? String(kw.body ?? "") : `<p>${escapeHtml(String(kw.body ?? ""))}</p>`,
          model,
          res_id: resId,
          message_type: kw.message_type ?? "notification",
          subtype_id: kw.subtype_xmlid === "mail.mt_note" ? 2 : 1,
          attachment_ids: [...attachmentIds].reverse(),
        }).id;
      }
      default: {
        const answer = moduleModels?.call(model, method, ids(args[0]));
        if (answer) return answer.value;
        throw new Fault(
          1,
          tracebackFault(
            "fault_unknown_method",
            `AttributeError: The method '${model}.${method}' does not exist`,
          ),
        );
      }
    }
  };

  /**
   * sale.order.order_intake_create_draft(vals, attachments, note, log_vals) of the addon, in one
   * "transaction" (nothing is kept when a step faults). Answers as recorded:
   * sale_order_order_intake_create_draft(_again).
   */
  const createDraft: StandInMethod = (_c, args, kw) => {
    // positional (execute_kw args) or named (kwargs), as Python binds them
    const named = ["vals", "attachments", "note", "log_vals"].map((k, i) => (k in kw ? kw[k] : args[i]));
    const [vals, attachments, note, logVals] = named as [
      Record<string, unknown>,
      Array<{ name: string; datas: string; mimetype?: string }> | undefined,
      string | false | undefined,
      Record<string, unknown> | false | undefined,
    ];
    const key = vals?.order_intake_message_id;
    if (!key) throw new Fault(2, "order_intake_create_draft needs order_intake_message_id.");
    // Rolled back on a fault: what this call created is removed again.
    const before = new Map(nextId);
    try {
      let order = [...table("sale.order").values()].find((r) => r.order_intake_message_id === key);
      const created = !order;
      if (!order) {
        // the addon's owner: the given one (uploader), else the customer's salesperson, else the setting
        const partner = table("res.partner").get(vals.partner_id as number);
        const commercial = partner
          ? table("res.partner").get((partner.commercial_partner_id as number) ?? partner.id)
          : undefined;
        const owner =
          vals.user_id ||
          partner?.user_id ||
          commercial?.user_id ||
          (options.draftOwner && table("res.users").has(options.draftOwner) ? options.draftOwner : 2);
        order = table("sale.order").get(createOne("sale.order", { ...vals, user_id: owner }))!;
      }
      const orderId = order.id;
      let logId = typeof order.order_intake_log_id === "number" ? order.order_intake_log_id : undefined;
      if (logVals) {
        logId ??= created
          ? undefined
          : [...table("order.intake.log").values()].find(
              (l) => l.res_model === "sale.order" && l.res_id === orderId,
            )?.id;
        const { reuse_log_id: reuseId, ...vals } = logVals as Record<string, unknown>;
        const reuse = typeof reuseId === "number" ? table("order.intake.log").get(reuseId) : undefined;
        if (logId === undefined && reuse && !reuse.res_id) {
          Object.assign(reuse, vals, { res_model: "sale.order", res_id: orderId, error: false });
          logId = reuse.id;
        }
        logId ??= createOne("order.intake.log", { ...vals, res_model: "sale.order", res_id: orderId });
        order.order_intake_log_id = logId;
      }
      const existing = [...table("ir.attachment").values()].filter(
        (a) => a.res_model === "sale.order" && a.res_id === orderId,
      );
      const have = new Set(existing.map((a) => a.name));
      const attachmentIds = existing.map((a) => a.id);
      for (const a of attachments ?? []) {
        if (!a.name || have.has(a.name)) continue;
        attachmentIds.push(createOne("ir.attachment", { ...a, res_model: "sale.order", res_id: orderId }));
      }
      const hasNote = [...table("mail.message").values()].some(
        (m) =>
          m.model === "sale.order" && m.res_id === orderId && /Order Intake extraction/i.test(String(m.body)),
      );
      if (note && (created || !hasNote)) {
        execute("sale.order", "message_post", [[orderId]], {
          body: note,
          message_type: "comment",
          subtype_xmlid: "mail.mt_note",
          attachment_ids: attachmentIds,
        });
      }
      return {
        id: orderId,
        name: order.name,
        log_id: logId ?? false,
        created,
        attachment_ids: attachmentIds,
      };
    } catch (e) {
      for (const [model, last] of nextId) {
        const keep = before.get(model) ?? 0;
        for (const id of [...table(model).keys()]) if (id > keep) table(model).delete(id);
        if (last > keep) nextId.set(model, keep);
      }
      throw e;
    }
  };

  /** model.update_field_translations(ids, field, {lang: value}): answers true (recorded). */
  const updateFieldTranslations =
    (model: string): StandInMethod =>
    (_ctx, args) => {
      const [idList, name, translations] = args as [number[], string, Record<string, unknown>];
      fieldOf(model, name);
      for (const id of ids(idList)) {
        const r = table(model).get(id);
        if (!r) continue;
        // the stand-in keeps a variant's name on the variant too: a template's translation is its variants'
        const targets =
          model === "product.template"
            ? [r, ...[...table("product.product").values()].filter((v) => v.product_tmpl_id === id)]
            : [r];
        for (const t of targets)
          for (const [lang, value] of Object.entries(translations)) setTranslated(t, name, lang, value);
      }
      return recorded<{ value: unknown }>("catalog_lang_update_field_translations").value;
    };

  const methods: Record<string, StandInMethod> = {
    "product.template.update_field_translations": updateFieldTranslations("product.template"),
    "product.product.update_field_translations": updateFieldTranslations("product.product"),
    ...(options.addonMethods === false ? {} : { "sale.order.order_intake_create_draft": createDraft }),
    ...options.methods,
  };
  const methodContext: StandInMethodContext = {
    records: (model) => [...table(model).values()],
    create: (model, values) => createOne(model, values),
    call: (model, method, args, kw = {}) => execute(model, method, args, kw),
    fault: (faultCode, faultString) => new Fault(faultCode, faultString),
  };

  const dispatch = (path: string, method: string, params: unknown[]): unknown => {
    if (path === "/xmlrpc/2/common") {
      if (method === "version") return version;
      if (method === "authenticate" || method === "login") {
        const [d, login, key] = params as string[];
        return d === db && login === user.login && key === user.apiKey ? user.uid : false;
      }
    }
    if (path === "/xmlrpc/2/object" && method === "execute_kw") {
      const [d, uid, key, model, m, args, kw] = params as [
        string,
        number,
        string,
        string,
        string,
        unknown[],
        Record<string, unknown>?,
      ];
      if (d !== db || uid !== user.uid || key !== user.apiKey) {
        throw new Fault(3, recorded<RecordedFault>("execute_kw_bad_credentials").faultString);
      }
      const k = `${model}.${m}`;
      calls.set(k, (calls.get(k) ?? 0) + 1);
      return execute(model, m, args ?? [], kw ?? {});
    }
    throw new Fault(1, tracebackFault("fault_unknown_field", `Exception: No such method ${path} ${method}`));
  };

  let failures: Array<"reset" | "502"> = [];
  const drops: Array<{ key: string; left: number }> = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const next = failures.shift();
    if (next === "reset") {
      req.socket.resetAndDestroy();
      return;
    }
    if (next === "502") {
      res
        .writeHead(502, { "Content-Type": "text/html" })
        .end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    }
    if (!(req.url ?? "").startsWith("/xmlrpc/")) {
      // Odoo 18 has neither /web/version (404, a page) nor /json/2 (a POST there ends on the web
      // client's HTML page, status 200): recorded by recordVersionProbes.ts
      const probes =
        recorded<Record<string, { status: number; contentType: string; body: string }>>(
          "version_probes_xmlrpc",
        );
      const answer = (req.url ?? "").startsWith("/json/2/") ? probes.json2_context_get! : probes.web_version!;
      res.writeHead(answer.status, { "Content-Type": answer.contentType }).end(answer.body);
      return;
    }
    new Deserializer().deserializeMethodCall(req, (err, method, params) => {
      let xml: string;
      let drop = false;
      if (err) {
        xml = Serializer.serializeFault({ faultCode: 1, faultString: String(err) });
      } else {
        try {
          const value = dispatch(req.url ?? "", method, params);
          const p = params as unknown[];
          const key = `${String(p[3])}.${String(p[4])}`;
          const d = drops.find((x) => x.key === key && x.left > 0);
          if (d) {
            d.left--;
            drop = true;
          }
          xml = Serializer.serializeMethodResponse(value === undefined || value === null ? false : value);
        } catch (e) {
          if (!(e instanceof Fault)) throw e;
          xml = Serializer.serializeFault({ faultCode: e.faultCode, faultString: e.faultString });
        }
      }
      if (drop) {
        req.socket.resetAndDestroy();
        return;
      }
      res.writeHead(200, {
        "Content-Type": "text/xml; charset=utf-8",
        "Content-Length": Buffer.byteLength(xml),
      });
      res.end(xml);
    });
  });
  server.keepAliveTimeout = 5000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);
  let down = false;
  let downTimer: NodeJS.Timeout | undefined;
  const standIn: OdooStandIn = {
    url: `http://127.0.0.1:${port}`,
    db,
    user,
    calls,
    call: (model, method, args, kw = {}) => {
      const k = `${model}.${method}`;
      calls.set(k, (calls.get(k) ?? 0) + 1);
      return execute(model, method, args, kw);
    },
    records: (model) => [...table(model).values()],
    addUser: (u) =>
      insert("res.users", {
        login: u.login,
        name: u.name,
        email: u.email ?? u.login,
        share: false,
        active: true,
        groups_id: u.groups.map(group),
      }).id,
    failNext(n, kind) {
      failures = [...failures, ...Array.from({ length: n }, () => kind)];
    },
    commitThenDrop(n, model, method) {
      drops.push({ key: `${model}.${method}`, left: n });
    },
    unreachable(ms) {
      if (!down) {
        down = true;
        server.close();
        for (const s of sockets) s.destroy();
      }
      if (ms !== undefined) {
        clearTimeout(downTimer);
        downTimer = setTimeout(() => void standIn.reachable(), ms);
      }
    },
    async reachable() {
      if (!down) return;
      down = false;
      await listen(port);
    },
    async close() {
      clearTimeout(downTimer);
      for (const s of sockets) s.destroy();
      if (!down) await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return standIn;
}

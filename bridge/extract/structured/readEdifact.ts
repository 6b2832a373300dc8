import type {
  ParsedDocumentKind,
  ParsedLine,
  ParsedOrder,
  PartyIdentifiers,
  Provenance,
} from "../pipeline/parsedOrder.ts";
import { addPartyId, isGln } from "./xmlValues.ts";

/**
 * UN/EDIFACT ORDERS (D.96A, EANCOM ORDERS EAN008/EAN010, D.01B) and the messages around it (ORDCHG,
 * ORDRSP, REQOTE, INVOIC): UNA/UNB/UNH/BGM/DTM/RFF/NAD/CTA/COM/CUX/LIN/PIA/IMD/QTY/PRI/MOA/TAX/ALC/PCD/
 * UNS/CNT/UNT/UNZ, with the separators of UNA (release character included). One ParsedOrder per UNH
 * message. Bounded by size and segment count; never throws on content.
 */

export interface EdifactLimits {
  maxBytes: number;
  maxSegments: number;
}

export const defaultEdifactLimits: EdifactLimits = { maxBytes: 5 * 1024 * 1024, maxSegments: 100_000 };

interface Separators {
  component: string;
  element: string;
  decimal: string;
  release: string;
  segment: string;
}

/** A segment: its tag and elements, each a list of components (release characters removed). */
export interface Segment {
  tag: string;
  elements: string[][];
  /** Index of the segment in the interchange (0-based), for provenance. */
  index: number;
  raw: string;
}

/**
 * The text of EDIFACT bytes: UTF-8 when they are valid UTF-8 (syntax UNOW / UNOY, or plain ASCII),
 * else ISO 8859-1 (UNOC, the EANCOM default, and its neighbours).
 */
export function decodeEdifact(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return bytes.toString("latin1");
  }
}

/** Where an interchange starts in a text (an attachment or an email body); -1 when none. */
export function findEdifactStart(text: string): number {
  const m =
    /(?:^|[\s'])(UNA.{6}|UNB\+UNO[A-Z]:\d|UNH\+[^+']{1,35}\+(?:ORDERS|ORDCHG|ORDRSP|REQOTE|INVOIC):)/.exec(
      text.slice(0, 200_000),
    );
  if (!m) return -1;
  const start = m.index + (m[0].startsWith("UN") ? 0 : 1);
  // a message must follow: a mention of "UNB+" in prose is not an interchange
  return /UNH\+[^+']*\+(ORDERS|ORDCHG|ORDRSP|REQOTE|INVOIC)\b/.test(text.slice(start, start + 100_000))
    ? start
    : -1;
}

/** Splits an interchange into segments, honouring UNA and the release character. */
export function splitSegments(text: string, maxSegments: number): Segment[] | null {
  let body = text;
  const sep: Separators = { component: ":", element: "+", decimal: ".", release: "?", segment: "'" };
  if (body.startsWith("UNA")) {
    const una = body.slice(3, 9);
    sep.component = una[0] ?? ":";
    sep.element = una[1] ?? "+";
    sep.decimal = una[2] ?? ".";
    sep.release = una[3] === " " ? "" : (una[3] ?? "?");
    sep.segment = una[5] ?? "'";
    body = body.slice(9);
  }
  const segments: Segment[] = [];
  let elements: string[][] = [];
  let components: string[] = [];
  let cur = "";
  let raw = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (sep.release && ch === sep.release && i + 1 < body.length) {
      cur += body[i + 1];
      raw += ch + body[i + 1];
      i++;
      continue;
    }
    if (ch === sep.segment) {
      components.push(cur);
      elements.push(components);
      const tag = (elements[0]?.[0] ?? "").trim();
      if (tag) {
        segments.push({ tag, elements: elements.slice(1), index: segments.length, raw: raw.trim() });
        if (segments.length > maxSegments) return null;
      }
      elements = [];
      components = [];
      cur = "";
      raw = "";
      continue;
    }
    if ((ch === "\n" || ch === "\r") && cur === "" && components.length === 0 && elements.length === 0)
      continue;
    raw += ch;
    if (ch === sep.element) {
      components.push(cur);
      elements.push(components);
      components = [];
      cur = "";
    } else if (ch === sep.component) {
      components.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (sep.decimal !== ".") {
    for (const s of segments)
      if (["QTY", "PRI", "MOA", "TAX", "PCD"].includes(s.tag))
        s.elements = s.elements.map((e) => e.map((c) => (/^-?\d+,\d*$/.test(c) ? c.replace(",", ".") : c)));
  }
  return segments;
}

const comp = (s: Segment, e: number, c = 0): string => (s.elements[e]?.[c] ?? "").trim();
const num = (t: string): number | null => {
  if (!/^-?\d+(\.\d+)?$/.test(t.replace(",", "."))) return null;
  return Number(t.replace(",", "."));
};

function ediDate(value: string, format: string): string | null {
  const v = value.trim();
  if ((format === "102" || format === "203" || format === "204" || !format) && /^\d{8}/.test(v))
    return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  if (format === "101" && /^\d{6}$/.test(v)) return `20${v.slice(0, 2)}-${v.slice(2, 4)}-${v.slice(4, 6)}`;
  if (format === "718" && /^\d{8}/.test(v)) return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  return null;
}

const KIND: Record<string, ParsedDocumentKind> = {
  ORDERS: "order",
  ORDCHG: "order_change",
  ORDRSP: "order_response",
  REQOTE: "request_for_quotation",
  INVOIC: "invoice",
};

/** EDIFACT line quantity qualifiers that are the ordered / invoiced quantity. */
const LINE_QTY = new Set(["21", "47", "12", "113", "46", "61"]);

function party(s: Segment): PartyIdentifiers {
  const p: PartyIdentifiers = {};
  const id = comp(s, 1, 0);
  const agency = comp(s, 1, 2);
  if (id) {
    if (agency === "9" || (agency === "" && isGln(id))) {
      p.gln = id;
      addPartyId(p, "0088", id);
    } else addPartyId(p, agency ? `EDI${agency}` : null, id);
  }
  const name = [s.elements[3], s.elements[2]]
    .map((e) =>
      (e ?? [])
        .map((x) => x.trim())
        .filter(Boolean)
        .join(" "),
    )
    .find(Boolean);
  p.name = name || null;
  const street = (s.elements[4] ?? [])
    .map((x) => x.trim())
    .filter(Boolean)
    .join(", ");
  const address = {
    name: p.name,
    street: street || null,
    city: comp(s, 5) || null,
    zip: comp(s, 7) || null,
    country: comp(s, 8) || null,
  };
  if (address.street || address.city || address.zip) p.address = address;
  return p;
}

function readMessage(segs: Segment[], source: string, version: string, type: string): ParsedOrder {
  const prov = (s: Segment, field: string): Provenance => ({
    reader: "edifact",
    source,
    row: s.index,
    field,
    text: s.raw.slice(0, 200),
  });
  const kindFor = KIND[type] ?? "unknown";
  const order: ParsedOrder = {
    reader: "edifact",
    standard: `EDIFACT ${version} ${type}`,
    structured: true,
    source,
    documentKind: kindFor,
    documentNumber: null,
    orderDate: null,
    deliveryDate: null,
    currency: null,
    buyer: null,
    seller: null,
    deliveryAddress: null,
    orderReference: null,
    lines: [],
    charges: [],
    taxes: [],
    totals: {},
    reasons: [],
    from: {},
  };
  let line: ParsedLine | null = null;
  /** Which group the last NAD / ALC / TAX opened, so that RFF, CTA, COM, MOA and PCD attach to it. */
  let group: "header" | "nad" | "line" | "alc" | "tax" | "summary" = "header";
  let nad: PartyIdentifiers | null = null;
  let alc: {
    charge: boolean;
    reason: string | null;
    amount: number;
    percent: number | null;
    onLine: boolean;
  } | null = null;
  let tax: {
    percent: number | null;
    base: number | null;
    amount: number | null;
    category: string | null;
  } | null = null;
  const closeAlc = () => {
    if (!alc) return;
    if (alc.onLine && line) {
      line.allowances ??= [];
      line.allowances.push({
        charge: alc.charge,
        reason: alc.reason,
        amount: alc.amount,
        percent: alc.percent,
      });
      if (!alc.charge && alc.percent !== null && line.allowances.length === 1)
        line.discountPercent = alc.percent;
    } else if (!alc.onLine)
      order.charges!.push({ charge: alc.charge, reason: alc.reason, amount: alc.amount });
    alc = null;
  };
  const pushLine = () => {
    closeAlc();
    if (line) order.lines.push(line);
    line = null;
  };
  for (const s of segs) {
    switch (s.tag) {
      case "BGM": {
        const doc = comp(s, 0);
        const fn = comp(s, 2);
        order.documentNumber = comp(s, 1) || null;
        if (order.documentNumber) order.from!.documentNumber = prov(s, "BGM/C106/1004");
        if (type === "ORDERS") {
          if (fn === "1" || fn === "3") order.documentKind = "order_cancellation";
          else if (fn === "4" || fn === "5" || doc === "230") order.documentKind = "order_change";
        }
        if (type === "INVOIC" && (doc === "381" || doc === "396")) order.documentKind = "credit_note";
        break;
      }
      case "DTM": {
        const [q, v, f] = [comp(s, 0, 0), comp(s, 0, 1), comp(s, 0, 2)];
        const iso = ediDate(v, f);
        if (!iso) break;
        if (line && ["2", "64", "63", "69", "10"].includes(q)) {
          (line as ParsedLine).deliveryDate ??= iso;
          (line as ParsedLine).from.deliveryDate ??= prov(s, `DTM+${q}`);
        } else if (q === "137" || q === "4" || q === "3") {
          order.orderDate ??= iso;
          order.from!.orderDate ??= prov(s, `DTM+${q}`);
        } else if (["2", "64", "63", "69", "10", "17", "35"].includes(q)) {
          order.deliveryDate ??= iso;
          order.from!.deliveryDate ??= prov(s, `DTM+${q}`);
        } else if (q === "13") order.dueDate ??= iso;
        break;
      }
      case "RFF": {
        const [q, v] = [comp(s, 0, 0), comp(s, 0, 1)];
        if (group === "nad" && nad && v) {
          if (q === "VA") nad.vat ??= v.replace(/\s/g, "").toUpperCase();
          else addPartyId(nad, q, v);
        } else if (!line && v && (q === "ON" || q === "CO")) {
          // the buyer's order these refer to (ORDCHG, ORDRSP, INVOIC)
          order.orderReference ??= v;
        }
        break;
      }
      case "NAD": {
        pushLine();
        group = "nad";
        const q = comp(s, 0);
        nad = party(s);
        if (q === "BY") order.buyer = nad;
        else if (q === "SU" || q === "SE") order.seller ??= nad;
        else if (q === "DP" || q === "ST")
          order.deliveryAddress = nad.address ?? (nad.name ? { name: nad.name } : null);
        else if (q === "IV" && !order.buyer) order.buyer = nad;
        break;
      }
      case "COM": {
        if (group === "nad" && nad && comp(s, 0, 1) === "EM") nad.email ??= comp(s, 0, 0);
        break;
      }
      case "CUX": {
        const c = comp(s, 0, 1);
        if (c && !order.currency) {
          order.currency = c.toUpperCase();
          order.from!.currency = prov(s, "CUX+2");
        }
        break;
      }
      case "LIN": {
        pushLine();
        group = "line";
        const id = comp(s, 2, 0);
        const idType = comp(s, 2, 1);
        line = {
          position: comp(s, 0) || String(order.lines.length + 1),
          code: null,
          customerSku: null,
          barcode: null,
          description: "",
          quantity: null,
          unit: null,
          unitCode: null,
          unitPrice: null,
          amount: null,
          from: {},
        };
        const l = line as ParsedLine;
        l.from.position = prov(s, "LIN/1082");
        if (id) {
          if (/^(EN|SRV|UP|EAN|GTIN)$/i.test(idType) || (!idType && /^\d{8,14}$/.test(id))) {
            l.barcode = id;
            l.from.barcode = prov(s, "LIN/C212/7140");
          } else if (idType === "BP" || idType === "IN") {
            l.customerSku = id;
            l.from.customerSku = prov(s, "LIN/C212/7140");
          } else {
            l.code = id;
            l.from.code = prov(s, "LIN/C212/7140");
          }
        }
        break;
      }
      case "PIA": {
        if (!line) break;
        const l = line as ParsedLine;
        for (const e of s.elements.slice(1)) {
          const [id, q] = [(e[0] ?? "").trim(), (e[1] ?? "").trim()];
          if (!id) continue;
          if ((q === "SA" || q === "MF") && !l.code) {
            l.code = id;
            l.from.code = prov(s, `PIA/${q}`);
          } else if ((q === "BP" || q === "IN") && !l.customerSku) {
            l.customerSku = id;
            l.from.customerSku = prov(s, `PIA/${q}`);
          } else if ((q === "EN" || q === "SRV") && !l.barcode) {
            l.barcode = id;
            l.from.barcode = prov(s, `PIA/${q}`);
          }
        }
        break;
      }
      case "IMD": {
        const text = (s.elements[2] ?? [])
          .slice(3)
          .map((x) => x.trim())
          .filter(Boolean)
          .join(" ");
        if (line && text) {
          const l = line as ParsedLine;
          l.description = l.description ? `${l.description} ${text}` : text;
          l.from.description ??= prov(s, "IMD/C273/7008");
        }
        break;
      }
      case "QTY": {
        if (!line) break;
        const l = line as ParsedLine;
        const [q, v, u] = [comp(s, 0, 0), comp(s, 0, 1), comp(s, 0, 2)];
        if (!LINE_QTY.has(q) || l.quantity !== null) break;
        l.quantity = num(v);
        l.from.quantity = prov(s, `QTY+${q}`);
        if (u) {
          l.unit = u;
          l.unitCode = u;
          l.from.unit = prov(s, `QTY+${q}/6411`);
        }
        break;
      }
      case "PRI": {
        if (!line) break;
        const l = line as ParsedLine;
        const [q, v] = [comp(s, 0, 0), comp(s, 0, 1)];
        const price = num(v);
        // AAA is the net price; AAB the gross (used only when no net price is stated)
        if (price === null || (q !== "AAA" && q !== "AAB" && q !== "INV" && q !== "CAL")) break;
        if (q !== "AAA" && l.unitPrice !== null) break;
        l.unitPrice = price;
        l.from.unitPrice = prov(s, `PRI+${q}`);
        const basis = num(comp(s, 0, 4));
        if (basis !== null && basis > 0 && basis !== 1) {
          l.priceBase = basis;
          l.from.priceBase = prov(s, `PRI+${q}/5284`);
        }
        break;
      }
      case "MOA": {
        const [q, v] = [comp(s, 0, 0), comp(s, 0, 1)];
        const amount = num(v);
        if (amount === null) break;
        if (group === "alc" && alc && (q === "204" || q === "23" || q === "8" || q === "131")) {
          alc.amount = amount;
        } else if (group === "tax" && tax && (q === "124" || q === "150" || q === "176")) {
          tax.amount = amount;
        } else if (group === "tax" && tax && q === "125") {
          tax.base = amount;
        } else if (line && (q === "203" || q === "66")) {
          (line as ParsedLine).amount = amount;
          (line as ParsedLine).from.amount = prov(s, `MOA+${q}`);
        } else if (group === "summary" || !line) {
          const t = order.totals!;
          if (q === "79") t.lineExtension = amount;
          else if (q === "125") t.taxExclusive = amount;
          else if (q === "124" || q === "176") t.tax = amount;
          else if (q === "77" || q === "128") t.taxInclusive = amount;
          else if (q === "86" || q === "9") t.payable = amount;
          order.from!.totals ??= prov(s, `MOA+${q}`);
        }
        break;
      }
      case "TAX": {
        const percent = num(comp(s, 4, 3));
        if (line && percent !== null) (line as ParsedLine).taxPercent = percent;
        if (group === "summary" || (!line && group !== "nad")) {
          tax = { percent, base: null, amount: null, category: comp(s, 5) || null };
          order.taxes!.push(tax);
          group = "tax";
        }
        break;
      }
      case "ALC": {
        closeAlc();
        alc = {
          charge: comp(s, 0) === "C",
          reason: comp(s, 4, 0) || comp(s, 1) || null,
          amount: 0,
          percent: null,
          onLine: line !== null,
        };
        if (group !== "summary") group = "alc";
        break;
      }
      case "PCD": {
        if (alc && (comp(s, 0, 0) === "1" || comp(s, 0, 0) === "2" || comp(s, 0, 0) === "3"))
          alc.percent = num(comp(s, 0, 1));
        break;
      }
      case "UNS": {
        pushLine();
        group = "summary";
        break;
      }
      default:
        break;
    }
  }
  pushLine();
  // an ORDERS with message function "cancellation" or "change" refers to the order of its own number
  if (
    (order.documentKind === "order_change" || order.documentKind === "order_cancellation") &&
    !order.orderReference
  )
    order.orderReference = order.documentNumber;
  // an ALC whose amount is only a percent of the line
  for (const l of order.lines) {
    for (const a of l.allowances ?? []) {
      if (a.amount === 0 && a.percent && l.quantity !== null && l.unitPrice !== null) {
        a.amount =
          Math.round(((l.quantity * l.unitPrice) / (l.priceBase ?? 1)) * (a.percent / 100) * 100) / 100;
      }
    }
  }
  return order;
}

/** Reads every message of an EDIFACT interchange; [] when the text holds none. */
export function readEdifact(
  text: string,
  source: string,
  limits: Partial<EdifactLimits> = {},
): { orders: ParsedOrder[]; refused: string | null } {
  const lim = { ...defaultEdifactLimits, ...limits };
  if (Buffer.byteLength(text) > lim.maxBytes) {
    return {
      orders: [],
      refused: `The EDIFACT interchange is larger than ${lim.maxBytes / 1024 / 1024} MB; it was not read.`,
    };
  }
  const start = findEdifactStart(text);
  if (start < 0) return { orders: [], refused: null };
  const segments = splitSegments(text.slice(start), lim.maxSegments);
  if (!segments)
    return { orders: [], refused: `The EDIFACT interchange has more than ${lim.maxSegments} segments.` };
  const orders: ParsedOrder[] = [];
  let message: Segment[] | null = null;
  let version = "";
  let type = "";
  for (const s of segments) {
    if (s.tag === "UNH") {
      message = [];
      type = comp(s, 1, 0);
      const agency = comp(s, 1, 4);
      version = `${comp(s, 1, 1)}.${comp(s, 1, 2)}${/^EAN/.test(agency) ? ` (EANCOM ${agency})` : ""}`;
      continue;
    }
    if (s.tag === "UNT") {
      if (message && KIND[type]) orders.push(readMessage(message, source, version, type));
      message = null;
      continue;
    }
    message?.push(s);
  }
  // an interchange cut off before UNT: read what is there, with a doubt
  if (message && message.length > 0 && KIND[type]) {
    const o = readMessage(message, source, version, type);
    o.reasons.push({
      code: "edifact.truncated",
      severity: "warning",
      message: "The EDIFACT message ends without its UNT trailer; it may be incomplete.",
    });
    orders.push(o);
  }
  return { orders, refused: null };
}

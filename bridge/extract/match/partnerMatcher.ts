import type { PartyIdentifiers } from "../pipeline/parsedOrder.ts";
import type { Catalog, Partner } from "./catalog.ts";

export interface PartnerMatch {
  partner: Partner;
  via: "email" | "domain" | "vat" | "name" | "gln" | "endpoint";
  /** 0..1 */
  confidence: number;
}

/**
 * Finds customers and vendors. An interface so that a database-backed implementation can replace the
 * in-memory one later.
 */
export interface PartnerMatcher {
  byEmail(kind: "customer" | "vendor", address: string): PartnerMatch | null;
  /** A partner named or identified (VAT number, email address) in a text. */
  inText(kind: "customer" | "vendor", text: string): PartnerMatch | null;
  /**
   * A party as a structured document identifies it: Peppol endpoint, GLN, VAT number (exact, in this
   * order), then its email address. Optional so that other implementations may leave it out.
   */
  byIdentifiers?(kind: "customer" | "vendor", party: PartyIdentifiers): PartnerMatch | null;
}

/** An electronic address compared without case and spaces ("0088:7300010000001"). */
const endpointKey = (s: string) => s.replace(/\s+/g, "").toUpperCase();

const LEGAL_FORMS =
  /\b(gmbh|ag|sa|sas|sarl|s\.?l\.?|s\.?a\.?|ltd|limited|inc|co|llc|b\.?v\.?|nv|ab|e\.?k\.?|kg|plc|corp)\b\.?/g;

const plain = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss");

const squash = (s: string) =>
  plain(s)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
const vatKey = (s: string) =>
  s
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .replace(/MWST|TVA|IVA$/, "");

export function createMemoryPartnerMatcher(catalog: Catalog): PartnerMatcher {
  const lists = { customer: catalog.customers, vendor: catalog.vendors };
  return {
    byEmail(kind, address) {
      const a = address.toLowerCase();
      const domain = a.split("@")[1] ?? "";
      for (const p of lists[kind])
        if (p.contact_emails.includes(a)) return { partner: p, via: "email", confidence: 1 };
      for (const p of lists[kind]) {
        for (const d of p.email_domains ?? [p.email_domain]) {
          if (d && (domain === d || domain.endsWith(`.${d}`)))
            return { partner: p, via: "domain", confidence: 0.9 };
        }
      }
      return null;
    },
    inText(kind, text) {
      const t = plain(text);
      const squashed = ` ${squash(text)} `;
      const compact = vatKey(text);
      // contact addresses written in the text (signatures, forwarded headers)
      for (const m of t.matchAll(/[a-z0-9._%+-]+@([a-z0-9.-]+\.[a-z]{2,})/g)) {
        const hit = this.byEmail(kind, m[0]);
        if (hit) return { ...hit, confidence: hit.confidence * 0.95 };
      }
      for (const p of lists[kind]) {
        if (p.vat && vatKey(p.vat).length >= 8 && compact.includes(vatKey(p.vat))) {
          return { partner: p, via: "vat", confidence: 0.95 };
        }
      }
      // the full registered name (with legal form) tells "Foo GmbH" from "FOO Logistics Ltd"
      const named = lists[kind].filter((p) => squashed.includes(` ${squash(p.name)} `));
      if (named.length === 1 && named[0]) return { partner: named[0], via: "name", confidence: 0.85 };
      if (named.length > 1) {
        named.sort((a, b) => b.name.length - a.name.length);
        if (named[0]) return { partner: named[0], via: "name", confidence: 0.7 };
      }
      // the name without its legal form, only when it is distinctive (two or more words)
      const cores = lists[kind]
        .map((p) => ({ p, core: squash(plain(p.name).replace(LEGAL_FORMS, " ")) }))
        .filter((x) => x.core.split(" ").length >= 2 && squashed.includes(` ${x.core} `));
      if (cores.length === 1 && cores[0]) return { partner: cores[0].p, via: "name", confidence: 0.75 };
      return null;
    },
    byIdentifiers(kind, party) {
      const list = lists[kind];
      const endpoints = [party.endpoint, ...(party.ids ?? [])]
        .filter((x): x is string => Boolean(x))
        .map(endpointKey);
      if (endpoints.length > 0) {
        const hit = list.find((p) => p.peppol_endpoint && endpoints.includes(endpointKey(p.peppol_endpoint)));
        if (hit) return { partner: hit, via: "endpoint", confidence: 1 };
      }
      const glns = [
        party.gln,
        ...[party.endpoint, ...(party.ids ?? [])].map((i) => /^(?:0088|GLN):(\d{13})$/i.exec(i ?? "")?.[1]),
      ].filter((x): x is string => Boolean(x));
      if (glns.length > 0) {
        const hit = list.find((p) => p.gln && glns.includes(p.gln.trim()));
        if (hit) return { partner: hit, via: "gln", confidence: 1 };
      }
      const vats = [party.vat, ...(party.ids ?? []).map((i) => i.split(":")[1])]
        .filter((x): x is string => Boolean(x))
        .map(vatKey)
        .filter((v) => v.length >= 8);
      if (vats.length > 0) {
        const hit = list.find((p) => p.vat && vats.includes(vatKey(p.vat)));
        if (hit) return { partner: hit, via: "vat", confidence: 1 };
      }
      if (party.email) return this.byEmail(kind, party.email);
      return null;
    },
  };
}

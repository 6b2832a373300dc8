import type { PartyIdentifiers, Provenance, ReaderName } from "../pipeline/parsedOrder.ts";
import { at, textAt, type XmlElement } from "./safeXml.ts";

/** Small helpers shared by the XML readers (UBL, CII): numbers, dates and provenance. */

/** An XML decimal ("1234.50", "-3", "1E2"); null when absent or not a number. */
export function xmlNumber(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** An ISO date from "2026-12-06", "2026-12-06T10:00:00Z", or CII's format 102 "20261206". */
export function xmlDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  // CII / EDIFACT formats 102 (CCYYMMDD) and 203/204 (CCYYMMDDHHMM[SS])
  if (!m) m = /^(\d{4})(\d{2})(\d{2})(?:\d{4}|\d{6})?$/.exec(t);
  if (!m) return null;
  const [mo, d] = [Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Builds provenance for one reader and source. */
export function provenanceFor(reader: ReaderName, source: string) {
  return (field: string, text?: string | null): Provenance => {
    const p: Provenance = { reader, source, field };
    if (text !== null && text !== undefined && text !== "") p.text = text.slice(0, 200);
    return p;
  };
}

/** ISO 6523 ICD of a GLN. */
export const GLN_SCHEME = "0088";

/** A 13-digit GLN with a valid GS1 check digit. */
export function isGln(id: string | null | undefined): boolean {
  if (!id || !/^\d{13}$/.test(id)) return false;
  const digits = [...id].map(Number);
  const check = digits.pop()!;
  const sum = digits.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** Peppol EAS codes that are VAT numbers ("9930:DE123..."), and the GLN one. */
const VAT_SCHEMES = new Set([
  "9906",
  "9907",
  "9914",
  "9915",
  "9918",
  "9919",
  "9920",
  "9922",
  "9923",
  "9924",
  "9925",
  "9926",
  "9927",
  "9928",
  "9929",
  "9930",
  "9931",
  "9932",
  "9933",
  "9934",
  "9935",
  "9936",
  "9937",
  "9938",
  "9939",
  "9942",
  "9943",
  "9944",
  "9945",
  "9946",
  "9947",
  "9948",
  "9949",
  "9950",
  "9951",
  "9952",
  "9953",
  "9957",
  "0211",
  "0212",
  "0213",
]);

/** Adds an identifier "scheme:id" to a party, filling gln / vat when the scheme says so. */
export function addPartyId(
  party: PartyIdentifiers,
  scheme: string | null | undefined,
  id: string | null,
): void {
  if (!id) return;
  const s = (scheme ?? "").trim().toUpperCase();
  const value = id.trim();
  if (s === GLN_SCHEME || s === "GLN" || (s === "" && isGln(value))) party.gln ??= value;
  if (
    (VAT_SCHEMES.has(s) || s === "VA" || s === "VAT") &&
    /^[A-Z]{2}[A-Z0-9]{2,14}$/i.test(value.replace(/\s/g, ""))
  )
    party.vat ??= value.replace(/\s/g, "").toUpperCase();
  const tagged = s ? `${s}:${value}` : value;
  party.ids ??= [];
  if (!party.ids.includes(tagged)) party.ids.push(tagged);
}

/** The text of the first path that has one. */
export function firstText(
  el: XmlElement | null | undefined,
  paths: string[],
): { path: string; text: string } | null {
  for (const p of paths) {
    const t = textAt(el, p);
    if (t) return { path: p, text: t };
  }
  return null;
}

/** An attribute of the element at a path. */
export function attrAt(el: XmlElement | null | undefined, path: string, attr: string): string | null {
  return at(el, path)?.attrs[attr] ?? null;
}

import { SaxesParser } from "saxes";

/**
 * The one way Order Intake parses XML from an email or an upload. Untrusted XML is bounded before and
 * while it is parsed: no DOCTYPE (so no entity declarations, no billion laughs, no external entities
 * and no DTD fetched from the network: saxes never resolves anything outside the document), a size
 * cap before the parser starts, and depth / element / text caps while it runs. A refusal is a value
 * with a reason, never a throw.
 */

/** An element with namespace-independent names: `name` is the local name ("Quantity"), `ns` the URI. */
export interface XmlElement {
  name: string;
  ns: string;
  /** Attributes by local name ("unitCode", "schemeID"). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (trimmed; text of children not included). */
  text: string;
}

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
  /** Total characters of text content. */
  maxTextChars: number;
}

export const defaultXmlLimits: XmlLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 200_000,
  maxTextChars: 5 * 1024 * 1024,
};

export type XmlRefusal =
  | "xml.too_large"
  | "xml.doctype"
  | "xml.too_deep"
  | "xml.too_many_elements"
  | "xml.malformed";

export type ParsedXml = { ok: true; root: XmlElement } | { ok: false; code: XmlRefusal; message: string };

class Refused extends Error {
  constructor(
    readonly code: XmlRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Decodes XML bytes: BOM first, then the declared encoding, UTF-8 otherwise. */
export function decodeXml(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const head = bytes.subarray(0, 200).toString("latin1");
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared.toLowerCase()).decode(bytes);
    } catch {
      // an encoding TextDecoder does not know: read as UTF-8
    }
  }
  return bytes.toString("utf8");
}

/** Whether bytes look like an XML document (a declaration or a root element first). */
export function looksLikeXml(bytes: Buffer): boolean {
  const head = bytes
    .subarray(0, 512)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  return /^<(\?xml|!--|[A-Za-z_][\w.-]*(:[\w.-]+)?[\s>/])/.test(head);
}

/** Parses untrusted XML within limits. */
export function parseXml(input: Buffer | string, limits: Partial<XmlLimits> = {}): ParsedXml {
  const lim = { ...defaultXmlLimits, ...limits };
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.length;
  if (size > lim.maxBytes) {
    return {
      ok: false,
      code: "xml.too_large",
      message: `The XML document is ${(size / 1024 / 1024).toFixed(1)} MB, above the ${(lim.maxBytes / 1024 / 1024).toFixed(0)} MB limit; it was not read.`,
    };
  }
  const text = typeof input === "string" ? input : decodeXml(input);
  // refused before parsing: a DTD is the door to entity expansion and to fetching external resources
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    return {
      ok: false,
      code: "xml.doctype",
      message:
        "The XML document declares a DOCTYPE or entities (a way to expand or fetch content); it was not read.",
    };
  }
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  const texts: string[][] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  let chars = 0;
  let failure: Error | null = null;
  parser.on("error", (err) => {
    failure ??= err;
  });
  parser.on("doctype", () => {
    throw new Refused("xml.doctype", "The XML document declares a DOCTYPE; it was not read.");
  });
  parser.on("opentag", (tag) => {
    elements++;
    if (elements > lim.maxElements) {
      throw new Refused(
        "xml.too_many_elements",
        `The XML document has more than ${lim.maxElements} elements; it was not read.`,
      );
    }
    if (stack.length + 1 > lim.maxDepth) {
      throw new Refused(
        "xml.too_deep",
        `The XML document nests deeper than ${lim.maxDepth} levels; it was not read.`,
      );
    }
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === "xmlns" || a.name === "xmlns") continue;
      attrs[a.local] = a.value;
    }
    const el: XmlElement = { name: tag.local, ns: tag.uri, attrs, children: [], text: "" };
    stack.at(-1)?.children.push(el);
    if (!root) root = el;
    stack.push(el);
    texts.push([]);
  });
  const onText = (t: string) => {
    chars += t.length;
    if (chars > lim.maxTextChars) {
      throw new Refused("xml.too_large", "The XML document holds too much text; it was not read.");
    }
    texts.at(-1)?.push(t);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    const el = stack.pop();
    const parts = texts.pop() ?? [];
    if (el) el.text = parts.join("").trim();
  });
  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof Refused) return { ok: false, code: err.code, message: err.message };
    failure ??= err as Error;
  }
  if (failure || !root) {
    const detail = (failure as Error | null)?.message?.split("\n")[0]?.slice(0, 160) ?? "no root element";
    return {
      ok: false,
      code: "xml.malformed",
      message: `The XML document is malformed (${detail}); it was not read.`,
    };
  }
  return { ok: true, root };
}

/** The first child with this local name. */
export function child(el: XmlElement | null | undefined, name: string): XmlElement | null {
  if (!el) return null;
  for (const c of el.children) if (c.name === name) return c;
  return null;
}

/** Every child with this local name. */
export function children(el: XmlElement | null | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** The element at a path of local names ("Party/PartyName/Name"); prefixes in the path are ignored. */
export function at(el: XmlElement | null | undefined, path: string): XmlElement | null {
  let cur: XmlElement | null = el ?? null;
  for (const step of path.split("/")) {
    if (!cur) return null;
    cur = child(cur, step.includes(":") ? step.split(":")[1]! : step);
  }
  return cur;
}

/** Every element at a path: the last step may repeat. */
export function all(el: XmlElement | null | undefined, path: string): XmlElement[] {
  const steps = path.split("/").map((s) => (s.includes(":") ? s.split(":")[1]! : s));
  const last = steps.pop()!;
  const parent = steps.length > 0 ? at(el, steps.join("/")) : (el ?? null);
  return children(parent, last);
}

/** The text at a path, null when absent or empty. */
export function textAt(el: XmlElement | null | undefined, path: string): string | null {
  const t = at(el, path)?.text;
  return t ? t : null;
}

import type { ParsedOrder } from "../pipeline/parsedOrder.ts";
import type { Reason } from "../types.ts";
import { pdfEmbeddedXml } from "./pdfEmbeddedXml.ts";
import { isCiiRoot, readCii } from "./readCii.ts";
import { decodeEdifact, findEdifactStart, readEdifact } from "./readEdifact.ts";
import { isUblRoot, readUbl } from "./readUbl.ts";
import { looksLikeXml, parseXml, type XmlLimits } from "./safeXml.ts";

/** One file to look at (an email attachment, an uploaded file). */
export interface StructuredAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface StructuredInput {
  attachments: StructuredAttachment[];
  /** The email's own text (an EDIFACT interchange may be pasted into the body). */
  bodyText?: string | null;
}

export interface StructuredReading {
  /** Every structured document found, in attachment order (an embedded XML counts for its PDF). */
  orders: ParsedOrder[];
  /** Files that claimed to be structured but were refused (hostile, malformed, oversize), with why. */
  refused: Reason[];
}

const XML_NAME = /\.xml$/i;
/** XML media types an e-document is sent as (application/xml, text/xml, application/vnd.…+xml). */
const XML_TYPE = /^(application|text)\/([\w.-]+\+)?xml\b/i;
/** XML that is never an e-document: images, web pages, feeds. */
const NOT_EDOCUMENT = /svg|html|rss|atom/i;
/** The namespaces and roots of the e-documents read here, in the first bytes of a file. */
const EDOCUMENT_MARK = /urn:oasis:names:specification:ubl|CrossIndustry|SCRDMCCBDACIOMessageStructure/;
const EDI_NAME = /\.(edi|edifact|txt|dat|ord|orders|inh|eancom)$/i;
const EDI_TYPE = /edifact|x12|text\/plain|application\/octet-stream/i;

/** Reads the XML of one file: a UBL or CII document, else nothing (another kind of XML). */
function readXmlDocument(
  content: Buffer,
  source: string,
  refused: Reason[],
  limits?: Partial<XmlLimits>,
): ParsedOrder | null {
  const parsed = parseXml(content, limits);
  if (!parsed.ok) {
    refused.push({ code: parsed.code, severity: "hard", message: parsed.message, path: source });
    return null;
  }
  if (isUblRoot(parsed.root)) return readUbl(parsed.root, source);
  if (isCiiRoot(parsed.root)) return readCii(parsed.root, source);
  return null;
}

/**
 * Finds and reads the structured documents of an email or an upload: UBL and CII XML files, the XML
 * embedded in Factur-X / ZUGFeRD / XRechnung PDFs, EDIFACT interchanges as a file or in the body.
 * Untrusted input throughout: every parser is bounded, and a refusal is a reason, never a throw.
 */
export async function readStructuredDocuments(
  input: StructuredInput,
  options: { xmlLimits?: Partial<XmlLimits> } = {},
): Promise<StructuredReading> {
  const orders: ParsedOrder[] = [];
  const refused: Reason[] = [];
  for (const a of input.attachments) {
    const source = `attachment:${a.filename}`;
    try {
      const head = a.content.subarray(0, 1024);
      if (head.includes(Buffer.from("%PDF-", "latin1"))) {
        for (const x of await pdfEmbeddedXml(a.content)) {
          const read = readXmlDocument(x.content, `${source}#${x.filename}`, refused, options.xmlLimits);
          if (read) {
            orders.push(read);
            break;
          }
        }
        continue;
      }
      // a file is read as an e-document when it says it is XML (name or type) or shows an e-document
      // namespace; an SVG, a web page or a feed is not one, and is never refused as hostile XML
      const declaredXml =
        (XML_NAME.test(a.filename) || XML_TYPE.test(a.contentType)) && !NOT_EDOCUMENT.test(a.contentType);
      const marked = looksLikeXml(a.content) && EDOCUMENT_MARK.test(head.toString("utf8"));
      if (declaredXml || marked) {
        const read = readXmlDocument(a.content, source, refused, options.xmlLimits);
        if (read) orders.push(read);
        continue;
      }
      if (
        EDI_NAME.test(a.filename) ||
        EDI_TYPE.test(a.contentType) ||
        /^\s*UN[ABH]/.test(head.toString("latin1"))
      ) {
        const text = a.content.length > 5 * 1024 * 1024 ? "" : decodeEdifact(a.content);
        if (a.content.length > 5 * 1024 * 1024 && /^\s*UN[ABH]/.test(head.toString("latin1"))) {
          refused.push({
            code: "edifact.too_large",
            severity: "hard",
            message: "The EDIFACT file is larger than 5 MB; it was not read.",
            path: source,
          });
          continue;
        }
        const edi = readEdifact(text, source);
        if (edi.refused)
          refused.push({ code: "edifact.refused", severity: "hard", message: edi.refused, path: source });
        orders.push(...edi.orders);
      }
    } catch (err) {
      refused.push({
        code: "structured.read_failed",
        severity: "hard",
        message: `Could not read ${a.filename} as a structured document: ${(err as Error).message.slice(0, 160)}`,
        path: source,
      });
    }
  }
  const body = input.bodyText ?? "";
  if (orders.length === 0 && body && findEdifactStart(body) >= 0) {
    const edi = readEdifact(body, "body:text");
    if (edi.refused)
      refused.push({ code: "edifact.refused", severity: "hard", message: edi.refused, path: "body:text" });
    orders.push(...edi.orders);
  }
  return { orders, refused };
}

/**
 * The structured reader in the shape of the pipeline's extra readers: `(input) => Promise<ParsedOrder[]>`.
 * A refused file becomes a reading of kind "unknown" without lines that carries the refusal as a
 * hard reason, so the pipeline routes the message to review with that reason.
 */
export async function structuredReader(input: StructuredInput): Promise<ParsedOrder[]> {
  const reading = await readStructuredDocuments(input);
  const refusals: ParsedOrder[] = reading.refused.map((r) => ({
    reader: r.code.startsWith("edifact.") ? "edifact" : "ubl",
    standard: null,
    structured: false,
    source: r.path ?? "attachment",
    documentKind: "unknown",
    documentNumber: null,
    orderDate: null,
    deliveryDate: null,
    currency: null,
    lines: [],
    reasons: [r],
  }));
  return [...reading.orders, ...refusals];
}

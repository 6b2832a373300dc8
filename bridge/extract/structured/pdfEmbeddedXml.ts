import { loadPdf } from "../documents/loadPdf.ts";

/** Names under which Factur-X, ZUGFeRD 1/2 and XRechnung put their XML into a PDF/A-3. */
const E_INVOICE_NAMES =
  /^(factur-x|zugferd-invoice|zugferd_invoice|xrechnung|order-x|ubl-invoice|invoice)\.xml$/i;

export interface EmbeddedXml {
  filename: string;
  content: Buffer;
}

/**
 * The XML files embedded in a PDF (its /EmbeddedFiles name tree, read by pdf.js `getAttachments()`),
 * e-invoice names first. Bounded: at most `maxBytes` per file, within `timeoutMs`; never throws.
 */
export async function pdfEmbeddedXml(
  content: Buffer,
  options: { maxBytes?: number; timeoutMs?: number } = {},
): Promise<EmbeddedXml[]> {
  if (!content.subarray(0, 1024).includes(Buffer.from("%PDF-", "latin1"))) return [];
  // an embedded file is a stream of /Type /EmbeddedFile (streams are never inside compressed object
  // streams, so the bytes show it): a PDF without one has nothing to find and is not loaded again
  if (!/\/Type\s*\/EmbeddedFile\b/.test(content.toString("latin1"))) return [];
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const task = loadPdf(content);
  const timer = setTimeout(() => void task.destroy(), options.timeoutMs ?? 10_000);
  try {
    const doc = await task.promise;
    const attachments = (await doc.getAttachments()) as Record<
      string,
      { filename: string; content: Uint8Array }
    > | null;
    const out: EmbeddedXml[] = [];
    for (const a of Object.values(attachments ?? {})) {
      if (!a?.content || !/\.xml$/i.test(a.filename ?? "")) continue;
      if (a.content.length > maxBytes) continue;
      out.push({ filename: a.filename, content: Buffer.from(a.content) });
    }
    out.sort((a, b) => Number(E_INVOICE_NAMES.test(b.filename)) - Number(E_INVOICE_NAMES.test(a.filename)));
    return out;
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => {});
  }
}

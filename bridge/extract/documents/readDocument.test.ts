import { describe, expect, it } from "vitest";
import type { ReadDocument } from "../types.ts";
import { corpusAttachments, corpusAvailable, corpusTruth } from "./__fixtures__/corpusAttachments.ts";
import { readDocument } from "./readDocument.ts";

async function readCase(caseId: string, pick: (name: string) => boolean = () => true): Promise<ReadDocument> {
  const attachment = (await corpusAttachments(caseId)).find((a) => pick(a.filename));
  if (!attachment) throw new Error(`case ${caseId} has no such attachment`);
  return readDocument(attachment);
}

const column = (doc: ReadDocument, role: string, table = 0): string[] => {
  const t = doc.tables[table]!;
  const k = t.roles.indexOf(role as never);
  return t.rows.map((r) => r[k] ?? "");
};

describe.skipIf(!corpusAvailable)("readDocument on the DEV corpus", () => {
  it("reads a two-page PDF table without repeated headers, page subtotals and carry lines (003)", async () => {
    const doc = await readCase("003");
    expect(doc.detectedType).toBe("pdf");
    expect(doc.pages).toBe(2);
    expect(doc.tables).toHaveLength(1);
    const table = doc.tables[0]!;
    expect(table.rows).toHaveLength(38);
    const truth = corpusTruth("003").orders[0]!.lines.map((l) => l.quantity);
    expect(column(doc, "quantity").map((q) => Number(q.replace(/\./g, "")))).toEqual(truth);
    expect(column(doc, "code")[24]).toBe("FUR-1202");
    expect(table.rows.flat().join(" ")).not.toMatch(/Suma|Subtotal|Cantidad/);
    expect(table.trailer[0]).toMatch(/^Base imponible/);
    expect(table.trailer.join("\n")).toMatch(/IVA 21 %/);
  });

  it("joins descriptions wrapped over several lines and tells customer and supplier refs apart (004)", async () => {
    const doc = await readCase("004");
    const table = doc.tables[0]!;
    expect(table.rows).toHaveLength(5);
    expect(table.roles).toEqual([
      "position",
      "customer_sku",
      "code",
      "description",
      "quantity",
      "unit",
      "unit_price",
      "amount",
    ]);
    expect(column(doc, "description")[3]).toBe(
      "Bécher en verre borosilicaté 250 ml, qualité laboratoire, certificat de lot exigé",
    );
    expect(column(doc, "code")).toEqual(["LAB-5101", "LAB-5301", "LAB-5501", "LAB-5001", "LAB-5701"]);
    expect(column(doc, "customer_sku")[0]).toBe("LD273913");
  });

  it("keeps the discount column aligned when some rows have no discount (005)", async () => {
    const doc = await readCase("005");
    expect(column(doc, "discount")).toEqual(["10", "10", "5", "", "", "15"]);
    expect(column(doc, "unit_price")[0]).toBe("4,90");
    expect(doc.tables[0]!.trailer[0]).toMatch(/^Nettobetrag\t1\.821,97 EUR$/);
  });

  it("splits a quantity and its unit printed across two columns, vendor vs our item # (006)", async () => {
    const doc = await readCase("006");
    const t = doc.tables[0]!;
    expect(t.roles.slice(1, 3)).toEqual(["code", "customer_sku"]);
    expect(t.rows[1]!.slice(4, 6)).toEqual(["12", "box (10)"]);
  });

  it("reads PDF tables of the other layouts with the truth's line count", async () => {
    for (const caseId of ["001", "002", "014", "019", "037", "039", "041", "045"]) {
      const doc = await readCase(caseId, (n) => n.endsWith(".pdf"));
      const truth = corpusTruth(caseId).orders[0]!.lines;
      expect(doc.tables, caseId).toHaveLength(1);
      expect(doc.tables[0]!.rows.length, caseId).toBe(truth.length);
      expect(
        doc.reasons.filter((r) => r.code === "pdf.hidden_text"),
        caseId,
      ).toEqual([]);
    }
  });

  it("reads a spreadsheet with the header in row 7, a key/value block and formula results (007)", async () => {
    const doc = await readCase("007");
    expect(doc.detectedType).toBe("spreadsheet");
    expect(doc.text).toContain("Bestellnummer\tBH-2026-1187");
    expect(doc.text).toContain("Bestelldatum\t2026-10-14");
    const t = doc.tables[0]!;
    expect(t.rows).toHaveLength(6);
    expect(column(doc, "amount")).toEqual(["290", "185", "202.5", "126", "65", "23.75"]);
    expect(column(doc, "unit_price")[0]).toBe("0.58");
    expect(t.trailer).toContain("Summe netto\t892.25");
  });

  it("ranks the order sheet first and marks the history sheet's table (008)", async () => {
    const doc = await readCase("008");
    expect(doc.tables[0]!.rows).toHaveLength(5);
    expect(column(doc, "quantity")).toEqual(["300", "100", "50", "20", "25"]);
    expect(doc.reasons.some((r) => r.code === "spreadsheet.extra_table" && r.severity === "info")).toBe(true);
    expect(doc.text).toContain("23/10/2026");
  });

  it("keeps EAN codes stored as text exact (009)", async () => {
    const doc = await readCase("009");
    expect(doc.tables[0]!.roles[0]).toBe("barcode");
    expect(column(doc, "barcode")).toEqual([
      "4260748834763",
      "4260787581444",
      "4260758984427",
      "4260740198856",
      "4260773324000",
    ]);
  });

  it("reads a CSV with quoted commas (010)", async () => {
    const doc = await readCase("010");
    expect(doc.detectedType).toBe("csv");
    expect(doc.tables[0]!.rows).toHaveLength(6);
    expect(column(doc, "description")[3]).toBe("Bubble Wrap Roll 1m x 100m, perforated every 50cm");
    expect(column(doc, "delivery_date")[0]).toBe("2026-11-02");
  });

  it("reads the xlsx with 100k formatted empty rows quickly (036)", async () => {
    const attachment = (await corpusAttachments("036"))[0]!;
    const doc = await readDocument(attachment, { timeoutMs: 10_000 });
    expect(doc.unreadable).toBe(false);
    expect(doc.tables[0]!.rows).toHaveLength(5);
    expect(column(doc, "quantity")).toEqual(["100", "400", "1000", "30", "10"]);
    expect(doc.reasons.filter((r) => r.code === "document.timeout")).toEqual([]);
  });

  it("reports scans, corrupt, encrypted and empty attachments without throwing", async () => {
    const scanPdf = await readCase("017");
    expect(scanPdf.isScan).toBe(true);
    expect(scanPdf.reasons.map((r) => r.code)).toContain("pdf.no_text_layer");
    const png = await readCase("016");
    expect(png.detectedType).toBe("image");
    expect(png.isScan).toBe(true);
    expect(png.reasons.map((r) => r.code)).toEqual(["image.needs_ocr"]);

    const corrupt = await readCase("031");
    expect(corrupt.unreadable).toBe(true);
    expect(corrupt.reasons.map((r) => r.code)).toContain("pdf.corrupt");
    expect(corrupt.text).toContain("BM-26-0219");
    const encrypted = await readCase("032");
    expect(encrypted.unreadable).toBe(true);
    expect(encrypted.reasons.map((r) => r.code)).toEqual(["pdf.encrypted"]);
    const empty = await readCase("033");
    expect(empty.unreadable).toBe(true);
    expect(empty.size).toBe(0);
    expect(empty.reasons.map((r) => r.code)).toEqual(["attachment.empty"]);
    expect(empty.sha256).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("sniffs a PDF named .xlsx (034) and reads only page 1 of the 15 MB PDF with drawings (035)", async () => {
    const renamed = await readCase("034");
    expect(renamed.detectedType).toBe("pdf");
    expect(renamed.reasons[0]).toMatchObject({ code: "document.type_mismatch", severity: "info" });
    expect(renamed.tables[0]!.rows).toHaveLength(4);
    const big = await readCase("035");
    expect(big.size).toBeGreaterThan(10_000_000);
    expect(big.tables[0]!.rows).toHaveLength(4);
    expect(big.isScan).toBe(false);
  });

  it("finds no order table in general purchasing terms (042)", async () => {
    const doc = await readCase("042", (n) => n.endsWith(".pdf"));
    expect(doc.text).toContain("Article 1");
    expect(doc.tables).toEqual([]);
  });

  it("refuses attachments over the size limit", async () => {
    const doc = await readDocument(
      { filename: "big.pdf", contentType: "application/pdf", content: Buffer.alloc(2048, 1) },
      { maxAttachmentBytes: 1024 },
    );
    expect(doc.unreadable).toBe(true);
    expect(doc.reasons.map((r) => r.code)).toEqual(["attachment.too_large"]);
  });
});

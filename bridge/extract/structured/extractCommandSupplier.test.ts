import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { extractCommand } from "../extractCommand.ts";
import { fixture, mailWith, pdfWithEmbeddedFile } from "./__fixtures__/structuredFixtures.ts";

const csv = (rows: string[][]) => `${rows.map((r) => r.map((c) => `"${c}"`).join(",")).join("\n")}\n`;

describe("order-intake extract --json on a supplier document", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints the extraction and, beside it, what was read from the Factur-X invoice", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "oi-extract-"));
    const head = [
      "ref",
      "name",
      "email_domain",
      "contact_emails",
      "contact_names",
      "vat",
      "country",
      "currency",
      "language",
    ];
    writeFileSync(
      path.join(dir, "products.csv"),
      csv([["default_code", "name", "list_price", "currency", "uom", "barcode", "category"]]),
    );
    writeFileSync(path.join(dir, "customers.csv"), csv([head]));
    writeFileSync(
      path.join(dir, "vendors.csv"),
      csv([
        head,
        [
          "V-6001",
          "Rheinholz Möbelwerke GmbH",
          "rheinholz.example",
          "rechnung@rheinholz.example",
          "",
          "DE153746814",
          "DE",
          "EUR",
          "de",
        ],
      ]),
    );
    const pdf = pdfWithEmbeddedFile({ name: "factur-x.xml", content: fixture("factur-x.xml") }, ["Rechnung"]);
    const eml = path.join(dir, "bill.eml");
    writeFileSync(
      eml,
      mailWith("Buchhaltung <rechnung@rheinholz.example>", "Rechnung RH-2026-21007", "anbei", [
        { name: "RH-2026-21007.pdf", type: "application/pdf", content: pdf },
      ]),
    );
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    expect(await extractCommand([eml, "--catalog", dir, "--json"])).toBe(0);
    const printed = JSON.parse(out);
    expect(printed).toMatchObject({
      kind: "vendor_bill",
      vendor_ref: "V-6001",
      supplier_document: {
        kind: "invoice",
        document_number: "RH-2026-21007",
        document_date: "2026-12-01",
        due_date: "2026-12-31",
        vendor: { vat: "DE153746814" },
        total_untaxed: 6169,
        total_tax: 1157.23,
        total: 7326.23,
      },
    });
    expect(printed.supplier_document.lines).toHaveLength(3);
  });
});

import { describe, expect, it } from "vitest";
import { classifyHeader, isCarryLine, isTotalsLine, matchHeaderRow } from "./headerVocabulary.ts";

describe("headerVocabulary", () => {
  it("reads 'your' and 'our' from the customer's point of view", () => {
    expect(classifyHeader("Ihre Art.-Nr.")).toBe("code");
    expect(classifyHeader("Your Part No.")).toBe("code");
    expect(classifyHeader("Votre réf.")).toBe("code");
    expect(classifyHeader("Vendor item #")).toBe("code");
    expect(classifyHeader("Réf. fournisseur")).toBe("code");
    expect(classifyHeader("Lieferanten-Art.-Nr.")).toBe("code");
    expect(classifyHeader("Unsere Art.-Nr.")).toBe("customer_sku");
    expect(classifyHeader("Our item #")).toBe("customer_sku");
    expect(classifyHeader("Notre réf.")).toBe("customer_sku");
    expect(classifyHeader("Nuestra ref.")).toBe("customer_sku");
  });

  it("recognises the columns in several languages", () => {
    const cases: Array<[string, string]> = [
      ["Pos.", "position"],
      ["EAN", "barcode"],
      ["GTIN", "barcode"],
      ["Bezeichnung", "description"],
      ["Descripción", "description"],
      ["Menge", "quantity"],
      ["Qté", "quantity"],
      ["Cantidad", "quantity"],
      ["ME", "unit"],
      ["UoM", "unit"],
      ["Einzelpreis", "unit_price"],
      ["P.U. HT", "unit_price"],
      ["Precio unitario", "unit_price"],
      ["Rabatt %", "discount"],
      ["Dto.", "discount"],
      ["Prix net", "net_price"],
      ["Gesamtpreis", "amount"],
      ["Importe", "amount"],
      ["Montant HT", "amount"],
      ["MwSt", "tax"],
      ["Liefertermin", "delivery_date"],
      ["PO Number", "other"],
      ["N° commande", "other"],
    ];
    for (const [label, role] of cases) expect(classifyHeader(label), label).toBe(role);
  });

  it("needs a quantity and a product column to call a row a header", () => {
    expect(matchHeaderRow(["Pos", "Art.-Nr.", "Bezeichnung", "Menge", "Preis"])).not.toBeNull();
    expect(matchHeaderRow(["Filiale", "Straße", "PLZ", "Ort"])).toBeNull();
    expect(matchHeaderRow(["Bezeichnung", "Preis"])).toBeNull();
    expect(matchHeaderRow(["1", "FUR-1042", "Desk", "12"])).toBeNull();
  });

  it("tells carry lines from totals", () => {
    for (const l of [
      "Übertrag 5.000,00",
      "Suma y sigue",
      "Suma anterior 39.500,90",
      "Carried forward",
      "A reporter",
    ]) {
      expect(isCarryLine(l), l).toBe(true);
    }
    expect(isCarryLine("Nettobetrag 1.821,97")).toBe(false);
    expect(isTotalsLine("Total HT 442,00")).toBe(true);
    expect(isTotalsLine("Base imponible 49.822,10")).toBe(true);
  });

  it("knows the short German labels Stk / Anz. / GP", () => {
    expect(classifyHeader("Stk")).toBe("quantity");
    expect(classifyHeader("Anz.")).toBe("quantity");
    expect(classifyHeader("GP")).toBe("amount");
    expect(classifyHeader("EP")).toBe("unit_price");
    expect(classifyHeader("No. off")).toBe("quantity");
    expect(matchHeaderRow(["Artikel-Nr.", "Bezeichnung", "Stk", "EP", "Rab. %", "GP"])?.roles).toEqual([
      "code",
      "description",
      "quantity",
      "unit_price",
      "discount",
      "amount",
    ]);
  });
});

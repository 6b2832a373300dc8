import { describe, expect, it } from "vitest";
import { announcesDeliveryDate, findPoNumbers, findUnassignedDates } from "./headerFields.ts";

describe("the customer's PO number", () => {
  it("keeps a number that starts with N after 'Bestellnummer:'", () => {
    expect(findPoNumbers("Unsere Bestellnummer: NE-2026-0412")[0]).toBe("NE-2026-0412");
    expect(findPoNumbers("Order no. NX-77120")[0]).toBe("NX-77120");
    expect(findPoNumbers("Bon de commande n° CL-7781")[0]).toBe("CL-7781");
  });

  it("accepts AB-/RE- numbers when the label says it is the order number", () => {
    expect(findPoNumbers("Bestell-Nr.: AB-55120, Liefertermin: 30.11.2026")[0]).toBe("AB-55120");
    // without such a label an AB- number is an order confirmation, not the PO
    expect(findPoNumbers("Auftrag AB-55120")).toEqual([]);
  });

  it("reads 'our ref' / 'notre référence' / 'unsere Referenz'", () => {
    expect(findPoNumbers("Separate new order please, our ref OWL-4452:")[0]).toBe("OWL-4452");
    expect(findPoNumbers("Notre référence : LD-2026-340")[0]).toBe("LD-2026-340");
    expect(findPoNumbers("Unsere Referenz: HB-7781")[0]).toBe("HB-7781");
  });

  it("a title naming the document does not swallow the labelled number below it", () => {
    expect(
      findPoNumbers(
        "LABORATOIRES DURAND SA - BON DE COMMANDE\nN° de commande : LD-2026-355\tDate : 18/11/2026",
      ),
    ).toEqual(["LD-2026-355"]);
    expect(findPoNumbers("Unsere Bestellnummer dafür ist SB-3455.")[0]).toBe("SB-3455");
  });

  it("takes a number with a PO segment inside ('BOI-PO-8240') as written", () => {
    expect(findPoNumbers("Please supply under BOI-PO-8240 (pricing as agreed)")).toContain("BOI-PO-8240");
  });

  it("never takes a street number under a title as the PO number; a lone value under a label counts", () => {
    expect(findPoNumbers("PURCHASE ORDER\n1250 Industrial Parkway\nDayton, OH 45402")).toEqual([]);
    expect(findPoNumbers("BON DE COMMANDE\n152 avenue de la République")).toEqual([]);
    expect(findPoNumbers("Bestellnummer:\n4500018872\nLieferung bis 3.12.")).toEqual(["4500018872"]);
  });
});

describe("dates the order states", () => {
  const ctx = { order: "DMY" as const, reference: new Date("2026-11-10T00:00:00Z") };
  it("lists a full date that is neither the order date nor the delivery date read", () => {
    const text = "Order Date: 10/11/2026\nRequired: 30/11/2026\nTotal 1.04";
    expect(findUnassignedDates(text, ctx, ["2026-11-10", null])).toEqual(["30/11/2026"]);
    // validity and payment dates, and the header of a quoted mail, are not about the order
    expect(findUnassignedDates("Angebot gültig bis 30.11.2026\nGesendet: 3.11.2026", ctx, [])).toEqual([]);
  });
  it("knows a delivery date label, not a delivery address", () => {
    expect(announcesDeliveryDate("Liefertermin: KW 48")).toBe(true);
    expect(announcesDeliveryDate("Need by: next Friday")).toBe(true);
    expect(announcesDeliveryDate("Livraison souhaitée : semaine 49")).toBe(true);
    expect(announcesDeliveryDate("Lieferadresse: Tor 2, Borsigstraße 20")).toBe(false);
  });
});

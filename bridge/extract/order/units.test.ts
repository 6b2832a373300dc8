import { describe, expect, it } from "vitest";
import { convertQuantity, parseUnit } from "./units.ts";

describe("units", () => {
  it("recognises unit words", () => {
    expect(parseUnit("pce")).toBe("Units");
    expect(parseUnit("Stk")).toBe("Units");
    expect(parseUnit("VE à 10 Stk")).toBe("Box of 10");
    expect(parseUnit("boîtes de 10")).toBe("Box of 10");
    expect(parseUnit("dozen")).toBe("Dozens");
    expect(parseUnit("kg")).toBe("kg");
    expect(parseUnit("L")).toBe("L");
    expect(parseUnit("m")).toBe("m");
    expect(parseUnit("banana")).toBeNull();
  });
  it("converts into the catalog unit", () => {
    expect(convertQuantity(3, "Dozens", "Dozens").quantity).toBe(3);
    const desks = convertQuantity(2, "Dozens", "Units");
    expect(desks.quantity).toBe(24);
    expect(desks.note).toContain("24 Units");
    const dishes = convertQuantity(50, "Units", "Box of 10");
    expect(dishes.quantity).toBe(5);
    expect(dishes.priceFactor).toBe(10);
    expect(convertQuantity(500, "g", "kg").quantity).toBe(0.5);
    expect(convertQuantity(12, null, "Box of 10")).toMatchObject({ quantity: 12, note: null });
  });
  it("refuses conversions that do not make sense", () => {
    expect(convertQuantity(7, "Units", "Box of 10").incompatible).toBe(true);
    expect(convertQuantity(5, "kg", "Units").incompatible).toBe(true);
  });
  it("treats a pack of unstated size as our box only for products sold per box of 10", () => {
    expect(parseUnit("boîtes")).toBe("Box");
    expect(parseUnit("VE")).toBe("Box");
    expect(parseUnit("paquets de 10")).toBe("Box of 10");
    expect(parseUnit("packs of 10")).toBe("Box of 10");
    expect(convertQuantity(5, "Box", "Box of 10")).toMatchObject({ quantity: 5, incompatible: false });
    // "40 boîtes de gants (boîte de 100)": not 400 gloves; kept as written and flagged
    expect(convertQuantity(40, "Box", "Units")).toMatchObject({ quantity: 40, incompatible: true });
  });
});

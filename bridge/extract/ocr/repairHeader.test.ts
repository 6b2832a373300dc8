import { describe, expect, it } from "vitest";
import type { LayoutLine } from "../tables/layoutTables.ts";
import { labelFor, repairHeaderLabels } from "./repairHeader.ts";

const line = (...cells: string[]): LayoutLine => ({
  chunks: cells.map((text, i) => ({ text, x0: i * 100, x1: i * 100 + 80 })),
  top: 100,
  size: 10,
  page: 1,
});

describe("misread column labels", () => {
  it("takes a near miss for the one label it resembles, and leaves real words alone", () => {
    expect(labelFor("Quaniite")).toBe("Quantité");
    expect(labelFor("Quanuie")).toBe("Quantité");
    expect(labelFor("Rét.")).toBe("Réf");
    expect(labelFor("Menge")).toBeNull(); // already a label
    expect(labelFor("Hamburg")).toBeNull();
    expect(labelFor("of")).toBeNull();
  });

  it("repairs only lines that read like a table header", () => {
    const lines = [line("Sehr", "geehrte", "Damen"), line("Pos", "Bezeichnung", "Mengc", "Preis")];
    const repaired = repairHeaderLabels(lines);
    expect(repaired?.[0]).toBe(lines[0]);
    expect(repaired?.[1]?.chunks.map((c) => c.text)).toEqual(["Pos", "Bezeichnung", "Menge", "Preis"]);
    expect(repairHeaderLabels([line("Pos", "Bezeichnung", "Menge")])).toBeNull();
  });
});

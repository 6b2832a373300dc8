import { describe, expect, it } from "vitest";
import { applyChanges } from "./amendment.ts";
import { emptyRawLine, type RawLine } from "./rawLine.ts";

const line = (code: string, quantity: number): RawLine => ({ ...emptyRawLine("quoted"), code, quantity });

describe("change instructions", () => {
  it("reads 'N … (CODE) instead of M' when M is the quantity the line has", () => {
    const lines = [line("FUR-1401", 6), line("FUR-1402", 4)];
    const r = applyChanges(
      lines,
      "small change to OWL-4452: please make it 6 of the dual monitor arms (FUR-1402) instead of 4.",
    );
    expect(r.lines.map((l) => l.quantity)).toEqual([6, 6]);
    expect(r.applied).toEqual(["FUR-1402: quantity 4 -> 6"]);
    expect(applyChanges(lines, "FUR-1402: 10 statt 4 Stück").lines[1]?.quantity).toBe(10);
    // the old number must be the line's quantity: otherwise nothing is guessed
    expect(applyChanges(lines, "FUR-1402: 10 statt 5").applied).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { findDates, parseDate } from "./parseDate.ts";

const ref = new Date("2026-10-20T10:00:00Z");

describe("parseDate", () => {
  it("reads day-first dates with dots as unambiguous", () => {
    expect(parseDate("02.11.2026", { order: "MDY", reference: ref })).toEqual({
      iso: "2026-11-02",
      ambiguous: false,
    });
  });
  it("uses the writer's order for slashes and flags the ambiguity", () => {
    expect(parseDate("05/11/2026", { order: "DMY", reference: ref })).toEqual({
      iso: "2026-11-05",
      ambiguous: true,
    });
    expect(parseDate("05/11/2026", { order: "MDY", reference: ref })).toEqual({
      iso: "2026-05-11",
      ambiguous: true,
    });
  });
  it("lets impossible values decide", () => {
    expect(parseDate("11/17/2026", { order: "DMY", reference: ref })).toEqual({
      iso: "2026-11-17",
      ambiguous: false,
    });
    expect(parseDate("17/11/2026", { order: "MDY", reference: ref })).toEqual({
      iso: "2026-11-17",
      ambiguous: false,
    });
  });
  it("reads ISO dates and month names in en/de/fr/es, year from the reference", () => {
    expect(parseDate("2026-11-02", { order: "DMY" })?.iso).toBe("2026-11-02");
    expect(parseDate("20 November", { order: "DMY", reference: ref })?.iso).toBe("2026-11-20");
    expect(parseDate("3. Dezember 2026", { order: "DMY" })?.iso).toBe("2026-12-03");
    expect(parseDate("12 novembre 2026", { order: "DMY" })?.iso).toBe("2026-11-12");
    expect(parseDate("5 de diciembre de 2026", { order: "DMY" })?.iso).toBe("2026-12-05");
    expect(parseDate("November 24, 2026", { order: "DMY" })?.iso).toBe("2026-11-24");
    expect(parseDate("23/10", { order: "DMY", reference: ref })?.iso).toBe("2026-10-23");
  });
  it("rejects invalid dates", () => {
    expect(parseDate("31.02.2026", { order: "DMY" })).toBeNull();
  });
  it("finds dates in running text", () => {
    expect(
      findDates("Lieferung bis 12.11.2026, bestellt am 29.10.2026", { order: "DMY" }).map((d) => d.iso),
    ).toEqual(["2026-11-12", "2026-10-29"]);
  });
  it("reads French and English ordinal days", () => {
    expect(parseDate("1er décembre 2026", { order: "DMY" })?.iso).toBe("2026-12-01");
    expect(findDates("Livraison souhaitée : 1er décembre 2026", { order: "DMY" }).map((d) => d.iso)).toEqual([
      "2026-12-01",
    ]);
    expect(findDates("Deliver by 20th November 2026", { order: "DMY" }).map((d) => d.iso)).toEqual([
      "2026-11-20",
    ]);
  });
});

import type { UnitFamily } from "../order/units.ts";

/**
 * UN/ECE Recommendation 20 (and Rec 21 packaging codes with the "X" prefix used by UBL and CII) ->
 * the unit names Order Intake converts between (bridge/extract/order/units.ts), which are Odoo's unit
 * names (Units, Dozens, kg, g, L, ml, m, cm, mm) and "Box" for a pack of unstated size.
 * EDIFACT EANCOM writes the same codes ("PCE", "KGM").
 */
const REC20: Record<string, UnitFamily> = {
  // counts
  C62: "Units", // one
  H87: "Units", // piece
  EA: "Units", // each
  PCE: "Units", // piece (EDIFACT / older Rec 20)
  NAR: "Units", // number of articles
  NPL: "Units", // number of parcels
  IE: "Units", // person
  SET: "Units",
  PR: "Units", // pair counted as one article
  XPP: "Units", // piece (Rec 21)
  XUN: "Units", // unit (Rec 21)
  ZZ: "Units", // mutually defined: counted as one
  NIU: "Units", // number of international units
  NMP: "Box", // number of packs
  // codes of older Rec 20 revisions still written by UBL 2.0 and EDIFACT senders
  KG: "kg",
  KGS: "kg",
  LT: "L",
  PCS: "Units",
  PC: "Units",
  DZN: "Dozens",
  DPC: "Dozens", // dozen pieces
  // packs of a size the document does not state
  BX: "Box",
  XBX: "Box",
  CT: "Box",
  XCT: "Box", // carton
  PK: "Box",
  XPK: "Box", // package
  PA: "Box", // packet
  XPA: "Box",
  CS: "Box", // case
  XCS: "Box",
  // mass
  KGM: "kg",
  GRM: "g",
  // volume
  LTR: "L",
  MLT: "ml",
  // length
  MTR: "m",
  CMT: "cm",
  MMT: "mm",
};

/** Units per code for those that are a multiple of another: TNE (tonne) = 1000 kg, hundreds, thousands. */
const SCALED: Record<string, { unit: UnitFamily; factor: number }> = {
  TNE: { unit: "kg", factor: 1000 },
  MGM: { unit: "g", factor: 0.001 },
  CLT: { unit: "ml", factor: 10 },
  DLT: { unit: "ml", factor: 100 },
  HLT: { unit: "L", factor: 100 },
  MTQ: { unit: "L", factor: 1000 },
  KMT: { unit: "m", factor: 1000 },
  DMT: { unit: "cm", factor: 10 },
  CEN: { unit: "Units", factor: 100 }, // hundred
  MIL: { unit: "Units", factor: 1000 }, // thousand
  GRO: { unit: "Units", factor: 144 }, // gross
};

export interface MappedUnit {
  /** The unit name of units.ts / Odoo. */
  unit: UnitFamily;
  /** Quantity in `unit` per one of the coded unit (1000 for TNE -> kg). */
  factor: number;
}

/** Maps a Rec 20 / Rec 21 code to an Odoo unit; null for codes not known (kept as written, a doubt). */
export function mapUnitCode(code: string | null | undefined): MappedUnit | null {
  if (!code) return null;
  const c = code.trim().toUpperCase();
  const direct = REC20[c];
  if (direct) return { unit: direct, factor: 1 };
  return SCALED[c] ?? null;
}

/** Units of measure as customers write them, and conversion into the catalog unit. */

/** "Box" is a pack of unstated size ("40 boîtes", "3 VE"): it is our "Box of 10" only for products sold so. */
export type UnitFamily =
  | "Units"
  | "Dozens"
  | "Box of 10"
  | "Box"
  | "kg"
  | "g"
  | "L"
  | "ml"
  | "m"
  | "cm"
  | "mm";

const UNIT_WORDS: Array<[RegExp, UnitFamily]> = [
  [
    /^(cartons? of 10|boxes of 10|packs? of 10|paquets? de 10|paquetes? de 10|lots? de 10|packungen? (?:à|a|zu) 10)$/,
    "Box of 10",
  ],
  [/^(box(es)?|bo[iî]tes?|caj(a|as)|ve|vpe|packs?|pk|pkt|paquets?|paquetes?|packungen?|lots?)$/, "Box"],
  [/^(dozens?|dz|doz|dtz|dutzend|douzaines?|docenas?)$/, "Dozens"],
  [
    /^(pcs?|pces?|pi[eè]ces?|stk|st|stck|st[uü]ck|ea|each|units?|u|ud|uds|unidad(es)?|pz|pzs|piezas?|x|rolls?|rollen?|rouleaux?|rollos?|pal|pallets?|paletten?|palettes?|pal[eé]s?)$/,
    "Units",
  ],
  [/^(kg|kgs|kilos?|kilogram(m|me|mo)?s?)$/, "kg"],
  [/^(g|gr|grams?|gramm|grammes?|gramos?)$/, "g"],
  [/^(l|lt|ltr|liters?|litres?|litros?|liter)$/, "L"],
  [/^(ml)$/, "ml"],
  [/^(m|lfm|lfdm|meters?|metres?|metros?|meter|mètres?)$/, "m"],
  [/^(cm)$/, "cm"],
];

/** Recognises a unit word ("pce", "Stk", "VE", "boîtes", "dozen"); null if it is not one. */
export function parseUnit(raw: string | null | undefined): UnitFamily | null {
  if (!raw) return null;
  const s = raw.trim().toLowerCase().replace(/\.$/, "");
  if (
    /^(box(es)?|bo[iî]tes?|caj(a|as)|ve|vpe|packs?|cartons?|paquets?|paquetes?|packungen?|lots?)\s*(?:(?:of|de|à|a|zu)\s*)?10\b/.test(
      s,
    )
  )
    return "Box of 10";
  for (const [re, fam] of UNIT_WORDS) if (re.test(s)) return fam;
  return null;
}

export interface Converted {
  quantity: number;
  /** Multiply a price per written unit by this to get the price per catalog unit. */
  priceFactor: number;
  /** Set when a conversion took place: "50 Units -> 5 Box of 10". */
  note: string | null;
  /** True when the written unit cannot be converted into the catalog unit. */
  incompatible: boolean;
}

const PER_UNIT: Partial<Record<UnitFamily, number>> = { Units: 1, Dozens: 12, "Box of 10": 10 };
const MASS: Partial<Record<UnitFamily, number>> = { kg: 1, g: 0.001 };
const VOLUME: Partial<Record<UnitFamily, number>> = { L: 1, ml: 0.001 };
const LENGTH: Partial<Record<UnitFamily, number>> = { m: 1, cm: 0.01, mm: 0.001 };

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Expresses a quantity written in `unit` in the catalog unit `catalogUom`. */
export function convertQuantity(quantity: number, unit: UnitFamily | null, catalogUom: string): Converted {
  const target = (parseUnit(catalogUom) ?? catalogUom) as UnitFamily;
  const same = { quantity, priceFactor: 1, note: null, incompatible: false };
  if (!unit || unit === target) return same;
  // a pack of unstated size is our box only for products sold per box; anything else is unclear
  if (unit === "Box") return target === "Box of 10" ? same : { ...same, incompatible: true };
  for (const table of [PER_UNIT, MASS, VOLUME, LENGTH]) {
    const from = table[unit];
    const to = table[target];
    if (from !== undefined && to !== undefined) {
      const q = round((quantity * from) / to);
      // a count that does not come out whole (7 pieces of a box of 10) is not a conversion to trust
      if (table === PER_UNIT && Math.abs(q - Math.round(q)) > 1e-9) {
        return { ...same, incompatible: true };
      }
      return {
        quantity: q,
        priceFactor: to / from,
        note: `${quantity} ${unit} = ${q} ${catalogUom}`,
        incompatible: false,
      };
    }
  }
  return { ...same, incompatible: true };
}

import type { ParsedOrder } from "../../extract/pipeline/parsedOrder.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import type { ModuleReason } from "../moduleWriteCommon.ts";

/** The vendor whose VAT number an e-invoice states (its commercial partner); null when none has it. */
export async function vendorByVat(
  client: OdooClient,
  vat: string | null | undefined,
): Promise<number | null> {
  const key = vat?.replace(/\s+/g, "").toUpperCase();
  if (!key || key.length < 8) return null;
  const rows = await client.searchRead<{ id: number; commercial_partner_id: [number, string] | false }>(
    "res.partner",
    [["vat", "=ilike", key]],
    ["id", "commercial_partner_id"],
    { limit: 1, order: "id" },
  );
  const row = rows[0];
  if (!row) return null;
  return row.commercial_partner_id ? row.commercial_partner_id[0] : row.id;
}

const money = (n: number | null | undefined) => (n === null || n === undefined ? "?" : n.toFixed(2));

/**
 * What a structured bill states beyond its lines, for the bill's note and the intake log: the standard
 * read, the taxes per rate and the totals; a doubt when its own figures do not add up.
 */
export function structuredBillReasons(s: ParsedOrder): ModuleReason[] {
  const out: ModuleReason[] = [
    {
      code: "structured.read",
      severity: "info",
      message: `Read as ${s.standard ?? s.reader} from ${s.source}: number, dates, lines, taxes and totals as the document states them.`,
    },
  ];
  const t = s.totals ?? {};
  const taxes = (s.taxes ?? []).map((x) => `${x.percent ?? "?"} % on ${money(x.base)} = ${money(x.amount)}`);
  out.push({
    code: "bill.stated_totals",
    severity: "info",
    message:
      `Stated: untaxed ${money(t.taxExclusive ?? t.lineExtension)}, tax ${money(t.tax)}${taxes.length ? ` (${taxes.join("; ")})` : ""}, total ${money(t.taxInclusive ?? t.payable)} ${s.currency ?? ""}.`.trim(),
  });
  const lineSum = s.lines.reduce((acc, l) => acc + (l.amount ?? 0), 0);
  const close = (a: number, b: number) => Math.abs(a - b) <= 0.011;
  if (
    t.lineExtension != null &&
    s.lines.every((l) => l.amount !== null) &&
    !close(lineSum, t.lineExtension)
  ) {
    out.push({
      code: "totals.mismatch",
      severity: "hard",
      message: `The lines add up to ${lineSum.toFixed(2)}, the document states ${t.lineExtension.toFixed(2)}.`,
    });
  }
  const taxSum = (s.taxes ?? []).reduce((acc, x) => acc + (x.amount ?? 0), 0);
  if (t.tax != null && (s.taxes ?? []).length > 0 && !close(taxSum, t.tax)) {
    out.push({
      code: "totals.tax_mismatch",
      severity: "hard",
      message: `The taxes per rate add up to ${taxSum.toFixed(2)}, the document states ${t.tax.toFixed(2)}.`,
    });
  }
  if (
    t.taxExclusive != null &&
    t.tax != null &&
    t.taxInclusive != null &&
    !close(t.taxExclusive + t.tax, t.taxInclusive)
  ) {
    out.push({
      code: "totals.mismatch",
      severity: "hard",
      message: `Untaxed ${t.taxExclusive.toFixed(2)} + tax ${t.tax.toFixed(2)} is not the stated total ${t.taxInclusive.toFixed(2)}.`,
    });
  }
  return out;
}

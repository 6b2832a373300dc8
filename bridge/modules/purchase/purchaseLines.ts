import type { OdooClient } from "../../odoo/odooClient.ts";
import { purchaseLineFieldNames } from "../../odoo/saleFieldNames.ts";
import { type ModuleReason, m2oId, round2 } from "../moduleWriteCommon.ts";
import type { SupplierLine } from "../supplierDocument/readSupplierDocument.ts";

/** A purchase.order.line with the codes that may name its product on a supplier's document. */
export interface PurchaseLine {
  id: number;
  productId: number | null;
  name: string;
  quantity: number;
  priceUnit: number;
  datePlanned: string | null;
  qtyReceived: number;
  qtyInvoiced: number;
  /** Our default_code and the vendor's product codes (product.supplierinfo). */
  codes: string[];
}

/** Reads the lines of a purchase order with their product codes (ours and the vendor's). */
export async function loadPurchaseLines(
  client: OdooClient,
  orderId: number,
  vendorId: number | null,
): Promise<PurchaseLine[]> {
  const names = await purchaseLineFieldNames(client);
  const rows = await client.searchRead<Record<string, unknown>>(
    "purchase.order.line",
    [
      ["order_id", "=", orderId],
      ["display_type", "=", false],
    ],
    [
      "id",
      "product_id",
      "name",
      names.quantity,
      "price_unit",
      "date_planned",
      "qty_received",
      "qty_invoiced",
    ],
    { order: "sequence, id" },
  );
  const productIds = [
    ...new Set(rows.map((r) => m2oId(r.product_id)).filter((x): x is number => x !== null)),
  ];
  const products = productIds.length
    ? await client.read<{
        id: number;
        default_code: string | false;
        product_tmpl_id: [number, string] | false;
      }>("product.product", productIds, ["id", "default_code", "product_tmpl_id"])
    : [];
  const tmplOf = new Map(products.map((p) => [p.id, m2oId(p.product_tmpl_id)]));
  const sellers =
    products.length && vendorId
      ? await client.searchRead<{ product_tmpl_id: [number, string] | false; product_code: string | false }>(
          "product.supplierinfo",
          [
            ["partner_id", "child_of", vendorId],
            [
              "product_tmpl_id",
              "in",
              [...new Set([...tmplOf.values()].filter((x): x is number => x !== null))],
            ],
          ],
          ["product_tmpl_id", "product_code"],
        )
      : [];
  return rows.map((r) => {
    const productId = m2oId(r.product_id);
    const product = products.find((p) => p.id === productId);
    const tmpl = productId ? tmplOf.get(productId) : null;
    const codes = [
      ...(product?.default_code ? [product.default_code] : []),
      ...sellers
        .filter((s) => m2oId(s.product_tmpl_id) === tmpl && s.product_code)
        .map((s) => s.product_code as string),
    ].map((c) => c.toUpperCase());
    return {
      id: r.id as number,
      productId,
      name: String(r.name ?? ""),
      quantity: Number(r[names.quantity] ?? 0),
      priceUnit: Number(r.price_unit ?? 0),
      datePlanned: typeof r.date_planned === "string" ? r.date_planned.slice(0, 10) : null,
      qtyReceived: Number(r.qty_received ?? 0),
      qtyInvoiced: Number(r.qty_invoiced ?? 0),
      codes,
    };
  });
}

const words = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2),
  );

/**
 * Pairs each document line with a PO line: by product code (ours or the vendor's), then by shared
 * words in the description, then by position when both have as many lines. Unpaired lines stay null.
 */
export function matchLines(doc: SupplierLine[], po: PurchaseLine[]): Array<PurchaseLine | null> {
  const used = new Set<number>();
  const out: Array<PurchaseLine | null> = doc.map((l) => {
    const code = l.code?.toUpperCase();
    const hit = code ? po.find((p) => !used.has(p.id) && p.codes.includes(code)) : undefined;
    if (hit) used.add(hit.id);
    return hit ?? null;
  });
  for (const [i, l] of doc.entries()) {
    if (out[i]) continue;
    const w = words(l.description);
    let best: PurchaseLine | null = null;
    let bestScore = 0;
    for (const p of po) {
      if (used.has(p.id)) continue;
      const pw = words(p.name);
      const shared = [...w].filter((x) => pw.has(x)).length;
      const score = shared / Math.max(1, Math.min(w.size, pw.size));
      if (score > bestScore) {
        best = p;
        bestScore = score;
      }
    }
    if (best && bestScore >= 0.5) {
      used.add(best.id);
      out[i] = best;
    }
  }
  if (doc.length === po.length) {
    for (const [i] of doc.entries()) {
      const p = po[i]!;
      if (!out[i] && !used.has(p.id)) {
        used.add(p.id);
        out[i] = p;
      }
    }
  }
  return out;
}

/** Differences between a supplier's lines and our PO: quantities, prices, dates, missing and extra lines. */
export function compareLines(
  doc: SupplierLine[],
  po: PurchaseLine[],
  options: { expectedDate?: string | null; quantityField?: "ordered" | "billable" } = {},
): { pairs: Array<PurchaseLine | null>; differences: ModuleReason[] } {
  const pairs = matchLines(doc, po);
  const differences: ModuleReason[] = [];
  for (const [i, l] of doc.entries()) {
    const p = pairs[i];
    const label = l.code ?? l.description.slice(0, 40);
    if (!p) {
      differences.push({
        code: "line.not_on_po",
        severity: "hard",
        message: `line ${i + 1} (${label}) is not on the purchase order`,
      });
      continue;
    }
    const expectedQty =
      options.quantityField === "billable"
        ? round2((p.qtyReceived > 0 ? p.qtyReceived : p.quantity) - p.qtyInvoiced)
        : p.quantity;
    if (l.quantity !== null && Math.abs(l.quantity - expectedQty) > 1e-6) {
      differences.push({
        code: "line.quantity_differs",
        severity: "hard",
        message: `${label}: quantity ${l.quantity} where the PO has ${expectedQty}${options.quantityField === "billable" ? " to bill" : ""}`,
      });
    }
    if (l.unitPrice !== null && Math.abs(l.unitPrice - p.priceUnit) > 0.005) {
      differences.push({
        code: "line.price_differs",
        severity: "hard",
        message: `${label}: unit price ${l.unitPrice} where the PO has ${p.priceUnit}`,
      });
    }
  }
  for (const p of po) {
    if (!pairs.includes(p)) {
      differences.push({
        code: "line.missing",
        severity: "warning",
        message: `PO line ${p.name.split("\n")[0]} (${p.quantity}) is not on the document`,
      });
    }
  }
  if (options.expectedDate) {
    const planned = [...new Set(po.map((p) => p.datePlanned).filter(Boolean))];
    if (planned.length > 0 && !planned.includes(options.expectedDate)) {
      differences.push({
        code: "date.differs",
        severity: "hard",
        message: `expected date ${options.expectedDate} where the PO plans ${planned.join(", ")}`,
      });
    }
  }
  return { pairs, differences };
}

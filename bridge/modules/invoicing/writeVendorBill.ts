import type { OdooClient } from "../../odoo/odooClient.ts";
import { bridgeContext } from "../../odoo/writeSaleDraft.ts";
import {
  appInstalled,
  attachAndNote,
  extractionDoubts,
  findCurrency,
  findPurchaseOrders,
  findVendor,
  logModuleResult,
  type ModuleInput,
  ModuleRejectedError,
  type ModuleResult,
  requireApp,
} from "../moduleWriteCommon.ts";
import { compareLines, loadPurchaseLines, type PurchaseLine } from "../purchase/purchaseLines.ts";
import { structuredBillReasons, vendorByVat } from "./structuredBill.ts";

/**
 * Invoicing: a vendor bill becomes a draft account.move (in_invoice) for the right vendor, its lines
 * matched to the purchase order when one exists (quantities and prices checked against it), the PDF
 * attached. A bill reference already booked for that vendor is refused.
 */
export async function writeVendorBill(client: OdooClient, input: ModuleInput): Promise<ModuleResult> {
  await requireApp(client, "invoicing");
  const structured = input.doc.structured ?? null;
  // the partner chosen at upload, else the VAT number an e-invoice states, else the sender
  const vendorId =
    input.partnerId ??
    (await vendorByVat(client, structured?.seller?.vat)) ??
    (await findVendor(client, input));
  if (!vendorId) {
    throw new ModuleRejectedError(
      "partner.unknown",
      `the sender ${input.doc.senderEmail ?? "?"} is not a known vendor in Odoo`,
    );
  }
  const [existing] = await client.searchRead<{ id: number; name: string; state: string }>(
    "account.move",
    [["order_intake_message_id", "=", input.key]],
    ["id", "name", "state"],
    { limit: 1 },
  );
  const ref = input.doc.documentRef;
  if (!existing && ref) {
    const [dup] = await client.searchRead<{ id: number; name: string }>(
      "account.move",
      [
        ["move_type", "=", "in_invoice"],
        ["partner_id", "child_of", vendorId],
        ["ref", "=ilike", ref],
        ["state", "!=", "cancel"],
      ],
      ["id", "name"],
      { limit: 1 },
    );
    if (dup) {
      throw new ModuleRejectedError(
        "bill.duplicate_reference",
        `bill reference ${ref} of this vendor is already recorded (${dup.name || `account.move ${dup.id}`})`,
      );
    }
  }
  const reasons = extractionDoubts(input);
  if (structured) reasons.push(...structuredBillReasons(structured));
  if (!ref) reasons.push({ code: "bill.no_reference", severity: "hard", message: "no bill number found" });

  let billId = existing?.id;
  let created = false;
  let poName: string | null = null;
  if (billId === undefined) {
    const orders = (await appInstalled(client, "purchase"))
      ? await findPurchaseOrders(client, input.doc.poNumbers, vendorId)
      : [];
    const po = orders[0];
    let pairs: Array<PurchaseLine | null> = input.doc.lines.map(() => null);
    if (po) {
      poName = po.name;
      const poLines = await loadPurchaseLines(client, po.id, vendorId);
      const compared = compareLines(input.doc.lines, poLines, { quantityField: "billable" });
      pairs = compared.pairs;
      reasons.push(
        { code: "bill.po_matched", severity: "info", message: `matched to purchase order ${po.name}` },
        ...compared.differences.filter((d) => d.code !== "line.missing"),
      );
    } else if (input.doc.poNumbers.length > 0) {
      reasons.push({
        code: "bill.po_not_found",
        severity: "warning",
        message: `purchase order ${input.doc.poNumbers.join(", ")} not found; lines written without it`,
      });
    }
    if (input.doc.lines.length === 0) {
      reasons.push({ code: "bill.no_lines", severity: "hard", message: "no bill lines could be read" });
    }
    const invoiceLines = input.doc.lines.map((l, i) => {
      const p = pairs[i];
      const values: Record<string, unknown> = {
        name: [l.code, l.description].filter(Boolean).join(" "),
        quantity: l.quantity ?? 1,
      };
      if (l.unitPrice !== null) values.price_unit = l.unitPrice;
      else if (l.amount !== null) values.price_unit = l.amount / (l.quantity || 1);
      if (p) {
        values.purchase_line_id = p.id;
        if (p.productId) values.product_id = p.productId;
      }
      return [0, 0, values];
    });
    const review = reasons.some((r) => r.severity !== "info");
    const values: Record<string, unknown> = {
      move_type: structured?.documentKind === "credit_note" ? "in_refund" : "in_invoice",
      partner_id: vendorId,
      invoice_line_ids: invoiceLines,
      order_intake_message_id: input.key,
      order_intake_confidence: input.confidence,
      order_intake_review_state: review ? "to_review" : "automatic",
      order_intake_reasons: JSON.stringify(reasons),
    };
    if (ref) values.ref = ref;
    if (input.doc.documentDate) values.invoice_date = input.doc.documentDate;
    if (input.doc.dueDate) values.invoice_date_due = input.doc.dueDate;
    if (poName) values.invoice_origin = poName;
    const currency = await findCurrency(client, input.doc.currency);
    if (currency) values.currency_id = currency;
    billId = await client.create("account.move", values, bridgeContext);
    created = true;
  }
  const [bill] = await client.read<{ name: string; amount_untaxed: number }>(
    "account.move",
    [billId],
    ["name", "amount_untaxed"],
  );
  if (
    input.doc.totalUntaxed !== null &&
    bill &&
    typeof bill.amount_untaxed === "number" &&
    Math.abs(bill.amount_untaxed - input.doc.totalUntaxed) > 0.01
  ) {
    reasons.push({
      code: "bill.total_differs",
      severity: "hard",
      message: `untaxed total ${bill.amount_untaxed} in Odoo, ${input.doc.totalUntaxed} on the bill`,
    });
  }
  // the PDF (not the .eml) becomes the bill's main attachment
  await attachAndNote(client, input, {
    model: "account.move",
    resId: billId,
    head: `${structured?.documentKind === "credit_note" ? "Vendor credit note" : "Vendor bill"} ${ref ?? "?"}${structured?.standard ? ` (${structured.standard})` : ""} read from ${input.sender ?? "an upload"}${poName ? `, matched to ${poName}` : ""}.`,
    reasons,
    withoutEml: true,
  });
  const result = await logModuleResult(client, input, "invoicing", {
    model: "account.move",
    resId: billId,
    name: bill?.name || ref || `account.move ${billId}`,
    reasons,
    review: reasons.some((r) => r.severity !== "info"),
    created,
  });
  const [linked] = await client.read<{ order_intake_log_id: unknown }>(
    "account.move",
    [billId],
    ["order_intake_log_id"],
  );
  if (linked && !linked.order_intake_log_id) {
    await client.write("account.move", [billId], { order_intake_log_id: result.logId }, bridgeContext);
  }
  return result;
}

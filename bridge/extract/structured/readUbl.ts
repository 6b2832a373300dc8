import type {
  ParsedDocumentKind,
  ParsedLine,
  ParsedOrder,
  PartyIdentifiers,
  PostalAddress,
} from "../pipeline/parsedOrder.ts";
import { all, at, children, textAt, type XmlElement } from "./safeXml.ts";
import { addPartyId, attrAt, firstText, provenanceFor, xmlDate, xmlNumber } from "./xmlValues.ts";

/**
 * UBL 2.0 / 2.1 documents (OASIS), including Peppol BIS Ordering 3 and Billing 3 (EN 16931):
 * Order, OrderChange, OrderCancellation, OrderResponse(Simple), RequestForQuotation, Invoice and
 * CreditNote. Elements are found by local name, so namespace prefixes and UBL 2.0 vs 2.1 do not
 * matter; extensions (UBLExtensions) and elements not named here are ignored; every optional element
 * may be missing. Every value carries its XML path as provenance.
 */

const ROOTS: Record<string, { kind: ParsedDocumentKind; label: string; line: string; qty: string }> = {
  Order: { kind: "order", label: "Order", line: "OrderLine", qty: "Quantity" },
  OrderChange: { kind: "order_change", label: "OrderChange", line: "OrderLine", qty: "Quantity" },
  OrderCancellation: {
    kind: "order_cancellation",
    label: "OrderCancellation",
    line: "OrderLine",
    qty: "Quantity",
  },
  OrderResponse: { kind: "order_response", label: "OrderResponse", line: "OrderLine", qty: "Quantity" },
  OrderResponseSimple: {
    kind: "order_response",
    label: "OrderResponseSimple",
    line: "OrderLine",
    qty: "Quantity",
  },
  RequestForQuotation: {
    kind: "request_for_quotation",
    label: "RequestForQuotation",
    line: "RequestForQuotationLine",
    qty: "Quantity",
  },
  Invoice: { kind: "invoice", label: "Invoice", line: "InvoiceLine", qty: "InvoicedQuantity" },
  CreditNote: { kind: "credit_note", label: "CreditNote", line: "CreditNoteLine", qty: "CreditedQuantity" },
};

const UBL_NS = "urn:oasis:names:specification:ubl:schema:xsd:";

/** Whether a parsed XML root is a UBL document this reader knows. */
export function isUblRoot(root: XmlElement): boolean {
  return root.name in ROOTS && (root.ns.startsWith(UBL_NS) || root.ns === "");
}

function standardName(root: XmlElement, label: string): string {
  const version = textAt(root, "UBLVersionID");
  const custom = textAt(root, "CustomizationID") ?? "";
  const profile = textAt(root, "ProfileID") ?? "";
  let flavour = "";
  if (
    /poacc:trns:order|poacc:bis:ordering|poacc:trns:order_change|order_cancellation|order_response/i.test(
      custom,
    )
  )
    flavour = " (Peppol BIS Ordering 3)";
  else if (/peppol\.eu:2017:poacc:billing|poacc:billing/i.test(custom + profile))
    flavour = " (Peppol BIS Billing 3)";
  else if (/xrechnung/i.test(custom)) flavour = " (XRechnung)";
  else if (/en16931/i.test(custom)) flavour = " (EN 16931)";
  else if (/ehf/i.test(custom + profile)) flavour = " (EHF)";
  return `UBL ${version ?? (root.ns.includes("-2") ? "2.x" : "2")} ${label}${flavour}`;
}

function address(el: XmlElement | null): PostalAddress | null {
  if (!el) return null;
  const a: PostalAddress = {
    street: textAt(el, "StreetName") ?? textAt(el, "AddressLine/Line"),
    street2: textAt(el, "AdditionalStreetName"),
    city: textAt(el, "CityName"),
    zip: textAt(el, "PostalZone"),
    country: textAt(el, "Country/IdentificationCode"),
  };
  const bn = textAt(el, "BuildingNumber");
  if (bn && a.street && !a.street.includes(bn)) a.street = `${a.street} ${bn}`;
  return Object.values(a).some(Boolean) ? a : null;
}

/** A cac:Party (or cac:DeliveryParty): every identifier it states. */
function party(el: XmlElement | null): PartyIdentifiers | null {
  if (!el) return null;
  const p: PartyIdentifiers = {};
  const endpoint = at(el, "EndpointID");
  if (endpoint?.text) {
    const scheme = endpoint.attrs.schemeID ?? "";
    p.endpoint = scheme ? `${scheme}:${endpoint.text}` : endpoint.text;
    addPartyId(p, scheme, endpoint.text);
  }
  for (const id of children(el, "PartyIdentification").flatMap((x) => children(x, "ID"))) {
    addPartyId(p, id.attrs.schemeID ?? id.attrs.schemeName ?? null, id.text || null);
  }
  for (const ts of children(el, "PartyTaxScheme")) {
    const id = textAt(ts, "CompanyID");
    if (!id) continue;
    const scheme = textAt(ts, "TaxScheme/ID") ?? "VAT";
    if (/^VAT$/i.test(scheme) || /^[A-Z]{2}/.test(id)) p.vat ??= id.replace(/\s/g, "").toUpperCase();
    else addPartyId(p, scheme, id);
  }
  const legal = at(el, "PartyLegalEntity");
  const legalId = legal ? at(legal, "CompanyID") : null;
  if (legalId?.text) addPartyId(p, legalId.attrs.schemeID ?? "LEGAL", legalId.text);
  p.name = textAt(el, "PartyName/Name") ?? textAt(legal, "RegistrationName") ?? null;
  p.email = textAt(el, "Contact/ElectronicMail") ?? null;
  p.address = address(at(el, "PostalAddress")) ?? address(at(el, "PhysicalLocation/Address"));
  if (p.address && !p.address.name) p.address.name = p.name ?? null;
  return p;
}

/** The party of a role element ("BuyerCustomerParty" -> its cac:Party). */
function roleParty(root: XmlElement, role: string): PartyIdentifiers | null {
  const r = at(root, role);
  if (!r) return null;
  const p = party(at(r, "Party"));
  if (!p) return null;
  // UBL 2.0 / older profiles: the customer's account ids on the role itself
  for (const k of ["CustomerAssignedAccountID", "SupplierAssignedAccountID"]) {
    const id = textAt(r, k);
    if (id) addPartyId(p, k, id);
  }
  return p;
}

type Prov = ReturnType<typeof provenanceFor>;

function allowanceCharges(el: XmlElement, base: string, prov: Prov, lineAmount?: number | null) {
  return children(el, "AllowanceCharge").map((ac, i) => {
    const charge = /^true$/i.test(textAt(ac, "ChargeIndicator") ?? "false");
    const factor = xmlNumber(textAt(ac, "MultiplierFactorNumeric"));
    const baseAmount = xmlNumber(textAt(ac, "BaseAmount")) ?? lineAmount ?? null;
    let amount = xmlNumber(textAt(ac, "Amount"));
    if (amount === null && factor !== null && baseAmount !== null) {
      // UBL 2.0 states the factor as a fraction (0.1), Peppol as a percent (10)
      amount = Math.round(baseAmount * (factor > 1 ? factor / 100 : factor) * 100) / 100;
    }
    return {
      charge,
      reason: textAt(ac, "AllowanceChargeReason") ?? textAt(ac, "AllowanceChargeReasonCode"),
      amount: amount ?? 0,
      percent: factor === null ? null : factor > 1 ? factor : factor * 100,
      taxPercent: xmlNumber(textAt(ac, "TaxCategory/Percent")),
      from: prov(`${base}/cac:AllowanceCharge[${i + 1}]/cbc:Amount`, textAt(ac, "Amount")),
    };
  });
}

function readLine(
  el: XmlElement,
  index: number,
  meta: (typeof ROOTS)[string],
  prov: Prov,
): ParsedLine | null {
  // Order, OrderChange, OrderResponse, RFQ: the item is in cac:LineItem; Invoice / CreditNote lines are flat
  const item = at(el, "LineItem") ?? el;
  const base = item === el ? `cac:${meta.line}[${index + 1}]` : `cac:${meta.line}[${index + 1}]/cac:LineItem`;
  const qtyEl = at(item, meta.qty) ?? at(item, "Quantity");
  const quantity = xmlNumber(qtyEl?.text);
  const it = at(item, "Item");
  const price = at(item, "Price");
  const priceAmount = xmlNumber(textAt(price, "PriceAmount"));
  const baseQty = at(price, "BaseQuantity");
  const baseValue = xmlNumber(baseQty?.text);
  const amount = xmlNumber(textAt(item, "LineExtensionAmount"));
  const description =
    [textAt(it, "Name"), textAt(it, "Description")].filter(Boolean).join(" – ") || textAt(item, "Note") || "";
  const codeEl = at(it, "SellersItemIdentification/ID");
  const skuEl = at(it, "BuyersItemIdentification/ID");
  const gtinEl = at(it, "StandardItemIdentification/ID");
  const mfrEl = at(it, "ManufacturersItemIdentification/ID");
  const line: ParsedLine = {
    position: textAt(item, "ID") ?? textAt(el, "ID") ?? String(index + 1),
    code: codeEl?.text || null,
    customerSku: skuEl?.text || null,
    barcode: gtinEl?.text && /^\d{8,14}$/.test(gtinEl.text) ? gtinEl.text : null,
    description,
    quantity,
    unit: qtyEl?.attrs.unitCode ?? null,
    unitCode: qtyEl?.attrs.unitCode ?? null,
    unitPrice: priceAmount,
    amount,
    from: {},
  };
  if (!line.code && mfrEl?.text) line.code = mfrEl.text;
  if (baseValue !== null && baseValue > 0 && baseValue !== 1) line.priceBase = baseValue;
  const tax = xmlNumber(textAt(it, "ClassifiedTaxCategory/Percent"));
  if (tax !== null) line.taxPercent = tax;
  const delivery =
    xmlDate(textAt(item, "Delivery/RequestedDeliveryPeriod/StartDate")) ??
    xmlDate(textAt(item, "Delivery/RequestedDeliveryPeriod/EndDate")) ??
    xmlDate(textAt(item, "Delivery/PromisedDeliveryPeriod/StartDate")) ??
    xmlDate(textAt(item, "Delivery/LatestDeliveryDate"));
  if (delivery) line.deliveryDate = delivery;
  const status = textAt(item, "LineStatusCode");
  const notes = [textAt(el, "Note"), textAt(item, "Note"), status ? `line status ${status}` : null].filter(
    Boolean,
  );
  if (notes.length > 0) line.note = notes.join("; ");
  const acs = allowanceCharges(item, base, prov, amount);
  if (acs.length > 0) {
    line.allowances = acs.map(({ from: _f, ...a }) => a);
    const pct = acs.filter((a) => !a.charge && a.percent !== null);
    if (pct.length === 1 && acs.length === 1) line.discountPercent = pct[0]!.percent;
  }
  const f = line.from;
  f.position = prov(`${base}/cbc:ID`, line.position);
  if (codeEl) f.code = prov(`${base}/cac:Item/cac:SellersItemIdentification/cbc:ID`, codeEl.text);
  if (skuEl) f.customerSku = prov(`${base}/cac:Item/cac:BuyersItemIdentification/cbc:ID`, skuEl.text);
  if (gtinEl) f.barcode = prov(`${base}/cac:Item/cac:StandardItemIdentification/cbc:ID`, gtinEl.text);
  f.description = prov(`${base}/cac:Item/cbc:Name`, description);
  if (qtyEl) {
    f.quantity = prov(`${base}/cbc:${qtyEl.name}`, qtyEl.text);
    f.unit = prov(`${base}/cbc:${qtyEl.name}/@unitCode`, qtyEl.attrs.unitCode);
  }
  if (priceAmount !== null)
    f.unitPrice = prov(`${base}/cac:Price/cbc:PriceAmount`, textAt(price, "PriceAmount"));
  if (baseQty) f.priceBase = prov(`${base}/cac:Price/cbc:BaseQuantity`, baseQty.text);
  if (amount !== null)
    f.amount = prov(`${base}/cbc:LineExtensionAmount`, textAt(item, "LineExtensionAmount"));
  if (tax !== null)
    f.taxPercent = prov(`${base}/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent`, String(tax));
  if (delivery) f.deliveryDate = prov(`${base}/cac:Delivery/cac:RequestedDeliveryPeriod`, delivery);
  if (quantity === null && !line.code && !line.description) return null;
  return line;
}

/** Reads a UBL document whose root is known (isUblRoot). */
export function readUbl(root: XmlElement, source: string): ParsedOrder {
  const meta = ROOTS[root.name]!;
  const prov = provenanceFor("ubl", source);
  const isInvoice = meta.kind === "invoice" || meta.kind === "credit_note";
  const id = textAt(root, "ID");
  const orderRef = textAt(root, "OrderReference/ID");
  const currency =
    firstText(root, ["DocumentCurrencyCode", "PricingCurrencyCode", "TransactionCurrencyCode"]) ??
    (() => {
      // UBL 2.0 orders often have no currency code: the currencyID of an amount says it
      const amount =
        at(root, "AnticipatedMonetaryTotal/PayableAmount") ??
        at(root, "LegalMonetaryTotal/PayableAmount") ??
        at(root, `${meta.line}/LineItem/Price/PriceAmount`) ??
        at(root, `${meta.line}/Price/PriceAmount`);
      const c = amount?.attrs.currencyID;
      return c ? { path: "@currencyID", text: c } : null;
    })();
  const delivery = at(root, "Delivery");
  const deliveryDate =
    firstText(delivery, [
      "RequestedDeliveryPeriod/StartDate",
      "RequestedDeliveryPeriod/EndDate",
      "PromisedDeliveryPeriod/StartDate",
      "ActualDeliveryDate",
      "LatestDeliveryDate",
    ]) ?? null;
  const buyerRole = isInvoice
    ? "AccountingCustomerParty"
    : meta.kind === "request_for_quotation"
      ? "OriginatorCustomerParty"
      : "BuyerCustomerParty";
  const sellerRole = isInvoice ? "AccountingSupplierParty" : "SellerSupplierParty";
  const buyer = roleParty(root, buyerRole) ?? roleParty(root, "BuyerCustomerParty");
  const seller = roleParty(root, sellerRole);
  const deliveryAddress =
    address(at(delivery, "DeliveryLocation/Address")) ??
    address(at(delivery, "DeliveryAddress")) ??
    address(at(delivery, "DeliveryParty/PostalAddress"));
  if (deliveryAddress && !deliveryAddress.name)
    deliveryAddress.name = textAt(delivery, "DeliveryParty/PartyName/Name");

  const lines = all(root, meta.line)
    .map((el, i) => readLine(el, i, meta, prov))
    .filter((l): l is ParsedLine => l !== null);
  const total =
    at(root, "AnticipatedMonetaryTotal") ??
    at(root, "LegalMonetaryTotal") ??
    at(root, "RequestedMonetaryTotal");
  const totalPath = total ? `cac:${total.name}` : "";
  const taxTotal = at(root, "TaxTotal");
  const taxes = children(taxTotal, "TaxSubtotal").map((s) => ({
    percent: xmlNumber(textAt(s, "TaxCategory/Percent") ?? textAt(s, "Percent")),
    base: xmlNumber(textAt(s, "TaxableAmount")),
    amount: xmlNumber(textAt(s, "TaxAmount")),
    category: textAt(s, "TaxCategory/ID"),
  }));
  const dueDate = firstText(root, ["DueDate", "PaymentMeans/PaymentDueDate", "PaymentTerms/PaymentDueDate"]);
  const issueDate = textAt(root, "IssueDate");
  const order: ParsedOrder = {
    reader: "ubl",
    standard: standardName(root, meta.label),
    structured: true,
    source,
    documentKind: meta.kind,
    // an order's number is the buyer's PO number; a change, cancellation or response has its own
    documentNumber: id,
    orderDate: xmlDate(issueDate),
    deliveryDate: xmlDate(deliveryDate?.text),
    currency: currency?.text.toUpperCase() ?? null,
    buyer,
    seller,
    deliveryAddress,
    orderReference: orderRef,
    lines,
    charges: allowanceCharges(root, "", prov).map(({ from: _f, percent: _p, ...a }) => a),
    taxes,
    totals: {
      lineExtension: xmlNumber(textAt(total, "LineExtensionAmount")),
      taxExclusive: xmlNumber(textAt(total, "TaxExclusiveAmount")),
      tax: xmlNumber(textAt(taxTotal, "TaxAmount")),
      taxInclusive: xmlNumber(textAt(total, "TaxInclusiveAmount")),
      payable: xmlNumber(textAt(total, "PayableAmount")),
      prepaid: xmlNumber(textAt(total, "PrepaidAmount")),
      rounding: xmlNumber(textAt(total, "PayableRoundingAmount")),
    },
    reasons: [],
    from: {},
  };
  const due = xmlDate(dueDate?.text);
  if (due) order.dueDate = due;
  const from = order.from!;
  if (id) from.documentNumber = prov("cbc:ID", id);
  if (issueDate) from.orderDate = prov("cbc:IssueDate", issueDate);
  if (deliveryDate)
    from.deliveryDate = prov(
      `cac:Delivery/cac:${deliveryDate.path.replace("/", "/cbc:")}`,
      deliveryDate.text,
    );
  if (currency)
    from.currency = prov(
      currency.path.startsWith("@") ? currency.path : `cbc:${currency.path}`,
      currency.text,
    );
  if (total) from.totals = prov(totalPath, textAt(total, "PayableAmount"));
  const responseCode = textAt(root, "OrderResponseCode") ?? textAt(root, "AcceptedIndicator");
  if (responseCode) {
    order.reasons.push({
      code: "structured.response_code",
      severity: "info",
      message: `The order response says ${responseCode}.`,
    });
  }
  const cancellation = textAt(root, "CancellationNote");
  if (cancellation) {
    order.reasons.push({
      code: "structured.cancellation_note",
      severity: "info",
      message: `Cancellation note: ${cancellation.slice(0, 200)}`,
    });
  }
  if (attrAt(root, "ID", "schemeID") === null && !id) {
    order.reasons.push({
      code: "structured.no_number",
      severity: "warning",
      message: "The document states no ID.",
    });
  }
  return order;
}

import type { ParsedLine, ParsedOrder, PartyIdentifiers, PostalAddress } from "../pipeline/parsedOrder.ts";
import { all, at, children, textAt, type XmlElement } from "./safeXml.ts";
import { addPartyId, provenanceFor, xmlDate, xmlNumber } from "./xmlValues.ts";

/**
 * UN/CEFACT Cross Industry Invoice (D16B, EN 16931 syntax 2): the XML of Factur-X, ZUGFeRD 2.x and
 * XRechnung (CII flavour). Found by local names; elements not named here (and every optional one) may
 * be missing. ZUGFeRD 1.0 (CrossIndustryDocument) has the same trade structure under other roots and
 * is read too.
 */

export function isCiiRoot(root: XmlElement): boolean {
  return (
    root.name === "CrossIndustryInvoice" ||
    root.name === "CrossIndustryDocument" ||
    // Order-X (orders, changes and responses on the CII model, the Factur-X of ordering)
    root.name === "SCRDMCCBDACIOMessageStructure" ||
    root.name === "CrossIndustryOrder"
  );
}

const isOrderX = (root: XmlElement) =>
  root.name === "SCRDMCCBDACIOMessageStructure" || root.name === "CrossIndustryOrder";

/** Order-X document kinds by UNTDID 1001 type code and 1225 purpose code. */
function orderXKind(typeCode: string, purpose: string | null): ParsedOrder["documentKind"] {
  if (typeCode === "231") return "order_response";
  if (purpose === "1") return "order_cancellation";
  if (typeCode === "230" || purpose === "4" || purpose === "5") return "order_change";
  return "order";
}

/** Credit note type codes of UNTDID 1001 used in EN 16931. */
const CREDIT_CODES = new Set(["381", "396", "532"]);

function standardName(root: XmlElement): string {
  const ctx = at(root, "ExchangedDocumentContext") ?? at(root, "SpecifiedExchangedDocumentContext");
  const guideline = textAt(ctx, "GuidelineSpecifiedDocumentContextParameter/ID") ?? "";
  const profile = /factur-?x\.eu:1p0:(\w+)/i.exec(guideline)?.[1];
  const orderX = /order-x\.eu:1p0:(\w+)/i.exec(guideline)?.[1];
  if (isOrderX(root)) return `Order-X (CII)${orderX ? ` ${orderX.toUpperCase()}` : ""}`;
  if (/xrechnung/i.test(guideline)) return "XRechnung (CII)";
  if (/zugferd/i.test(guideline) || root.name === "CrossIndustryDocument")
    return `ZUGFeRD (CII)${profile ? ` ${profile.toUpperCase()}` : ""}`;
  if (profile) return `Factur-X (CII) ${profile.toUpperCase()}`;
  if (/en16931/i.test(guideline)) return "Factur-X / ZUGFeRD (CII) EN 16931";
  return "UN/CEFACT CII CrossIndustryInvoice";
}

function dateIn(el: XmlElement | null, path: string): string | null {
  const holder = at(el, path);
  if (!holder) return null;
  return xmlDate(textAt(holder, "DateTimeString") ?? textAt(holder, "DateString") ?? holder.text);
}

function address(el: XmlElement | null): PostalAddress | null {
  if (!el) return null;
  const a: PostalAddress = {
    street: textAt(el, "LineOne"),
    street2: textAt(el, "LineTwo"),
    city: textAt(el, "CityName"),
    zip: textAt(el, "PostcodeCode"),
    country: textAt(el, "CountryID"),
  };
  return Object.values(a).some(Boolean) ? a : null;
}

function party(el: XmlElement | null): PartyIdentifiers | null {
  if (!el) return null;
  const p: PartyIdentifiers = { name: textAt(el, "Name") };
  for (const g of children(el, "GlobalID")) addPartyId(p, g.attrs.schemeID ?? null, g.text || null);
  for (const id of children(el, "ID")) addPartyId(p, id.attrs.schemeID ?? "SELLER", id.text || null);
  const legal = at(el, "SpecifiedLegalOrganization/ID");
  if (legal?.text) addPartyId(p, legal.attrs.schemeID ?? "LEGAL", legal.text);
  for (const tr of children(el, "SpecifiedTaxRegistration")) {
    const id = at(tr, "ID");
    if (!id?.text) continue;
    if ((id.attrs.schemeID ?? "VA").toUpperCase() === "VA")
      p.vat ??= id.text.replace(/\s/g, "").toUpperCase();
    else addPartyId(p, id.attrs.schemeID ?? null, id.text);
  }
  const uri = at(el, "URIUniversalCommunication/URIID");
  if (uri?.text) {
    const scheme = uri.attrs.schemeID ?? "";
    if (scheme.toUpperCase() === "EM" || uri.text.includes("@")) p.email = uri.text;
    else {
      p.endpoint = scheme ? `${scheme}:${uri.text}` : uri.text;
      addPartyId(p, scheme, uri.text);
    }
  }
  p.email ??= textAt(el, "DefinedTradeContact/EmailURIUniversalCommunication/URIID");
  p.address = address(at(el, "PostalTradeAddress"));
  if (p.address) p.address.name = p.name ?? null;
  return p;
}

type Prov = ReturnType<typeof provenanceFor>;

function charges(el: XmlElement | null) {
  return children(el, "SpecifiedTradeAllowanceCharge").map((ac) => ({
    charge: /^true$/i.test(textAt(ac, "ChargeIndicator/Indicator") ?? "false"),
    reason: textAt(ac, "Reason") ?? textAt(ac, "ReasonCode"),
    amount: xmlNumber(textAt(ac, "ActualAmount")) ?? 0,
    percent: xmlNumber(textAt(ac, "CalculationPercent")),
    taxPercent: xmlNumber(textAt(ac, "CategoryTradeTax/RateApplicablePercent")),
  }));
}

function readLine(el: XmlElement, index: number, prov: Prov): ParsedLine {
  const base = `ram:IncludedSupplyChainTradeLineItem[${index + 1}]`;
  const product = at(el, "SpecifiedTradeProduct");
  const agreement = at(el, "SpecifiedLineTradeAgreement") ?? at(el, "SpecifiedSupplyChainTradeAgreement");
  const deliveryEl = at(el, "SpecifiedLineTradeDelivery") ?? at(el, "SpecifiedSupplyChainTradeDelivery");
  const settlement = at(el, "SpecifiedLineTradeSettlement") ?? at(el, "SpecifiedSupplyChainTradeSettlement");
  const qtyEl =
    at(deliveryEl, "BilledQuantity") ??
    at(deliveryEl, "RequestedQuantity") ??
    at(deliveryEl, "AgreedQuantity");
  const net = at(agreement, "NetPriceProductTradePrice");
  const gross = at(agreement, "GrossPriceProductTradePrice");
  const priceText = textAt(net, "ChargeAmount") ?? textAt(gross, "ChargeAmount");
  const basis = at(net, "BasisQuantity") ?? at(gross, "BasisQuantity");
  const basisValue = xmlNumber(basis?.text);
  const amountText =
    textAt(settlement, "SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount") ??
    textAt(settlement, "SpecifiedTradeSettlementMonetarySummation/LineTotalAmount");
  const gtin = at(product, "GlobalID");
  const description = [textAt(product, "Name"), textAt(product, "Description")].filter(Boolean).join(" – ");
  const line: ParsedLine = {
    position: textAt(el, "AssociatedDocumentLineDocument/LineID") ?? String(index + 1),
    code: textAt(product, "SellerAssignedID"),
    customerSku: textAt(product, "BuyerAssignedID"),
    barcode: gtin?.text && /^\d{8,14}$/.test(gtin.text) ? gtin.text : null,
    description,
    quantity: xmlNumber(qtyEl?.text),
    unit: qtyEl?.attrs.unitCode ?? null,
    unitCode: qtyEl?.attrs.unitCode ?? null,
    unitPrice: xmlNumber(priceText),
    amount: xmlNumber(amountText),
    from: {},
  };
  if (basisValue !== null && basisValue > 0 && basisValue !== 1) line.priceBase = basisValue;
  const tax = xmlNumber(
    textAt(settlement, "ApplicableTradeTax/RateApplicablePercent") ??
      textAt(settlement, "ApplicableTradeTax/ApplicablePercent"),
  );
  if (tax !== null) line.taxPercent = tax;
  const acs = charges(settlement);
  if (acs.length > 0) line.allowances = acs;
  const note = textAt(el, "AssociatedDocumentLineDocument/IncludedNote/Content");
  if (note) line.note = note;
  const f = line.from;
  f.position = prov(`${base}/ram:AssociatedDocumentLineDocument/ram:LineID`, line.position);
  if (line.code) f.code = prov(`${base}/ram:SpecifiedTradeProduct/ram:SellerAssignedID`, line.code);
  if (line.customerSku)
    f.customerSku = prov(`${base}/ram:SpecifiedTradeProduct/ram:BuyerAssignedID`, line.customerSku);
  if (gtin) f.barcode = prov(`${base}/ram:SpecifiedTradeProduct/ram:GlobalID`, gtin.text);
  f.description = prov(`${base}/ram:SpecifiedTradeProduct/ram:Name`, description);
  if (qtyEl) {
    f.quantity = prov(`${base}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity`, qtyEl.text);
    f.unit = prov(
      `${base}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode`,
      qtyEl.attrs.unitCode,
    );
  }
  if (priceText)
    f.unitPrice = prov(
      `${base}/ram:SpecifiedLineTradeAgreement/ram:${net ? "Net" : "Gross"}PriceProductTradePrice/ram:ChargeAmount`,
      priceText,
    );
  if (basis)
    f.priceBase = prov(
      `${base}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity`,
      basis.text,
    );
  if (amountText)
    f.amount = prov(
      `${base}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`,
      amountText,
    );
  if (tax !== null)
    f.taxPercent = prov(
      `${base}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent`,
      String(tax),
    );
  return line;
}

/** Reads a CII invoice or credit note. */
export function readCii(root: XmlElement, source: string): ParsedOrder {
  const prov = provenanceFor("cii", source);
  const doc = at(root, "ExchangedDocument") ?? at(root, "HeaderExchangedDocument");
  const tx = at(root, "SupplyChainTradeTransaction") ?? at(root, "SpecifiedSupplyChainTradeTransaction");
  const agreement = at(tx, "ApplicableHeaderTradeAgreement") ?? at(tx, "ApplicableSupplyChainTradeAgreement");
  const delivery = at(tx, "ApplicableHeaderTradeDelivery") ?? at(tx, "ApplicableSupplyChainTradeDelivery");
  const settlement =
    at(tx, "ApplicableHeaderTradeSettlement") ?? at(tx, "ApplicableSupplyChainTradeSettlement");
  const sums =
    at(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation") ??
    at(settlement, "SpecifiedTradeSettlementMonetarySummation");
  const typeCode = textAt(doc, "TypeCode") ?? "380";
  const id = textAt(doc, "ID");
  const issue = dateIn(doc, "IssueDateTime");
  const currency = textAt(settlement, "InvoiceCurrencyCode") ?? textAt(settlement, "OrderCurrencyCode");
  const lines = (tx ? children(tx, "IncludedSupplyChainTradeLineItem") : []).map((el, i) =>
    readLine(el, i, prov),
  );
  const taxes = children(settlement, "ApplicableTradeTax").map((t) => ({
    percent: xmlNumber(textAt(t, "RateApplicablePercent") ?? textAt(t, "ApplicablePercent")),
    base: xmlNumber(textAt(t, "BasisAmount")),
    amount: xmlNumber(textAt(t, "CalculatedAmount")),
    category: textAt(t, "CategoryCode"),
  }));
  // the tax total in the invoice currency (a second one may be in the accounting currency)
  const taxTotals = all(sums, "TaxTotalAmount");
  const taxTotal =
    taxTotals.find((t) => !t.attrs.currencyID || !currency || t.attrs.currencyID === currency) ??
    taxTotals[0];
  const deliveryDate =
    dateIn(delivery, "ActualDeliverySupplyChainEvent/OccurrenceDateTime") ??
    dateIn(delivery, "RequestedDeliverySupplyChainEvent/OccurrenceDateTime") ??
    dateIn(delivery, "RequestedDeliverySupplyChainEvent/OccurrenceSpecifiedPeriod/StartDateTime");
  const due = dateIn(settlement, "SpecifiedTradePaymentTerms/DueDateDateTime");
  const order: ParsedOrder = {
    reader: "cii",
    standard: standardName(root),
    structured: true,
    source,
    documentKind: isOrderX(root)
      ? orderXKind(typeCode, textAt(doc, "PurposeCode"))
      : CREDIT_CODES.has(typeCode)
        ? "credit_note"
        : "invoice",
    documentNumber: id,
    orderDate: issue,
    deliveryDate,
    currency: currency?.toUpperCase() ?? null,
    seller: party(at(agreement, "SellerTradeParty")),
    buyer: party(at(agreement, "BuyerTradeParty")),
    deliveryAddress: address(at(delivery, "ShipToTradeParty/PostalTradeAddress")),
    orderReference: textAt(agreement, "BuyerOrderReferencedDocument/IssuerAssignedID"),
    lines,
    charges: charges(settlement).map(({ percent: _p, ...c }) => c),
    taxes,
    totals: {
      lineExtension: xmlNumber(textAt(sums, "LineTotalAmount")),
      taxExclusive: xmlNumber(textAt(sums, "TaxBasisTotalAmount")),
      tax: xmlNumber(taxTotal?.text),
      taxInclusive: xmlNumber(textAt(sums, "GrandTotalAmount")),
      payable: xmlNumber(textAt(sums, "DuePayableAmount")),
      prepaid: xmlNumber(textAt(sums, "TotalPrepaidAmount")),
      rounding: xmlNumber(textAt(sums, "RoundingAmount")),
    },
    reasons: [],
    from: {},
  };
  if (due) order.dueDate = due;
  const from = order.from!;
  if (id) from.documentNumber = prov("rsm:ExchangedDocument/ram:ID", id);
  if (issue) from.orderDate = prov("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", issue);
  if (deliveryDate)
    from.deliveryDate = prov(
      "ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent",
      deliveryDate,
    );
  if (currency) from.currency = prov("ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode", currency);
  if (sums)
    from.totals = prov(
      "ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation",
      textAt(sums, "GrandTotalAmount"),
    );
  return order;
}

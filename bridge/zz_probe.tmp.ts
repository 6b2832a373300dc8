import { readFileSync } from "node:fs";
import { readStructuredDocuments } from "./extract/structured/readStructuredDocuments.ts";
for (const f of process.argv.slice(2)) {
  const r = await readStructuredDocuments({ attachments: [{ filename: f.split("/").pop()!, contentType: "application/xml", content: readFileSync(f) }] });
  for (const o of r.orders) {
    console.log(`${f.split("/").slice(-1)[0]} | ${o.standard} | ${o.documentKind} #${o.documentNumber} ref=${o.orderReference} ${o.orderDate} dlv=${o.deliveryDate} ${o.currency} buyer=${o.buyer?.name}/${o.buyer?.gln ?? ""}/${o.buyer?.endpoint ?? ""} lines=${o.lines.length} tot=${JSON.stringify(o.totals)}`);
    for (const l of o.lines.slice(0, 3)) console.log(`    ${l.position} code=${l.code} gtin=${l.barcode} sku=${l.customerSku} q=${l.quantity} ${l.unitCode} p=${l.unitPrice}/${l.priceBase ?? 1} amt=${l.amount} ${l.description.slice(0, 40)}`);
  }
  for (const x of r.refused) console.log(`${f} REFUSED ${x.code} ${x.message}`);
  if (r.orders.length === 0 && r.refused.length === 0) console.log(`${f}: nothing`);
}

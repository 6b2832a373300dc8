/**
 * `npm run report:sample`: the report a manager receives, made from the demo data: the demo inbox
 * (bridge/demo/inbox) read by the real extractor against the demo catalog, and the demo payments
 * (bridge/demo/payments.csv, what Odoo's account.payment would give). Writes docs/sample-report.xlsx
 * and, with --html, docs/sample-report.html (the email). Weekly report, Monday 07:00 Europe/Berlin.
 *
 * Orders are taken as the decision says: "draft" at or above the auto threshold is auto-confirmed,
 * "review" waits for an approver. Email-to-draft times are the extraction times measured here.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { demoCatalogDir, demoInboxDir } from "../bridge/config/loadConfig.ts";
import { packageRoot } from "../bridge/config/packageRoot.ts";
import { createExtractor } from "../bridge/extract/createExtractor.ts";
import { loadCsvCatalog } from "../bridge/extract/match/catalog.ts";
import { createMemorySeenStore } from "../bridge/extract/match/seenStore.ts";
import { parseEmail } from "../bridge/extract/mime/parseEmail.ts";
import { buildReportWorkbook } from "../bridge/reports/buildReportWorkbook.ts";
import { renderReportEmail } from "../bridge/reports/renderReportEmail.ts";
import {
  figuresFrom,
  type ReportData,
  type ReportOrderRow,
  type ReportPaymentRow,
} from "../bridge/reports/reportData.ts";

const root = packageRoot();
const periodStart = new Date("2026-11-16T06:00:00Z");
const periodEnd = new Date("2026-11-23T06:00:00Z");
const catalog = await loadCsvCatalog(demoCatalogDir);
const customers = new Map(
  (
    parse(readFileSync(path.join(demoCatalogDir, "customers.csv")), { columns: true }) as Array<
      Record<string, string>
    >
  ).map((c) => [c.ref!, c.name!]),
);
const extractor = createExtractor({ catalog, seen: createMemorySeenStore() });

const orders: ReportOrderRow[] = [];
const confidences: number[] = [];
let emails = 0;
let sequence = 0;
for (const file of readdirSync(demoInboxDir)
  .filter((f) => f.endsWith(".eml"))
  .sort()) {
  const raw = readFileSync(path.join(demoInboxDir, file));
  const email = await parseEmail(raw);
  const receivedAt = email.date ?? periodStart;
  emails++;
  const started = performance.now();
  const result = await extractor.extract(raw);
  const seconds = (performance.now() - started) / 1000;
  if (result.kind !== "not_an_order") confidences.push(result.confidence);
  if (result.expect !== "draft" && result.expect !== "review") continue;
  for (const order of result.orders) {
    if (order.lines.length === 0) continue;
    sequence++;
    const auto = result.expect === "draft";
    const amount =
      order.total_untaxed ?? order.lines.reduce((sum, l) => sum + l.quantity * (l.unit_price ?? 0), 0);
    const minutes = Math.max(0.1, Math.round((seconds / 60) * 10) / 10);
    orders.push({
      receivedAt,
      draftedAt: new Date(receivedAt.getTime() + minutes * 60_000),
      order: `S${String(sequence).padStart(5, "0")}`,
      customer: result.customer_ref ? (customers.get(result.customer_ref) ?? result.customer_ref) : null,
      poNumber: order.customer_reference,
      status: auto ? "confirmed" : "draft",
      decidedBy: auto ? "auto" : "pending",
      approver: null,
      confidence: result.confidence,
      minutesToDraft: minutes,
      amount: Math.round(amount * 100) / 100,
      currency: order.currency,
    });
  }
}

const payments: ReportPaymentRow[] = (
  parse(readFileSync(path.join(root, "bridge", "demo", "payments.csv")), { columns: true }) as Array<
    Record<string, string>
  >
).map((p) => ({
  date: p.date!,
  number: p.number!,
  customer: customers.get(p.customer_ref!) ?? p.customer_ref!,
  journal: p.journal!,
  amount: Number(p.amount),
  currency: p.currency!,
  memo: p.memo!,
  status: p.status!,
}));

const data: ReportData = {
  title: "Order Intake report",
  company: "My Company (demo)",
  periodStart,
  periodEnd,
  timeZone: "Europe/Berlin",
  figures: figuresFrom({ emailsReceived: emails, confidences, orders, failures: [], payments }),
  orders,
  failures: [],
  payments,
};
const out = path.join(root, "docs", "sample-report.xlsx");
writeFileSync(out, await buildReportWorkbook(data));
if (process.argv.includes("--html")) {
  writeFileSync(path.join(root, "docs", "sample-report.html"), renderReportEmail(data).html);
}
console.log(
  `${path.relative(process.cwd(), out)}: ${emails} emails, ${orders.length} orders drafted, ${payments.length} payments`,
);
console.log(JSON.stringify(data.figures));

import type { Money, ReportData } from "./reportData.ts";
import { localParts } from "./zonedTime.ts";

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(1)}%`);
const minutes = (v: number | null) =>
  v === null ? "n/a" : v < 120 ? `${v.toFixed(1)} min` : `${(v / 60).toFixed(1)} h`;
const amounts = (values: Money[]) =>
  values.length === 0
    ? "0.00"
    : values
        .map(
          (m) =>
            `${m.amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${m.currency}`,
        )
        .join("<br>");

function when(date: Date, tz: string): string {
  const p = localParts(date, tz);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Subject line of the report email. */
export function reportSubject(data: ReportData, test = false): string {
  const f = data.figures;
  return `${test ? "[Test] " : ""}Order Intake report ${when(data.periodEnd, data.timeZone).slice(0, 10)}: ${f.ordersDrafted} orders drafted, ${f.failed} failed`;
}

/**
 * The email that carries the workbook: the key figures in one narrow column of large type (it reads
 * on a phone without zooming), inline styles only (mail clients drop <style>), and a plain-text twin.
 */
export function renderReportEmail(data: ReportData, test = false): { html: string; text: string } {
  const f = data.figures;
  const tz = data.timeZone;
  const rows: Array<[string, string]> = [
    ["Emails received", String(f.emailsReceived)],
    ["Orders drafted", String(f.ordersDrafted)],
    ["Touchless rate", pct(f.touchlessRate)],
    ["Auto-confirmed", String(f.autoConfirmed)],
    ["Approved", String(f.approved)],
    ["Rejected", String(f.rejected)],
    ["Failed", String(f.failed)],
    ["Average confidence", pct(f.averageConfidence)],
    ["Email to draft (median / 95%)", `${minutes(f.draftMinutesP50)} / ${minutes(f.draftMinutesP95)}`],
    ["Confirmed AI orders", amounts(f.confirmedValue)],
    ["Payments received", data.paymentsNote ? esc(data.paymentsNote) : amounts(f.paymentsReceived)],
  ];
  const period = `${when(data.periodStart, tz)} – ${when(data.periodEnd, tz)} (${tz})`;
  const tr = rows
    .map(
      ([label, value], i) =>
        `<tr><td style="padding:10px 12px;font-size:16px;color:#333;border-top:${i ? "1px solid #e5e7eb" : "0"}">${esc(label)}</td>` +
        `<td style="padding:10px 12px;font-size:18px;font-weight:bold;text-align:right;color:#111;border-top:${i ? "1px solid #e5e7eb" : "0"}">${value}</td></tr>`,
    )
    .join("\n");
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(reportSubject(data, test))}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:480px;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 16px 8px 16px">
<div style="font-size:22px;font-weight:bold;color:#1f3a5f">${test ? "Test: " : ""}${esc(data.title)}</div>
<div style="font-size:14px;color:#555;margin-top:4px">${esc(data.company)}<br>${esc(period)}</div>
</td></tr>
<tr><td style="padding:8px 4px 16px 4px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">
${tr}
</table></td></tr>
<tr><td style="padding:0 16px 20px 16px;font-size:14px;color:#555">The attached workbook lists every order, failure and payment of the period.</td></tr>
</table></td></tr></table>
</body></html>`;
  const text = [
    `${test ? "Test: " : ""}${data.title} — ${data.company}`,
    period,
    "",
    ...rows.map(([l, v]) => `${l}: ${v.replace(/<br>/g, ", ")}`),
    "",
    "The attached workbook lists every order, failure and payment of the period.",
  ].join("\n");
  return { html, text };
}

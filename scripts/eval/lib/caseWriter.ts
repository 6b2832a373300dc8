/**
 * Writing evaluation cases (message.eml + truth.json in the corpus format) for our generated sets.
 * Outside the production tree: only the generators in scripts/eval use it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { minimalPdf } from "../../../bridge/extract/documents/__fixtures__/minimalPdf.ts";

export interface Line {
  default_code: string | null;
  customer_sku?: string | null;
  description: string;
  quantity: number;
  uom: string;
  unit_price: number | null;
}
export interface Order {
  customer_reference: string | null;
  order_date: string | null;
  delivery_date: string | null;
  currency: string;
  lines: Line[];
  total_untaxed?: number | null;
}
export interface Attachment {
  filename: string;
  contentType: string;
  data: Buffer;
}
export interface Case {
  id: string;
  /** Message-ID local part prefix ("holdout" without). */
  messageIdPrefix?: string;
  from: string;
  fromName: string;
  subject: string;
  date: string;
  text?: string;
  html?: string;
  attachments?: Attachment[];
  headers?: string[];
  truth: {
    kind: string;
    customer_ref: string | null;
    orders: Order[];
    expect: string;
    notes: string;
    tags: string[];
    amends?: { customer_reference: string } | null;
    duplicate_of?: string | null;
    sender_email?: string;
  };
}

const b64 = (b: Buffer) => (b.toString("base64").match(/.{1,76}/g) ?? []).join("\r\n");

export function eml(c: Case): string {
  const boundary = `=_case_${c.id}_b`;
  const alt = `=_case_${c.id}_a`;
  const head = [
    `Return-Path: <${c.from}>`,
    "Delivered-To: orders@ourcompany.example",
    `Authentication-Results: mx1.ourcompany.example; spf=pass smtp.mailfrom=${c.from.split("@")[1]}; dkim=pass header.d=${c.from.split("@")[1]}; dmarc=pass header.from=${c.from.split("@")[1]}`,
    `From: ${c.fromName} <${c.from}>`,
    "To: orders@ourcompany.example",
    `Subject: ${c.subject}`,
    `Date: ${c.date}`,
    `Message-ID: <${c.messageIdPrefix ?? "holdout"}-${c.id}@${c.from.split("@")[1]}>`,
    "MIME-Version: 1.0",
    ...(c.headers ?? []),
  ];
  const textPart = (t: string) =>
    [
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      b64(Buffer.from(t)),
    ].join("\r\n");
  const htmlPart = (t: string) =>
    [
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      b64(Buffer.from(t)),
    ].join("\r\n");
  let body: string;
  const bodyParts: string[] = [];
  if (c.text !== undefined && c.html !== undefined) {
    bodyParts.push(
      [
        `Content-Type: multipart/alternative; boundary="${alt}"`,
        "",
        `--${alt}`,
        textPart(c.text),
        `--${alt}`,
        htmlPart(c.html),
        `--${alt}--`,
        "",
      ].join("\r\n"),
    );
  } else if (c.html !== undefined) bodyParts.push(htmlPart(c.html));
  else bodyParts.push(textPart(c.text ?? ""));
  if (!c.attachments?.length) {
    body = bodyParts[0] ?? "";
    return `${head.join("\r\n")}\r\n${body}\r\n`;
  }
  const parts = [...bodyParts];
  for (const a of c.attachments) {
    parts.push(
      [
        `Content-Type: ${a.contentType}; name="${a.filename}"`,
        `Content-Disposition: attachment; filename="${a.filename}"`,
        "Content-Transfer-Encoding: base64",
        "",
        b64(a.data),
      ].join("\r\n"),
    );
  }
  body = [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    "This is a multi-part message in MIME format.",
    ...parts.map((p) => `--${boundary}\r\n${p}`),
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return `${head.join("\r\n")}\r\n${body}`;
}

/** A text PDF: each page is a list of rows, each row a list of [x, text]. */
export function pdf(pages: Array<Array<Array<[number, string]>>>): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (m) => `\\${m}`);
  return minimalPdf(
    pages.map((rows) =>
      rows
        .map((cells, i) =>
          cells.map(([x, t]) => `BT /F1 9 Tf ${x} ${800 - i * 14} Td (${esc(t)}) Tj ET`).join("\n"),
        )
        .join("\n"),
    ),
  );
}

export async function xlsx(
  sheets: Array<{ name: string; rows: Array<Array<string | number | null>> }>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date("2026-11-02T08:00:00Z");
  wb.modified = wb.created;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const L = (
  default_code: string | null,
  description: string,
  quantity: number,
  uom: string,
  unit_price: number | null,
  customer_sku: string | null = null,
): Line => ({
  default_code,
  customer_sku,
  description,
  quantity,
  uom,
  unit_price,
});
export const sum = (lines: Line[]) =>
  Math.round(lines.reduce((s, l) => s + l.quantity * (l.unit_price ?? 0), 0) * 100) / 100;

/** Writes each case as DIR/ID/message.eml and DIR/ID/truth.json. */
export function writeCases(dir: string, cases: Case[]): void {
  for (const c of cases) {
    const d = join(dir, c.id);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, "message.eml"), eml(c));
    const truth = {
      case: c.id,
      kind: c.truth.kind,
      customer_ref: c.truth.customer_ref,
      sender_email: c.truth.sender_email ?? c.from,
      orders: c.truth.orders.map((o) => ({ ...o, total_untaxed: o.total_untaxed ?? null })),
      amends: c.truth.amends ?? null,
      duplicate_of: c.truth.duplicate_of ?? null,
      expect: c.truth.expect,
      notes: c.truth.notes,
      tags: c.truth.tags,
    };
    writeFileSync(join(d, "truth.json"), `${JSON.stringify(truth, null, 2)}\n`);
  }
}

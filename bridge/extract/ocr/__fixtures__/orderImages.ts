import { createCanvas } from "@napi-rs/canvas";
import UTIF from "utif2";
import { fromRgba, type GrayImage, grayImage, sample } from "../grayImage.ts";
import { homography, type Quad } from "../pageGeometry.ts";

export interface TestOrderLine {
  code: string;
  description: string;
  quantity: number;
  unit: string;
  price: number;
}

export interface TestOrder {
  company: string;
  po: string;
  date: string;
  lines: TestOrderLine[];
  /** Text lines printed under the table instead of a total (continuation pages). */
  note?: string;
}

const money = (n: number) => n.toFixed(2);

/** Renders a purchase order on the top half of an A4 sheet at `dpi` as a grey image (DejaVu Sans, the fonts the machine has). */
export function renderOrderPage(order: TestOrder, dpi = 200): GrayImage {
  const pt = dpi / 72;
  const width = Math.round(8.27 * dpi);
  // the top half of an A4 sheet: all the text there is, and half the pixels to read
  const height = Math.round(5.85 * dpi);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#111111";
  const text = (
    s: string,
    xPt: number,
    yPt: number,
    size = 11,
    bold = false,
    align: "left" | "right" = "left",
  ) => {
    ctx.font = `${bold ? "bold " : ""}${Math.round(size * pt)}px "DejaVu Sans", sans-serif`;
    ctx.textAlign = align;
    ctx.fillText(s, xPt * pt, yPt * pt);
  };
  text(order.company, 60, 80, 16, true);
  text(`PURCHASE ORDER ${order.po}`, 60, 140, 14, true);
  text(`Order date: ${order.date}`, 60, 165);
  const cols = { pos: 60, code: 95, desc: 175, qty: 400, unit: 410, price: 500, amount: 560 };
  let y = 210;
  text("Pos", cols.pos, y, 11, true);
  text("Item No.", cols.code, y, 11, true);
  text("Description", cols.desc, y, 11, true);
  text("Qty", cols.qty, y, 11, true, "right");
  text("Unit", cols.unit, y, 11, true);
  text("Unit Price", cols.price, y, 11, true, "right");
  text("Amount", cols.amount, y, 11, true, "right");
  ctx.fillRect(60 * pt, (y + 6) * pt, 500 * pt, Math.max(1, 0.8 * pt));
  let total = 0;
  for (const [i, l] of order.lines.entries()) {
    y += 22;
    const amount = l.quantity * l.price;
    total += amount;
    text(String(i + 1), cols.pos, y);
    text(l.code, cols.code, y);
    text(l.description, cols.desc, y);
    text(String(l.quantity), cols.qty, y, 11, false, "right");
    text(l.unit, cols.unit, y);
    text(money(l.price), cols.price, y, 11, false, "right");
    text(money(amount), cols.amount, y, 11, false, "right");
  }
  y += 34;
  if (order.note) text(order.note, 60, y);
  else text(`Total net: ${money(total)} EUR`, 360, y, 11, true);
  const data = ctx.getImageData(0, 0, width, height).data;
  return fromRgba(data, width, height);
}

/** A photo of the page lying on a dark desk, seen at an angle: the page's corners land on `quad`. */
export function photograph(page: GrayImage, photoWidth: number, photoHeight: number, quad: Quad): GrayImage {
  // homography page -> photo, inverted to sample the page for every photo pixel
  const [a, b, c, d, e, f, g, h] = homography(page.width, page.height, quad) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const m = [a, b, c, d, e, f, g, h, 1];
  const inv = invert3(m);
  const out = grayImage(photoWidth, photoHeight, 0);
  for (let y = 0; y < photoHeight; y++) {
    for (let x = 0; x < photoWidth; x++) {
      const den = inv[6]! * x + inv[7]! * y + inv[8]!;
      const u = (inv[0]! * x + inv[1]! * y + inv[2]!) / den;
      const v = (inv[3]! * x + inv[4]! * y + inv[5]!) / den;
      const inside = u >= 0 && v >= 0 && u < page.width && v < page.height;
      // uneven light: darker towards the bottom right
      const shade = 1 - 0.18 * ((x / photoWidth + y / photoHeight) / 2);
      out.data[y * photoWidth + x] = inside ? sample(page, u, v) * shade : 60 + ((x * 7 + y * 13) % 11);
    }
  }
  return out;
}

function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

/** A multi-page TIFF (8-bit grey, uncompressed, one strip per page), as a fax server writes them. */
export function tiff(pages: GrayImage[], dpi = 200): Buffer {
  const headerRoom = 4096 * pages.length;
  let offset = headerRoom;
  const ifds = pages.map((p) => {
    const ifd = {
      t256: [p.width],
      t257: [p.height],
      t258: [8],
      t259: [1],
      t262: [1],
      t273: [offset],
      t277: [1],
      t278: [p.height],
      t279: [p.width * p.height],
      t282: [[dpi, 1]],
      t283: [[dpi, 1]],
      t296: [2],
    };
    offset += p.width * p.height;
    return ifd;
  });
  const head = new Uint8Array(UTIF.encode(ifds as never));
  if (head.length > headerRoom) throw new Error("TIFF header too large");
  const out = Buffer.alloc(offset);
  out.set(head, 0);
  let at = headerRoom;
  for (const p of pages) {
    out.set(p.data, at);
    at += p.width * p.height;
  }
  return out;
}

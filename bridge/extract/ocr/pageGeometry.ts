import { downscale, type GrayImage, grayImage, otsuThreshold, sample } from "./grayImage.ts";

interface InkPoints {
  xs: Float64Array;
  ys: Float64Array;
  width: number;
  height: number;
}

/**
 * The ink pixels of letter-sized blobs on a reduced copy of the page. Rules, frames, dark scanner
 * borders and pictures are left out: only text should decide how the page is turned.
 */
function inkPoints(img: GrayImage, maxSide: number): InkPoints {
  const small = downscale(img, Math.max(img.width, img.height) / maxSide);
  const { width: w, height: h } = small;
  const t = Math.min(170, otsuThreshold(small));
  const ink = new Uint8Array(w * h);
  for (let p = 0; p < ink.length; p++) ink[p] = (small.data[p] ?? 255) < t ? 1 : 0;
  const seen = new Uint8Array(w * h);
  const maxW = Math.max(6, w * 0.06);
  const maxH = Math.max(6, h * 0.04);
  const xs: number[] = [];
  const ys: number[] = [];
  const stack: number[] = [];
  const blob: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    seen[start] = 1;
    stack.push(start);
    blob.length = 0;
    let x0 = w;
    let y0 = h;
    let x1 = 0;
    let y1 = 0;
    while (stack.length > 0) {
      const p = stack.pop()!;
      blob.push(p);
      const x = p % w;
      const y = (p - x) / w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (const q of [p - 1, p + 1, p - w, p + w]) {
        if (q < 0 || q >= ink.length || seen[q] || !ink[q]) continue;
        if ((q === p - 1 && x === 0) || (q === p + 1 && x === w - 1)) continue;
        seen[q] = 1;
        stack.push(q);
      }
    }
    if (x1 - x0 + 1 > maxW || y1 - y0 + 1 > maxH || blob.length < 2) continue;
    for (const p of blob) {
      xs.push(p % w);
      ys.push(Math.floor(p / w));
    }
  }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys), width: w, height: h };
}

/**
 * How strongly the ink forms rows when projected at `degrees` (clockwise): text lines give tall
 * peaks with empty gaps between them, so the sum of squared differences of neighbouring bins is high.
 */
function rowScore(points: InkPoints, degrees: number): number {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const size = Math.ceil(Math.hypot(points.width, points.height)) + 2;
  const bins = new Float64Array(size * 2);
  const offset = size;
  for (let i = 0; i < points.xs.length; i++) {
    const y = -(points.xs[i] ?? 0) * sin + (points.ys[i] ?? 0) * cos;
    const b = Math.round(y) + offset;
    bins[b] = (bins[b] ?? 0) + 1;
  }
  let score = 0;
  for (let i = 1; i < bins.length; i++) score += ((bins[i] ?? 0) - (bins[i - 1] ?? 0)) ** 2;
  return score;
}

export interface PageOrientation {
  /** Quarter turns clockwise that make the text lines horizontal (0 or 1; 180 degrees is told by OCR). */
  quarters: 0 | 1;
  /** Remaining skew in degrees to rotate by (clockwise positive), within +-6. */
  skew: number;
}

/**
 * Finds whether the text runs across or down the page and by how much it is tilted, from the
 * projection profile of the ink (no OCR needed).
 */
export function detectOrientation(img: GrayImage): PageOrientation {
  const points = inkPoints(img, 900);
  if (points.xs.length < 50) return { quarters: 0, skew: 0 };
  const best = (base: number) => {
    let angle = 0;
    let score = -1;
    for (let d = -6; d <= 6.001; d += 0.5) {
      const s = rowScore(points, base + d);
      if (s > score) {
        score = s;
        angle = d;
      }
    }
    for (let d = angle - 0.45; d <= angle + 0.451; d += 0.1) {
      const s = rowScore(points, base + d);
      if (s > score) {
        score = s;
        angle = d;
      }
    }
    return { angle, score };
  };
  const across = best(0);
  const down = best(90);
  if (down.score > across.score * 1.3) return { quarters: 1, skew: -round1(down.angle) };
  return { quarters: 0, skew: -round1(across.angle) };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export type Quad = [[number, number], [number, number], [number, number], [number, number]];

/**
 * The corners of a sheet of paper photographed on a darker background (top-left, top-right,
 * bottom-right, bottom-left), or null when the paper fills the picture (a scan).
 */
export function findPaper(img: GrayImage): Quad | null {
  const factor = Math.max(1, Math.floor(Math.max(img.width, img.height) / 300));
  const small = downscale(img, factor);
  const t = otsuThreshold(small);
  const { width: w, height: h } = small;
  // the border must be mostly background for a photo
  let border = 0;
  let dark = 0;
  for (let x = 0; x < w; x++) {
    for (const y of [0, h - 1]) {
      border++;
      if ((small.data[y * w + x] ?? 255) < t) dark++;
    }
  }
  for (let y = 0; y < h; y++) {
    for (const x of [0, w - 1]) {
      border++;
      if ((small.data[y * w + x] ?? 255) < t) dark++;
    }
  }
  if (dark < border * 0.6) return null;
  let tl: [number, number] = [0, 0];
  let tr: [number, number] = [0, 0];
  let br: [number, number] = [0, 0];
  let bl: [number, number] = [0, 0];
  let minSum = Number.POSITIVE_INFINITY;
  let maxSum = Number.NEGATIVE_INFINITY;
  let minDiff = Number.POSITIVE_INFINITY;
  let maxDiff = Number.NEGATIVE_INFINITY;
  let paper = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      // a paper pixel: bright, with bright neighbours (ignores small bright spots)
      let bright = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) if ((small.data[(y + dy) * w + x + dx] ?? 0) >= t) bright++;
      if (bright < 8) continue;
      paper++;
      const s = x + y;
      const d = x - y;
      if (s < minSum) {
        minSum = s;
        tl = [x, y];
      }
      if (s > maxSum) {
        maxSum = s;
        br = [x, y];
      }
      if (d > maxDiff) {
        maxDiff = d;
        tr = [x, y];
      }
      if (d < minDiff) {
        minDiff = d;
        bl = [x, y];
      }
    }
  }
  if (paper < w * h * 0.15) return null;
  const scale = (p: [number, number]): [number, number] => [(p[0] + 0.5) * factor, (p[1] + 0.5) * factor];
  return [scale(tl), scale(tr), scale(br), scale(bl)];
}

/** Solves the 8 parameters of the homography mapping the corners of a width x height rectangle to `quad`. */
export function homography(width: number, height: number, quad: Quad): number[] {
  const src: Array<[number, number]> = [
    [0, 0],
    [width, 0],
    [width, height],
    [0, height],
  ];
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i]!;
    const [u, v] = quad[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  // Gaussian elimination with partial pivoting
  const n = 8;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    [b[c], b[pivot]] = [b[pivot]!, b[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < n; k++) a[r]![k]! -= f * a[c]![k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const h = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * h[k]!;
    h[r] = s / a[r]![r]!;
  }
  return h;
}

/** Cuts the paper out of a photo and straightens it into a rectangle. */
export function unwarp(img: GrayImage, quad: Quad): GrayImage {
  const dist = (p: [number, number], q: [number, number]) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const width = Math.round(Math.max(dist(quad[0], quad[1]), dist(quad[3], quad[2])));
  const height = Math.round(Math.max(dist(quad[0], quad[3]), dist(quad[1], quad[2])));
  const [h0, h1, h2, h3, h4, h5, h6, h7] = homography(width, height, quad) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const out = grayImage(width, height, 0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const den = h6 * x + h7 * y + 1;
      out.data[y * width + x] = sample(img, (h0 * x + h1 * y + h2) / den, (h3 * x + h4 * y + h5) / den);
    }
  }
  return out;
}

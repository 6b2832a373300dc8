/** An 8-bit greyscale raster: 0 is black (ink), 255 white (paper). */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export function grayImage(width: number, height: number, fill = 255): GrayImage {
  const data = new Uint8ClampedArray(width * height);
  if (fill !== 0) data.fill(fill);
  return { width, height, data };
}

/** RGBA (canvas ImageData) to grey, luminance weights; transparent pixels count as paper. */
export function fromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): GrayImage {
  const out = grayImage(width, height, 0);
  for (let i = 0, p = 0; p < out.data.length; i += 4, p++) {
    const a = (rgba[i + 3] ?? 255) / 255;
    const lum = 0.299 * (rgba[i] ?? 0) + 0.587 * (rgba[i + 1] ?? 0) + 0.114 * (rgba[i + 2] ?? 0);
    out.data[p] = lum * a + 255 * (1 - a);
  }
  return out;
}

export function toRgba(img: GrayImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(img.width * img.height * 4);
  for (let p = 0, i = 0; p < img.data.length; p++, i += 4) {
    const v = img.data[p] ?? 255;
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
    out[i + 3] = 255;
  }
  return out;
}

/** Box-average downscale by an integer factor (>= 1). */
export function downscale(img: GrayImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return img;
  const w = Math.max(1, Math.floor(img.width / f));
  const h = Math.max(1, Math.floor(img.height / f));
  const out = grayImage(w, h, 0);
  const area = f * f;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        const row = (y * f + dy) * img.width + x * f;
        for (let dx = 0; dx < f; dx++) sum += img.data[row + dx] ?? 255;
      }
      out.data[y * w + x] = sum / area;
    }
  }
  return out;
}

/** Bilinear resize to an exact size. */
export function resize(img: GrayImage, width: number, height: number): GrayImage {
  return transform(img, width, height, img.width / width, 0, 0, img.height / height);
}

/** Bilinear sample; outside the image is paper. */
export function sample(img: GrayImage, x: number, y: number): number {
  const { width: w, height: h, data } = img;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) {
    const fx = x - x0;
    const fy = y - y0;
    const i = y0 * w + x0;
    const a = data[i]!;
    const b = data[i + 1]!;
    const c = data[i + w]!;
    const d = data[i + w + 1]!;
    return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
  }
  if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) return 255;
  const at = (xx: number, yy: number) =>
    xx < 0 || yy < 0 || xx >= w || yy >= h ? 255 : (data[yy * w + xx] ?? 255);
  const fx = x - x0;
  const fy = y - y0;
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * Resamples through an affine map from output pixel centres to source coordinates:
 * source = centreOfSource + [a b; c d] * (output - centreOfOutput).
 */
function transform(
  img: GrayImage,
  width: number,
  height: number,
  a: number,
  b: number,
  c: number,
  d: number,
) {
  const out = grayImage(width, height, 0);
  const cx = img.width / 2;
  const cy = img.height / 2;
  const ox = width / 2;
  const oy = height / 2;
  for (let y = 0; y < height; y++) {
    const dy = y + 0.5 - oy;
    let sx = cx + a * (0.5 - ox) + b * dy - 0.5;
    let sy = cy + c * (0.5 - ox) + d * dy - 0.5;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      out.data[row + x] = sample(img, sx, sy);
      sx += a;
      sy += c;
    }
  }
  return out;
}

/**
 * Scales by `factor` and rotates by `degrees` (clockwise positive) in one resampling pass; the
 * corners uncovered by the rotation are paper.
 */
export function scaleRotate(img: GrayImage, factor: number, degrees: number): GrayImage {
  const r = (degrees * Math.PI) / 180;
  const cos = Math.cos(r) / factor;
  const sin = Math.sin(r) / factor;
  return transform(img, Math.round(img.width * factor), Math.round(img.height * factor), cos, sin, -sin, cos);
}

/** Rotates by a multiple of 90 degrees clockwise. */
export function rotateQuarter(img: GrayImage, quarters: number): GrayImage {
  const q = ((quarters % 4) + 4) % 4;
  if (q === 0) return img;
  const { width: w, height: h } = img;
  const out = q === 2 ? grayImage(w, h, 0) : grayImage(h, w, 0);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = img.data[y * w + x] ?? 255;
      if (q === 1) out.data[x * h + (h - 1 - y)] = v;
      else if (q === 2) out.data[(h - 1 - y) * w + (w - 1 - x)] = v;
      else out.data[(w - 1 - x) * h + y] = v;
    }
  }
  return out;
}

/** Rotates by a small angle (degrees, clockwise positive) around the centre, same size, paper fill. */
export function rotateSmall(img: GrayImage, degrees: number): GrayImage {
  if (Math.abs(degrees) < 0.05) return img;
  return scaleRotate(img, 1, degrees);
}

/** Grey level below which a pixel is ink (Otsu's threshold). */
export function otsuThreshold(img: GrayImage): number {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v] = (hist[v] ?? 0) + 1;
  const total = img.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * (hist[i] ?? 0);
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t] ?? 0;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * (hist[t] ?? 0);
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/**
 * Evens out lighting (a photo darker in one corner) by dividing by the local paper brightness,
 * then stretches the grey levels so that paper is white and ink black.
 */
export function normalizeContrast(img: GrayImage): GrayImage {
  const block = Math.max(8, Math.round(Math.max(img.width, img.height) / 40));
  const bw = Math.ceil(img.width / block);
  const bh = Math.ceil(img.height / block);
  // paper level per block: a high percentile (the brightest pixels are paper)
  const paper = grayImage(bw, bh, 0);
  const hist = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      hist.fill(0);
      let n = 0;
      for (let y = by * block; y < Math.min(img.height, (by + 1) * block); y += 2) {
        for (let x = bx * block; x < Math.min(img.width, (bx + 1) * block); x += 2) {
          hist[img.data[y * img.width + x] ?? 255]! += 1;
          n++;
        }
      }
      let seen = 0;
      let level = 255;
      for (let v = 255; v >= 0; v--) {
        seen += hist[v] ?? 0;
        if (seen >= n * 0.1) {
          level = v;
          break;
        }
      }
      paper.data[by * bw + bx] = Math.max(level, 40);
    }
  }
  const out = grayImage(img.width, img.height, 0);
  for (let y = 0; y < img.height; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    for (let x = 0; x < img.width; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const bg = sample(paper, fx, fy);
      out.data[y * img.width + x] = ((img.data[y * img.width + x] ?? 255) / Math.max(1, bg)) * 255;
    }
  }
  // stretch: the darkest 0.5 % to black
  const h2 = new Uint32Array(256);
  for (const v of out.data) h2[v]! += 1;
  let acc = 0;
  let low = 0;
  for (let v = 0; v < 256; v++) {
    acc += h2[v] ?? 0;
    if (acc >= out.data.length * 0.005) {
      low = v;
      break;
    }
  }
  const high = 250;
  if (low < high - 20) {
    const scale = 255 / (high - low);
    for (let p = 0; p < out.data.length; p++) out.data[p] = ((out.data[p] ?? 255) - low) * scale;
  }
  return out;
}

/**
 * Removes specks: small blobs of ink with no other ink near them (dust, scanner noise). A comma or
 * the dot of an i sits next to its letters and is kept.
 */
export function removeSpecks(img: GrayImage, maxArea: number, clearance: number): GrayImage {
  const { width: w, height: h } = img;
  const threshold = Math.min(160, otsuThreshold(img));
  const ink = new Uint8Array(w * h);
  for (let p = 0; p < ink.length; p++) ink[p] = (img.data[p] ?? 255) < threshold ? 1 : 0;
  const label = new Int32Array(w * h);
  const out: GrayImage = { width: w, height: h, data: new Uint8ClampedArray(img.data) };
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || label[start]) continue;
    next++;
    label[start] = next;
    stack.push(start);
    const pixels: number[] = [];
    let x0 = w;
    let y0 = h;
    let x1 = 0;
    let y1 = 0;
    let big = false;
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (!big) {
        pixels.push(p);
        if (pixels.length > maxArea) big = true;
      }
      const x = p % w;
      const y = (p - x) / w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (ink[q] && !label[q]) {
            label[q] = next;
            stack.push(q);
          }
        }
      }
    }
    if (big) continue;
    let alone = true;
    for (let y = Math.max(0, y0 - clearance); alone && y <= Math.min(h - 1, y1 + clearance); y++) {
      for (let x = Math.max(0, x0 - clearance); x <= Math.min(w - 1, x1 + clearance); x++) {
        const q = y * w + x;
        if (ink[q] && label[q] !== next) {
          alone = false;
          break;
        }
      }
    }
    if (alone) for (const p of pixels) out.data[p] = 255;
  }
  return out;
}

/**
 * Erases table rules and frames: straight runs of ink longer than `minRun` pixels, horizontal or
 * vertical. Tesseract reads the text of a bordered table much better without its grid.
 */
export function removeRules(img: GrayImage, minRun: number): GrayImage {
  const { width: w, height: h } = img;
  const threshold = Math.min(170, otsuThreshold(img));
  const erase = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    let start = -1;
    for (let x = 0; x <= w; x++) {
      const ink = x < w && (img.data[y * w + x] ?? 255) < threshold;
      if (ink && start < 0) start = x;
      if (!ink && start >= 0) {
        if (x - start >= minRun) erase.fill(1, y * w + start, y * w + x);
        start = -1;
      }
    }
  }
  for (let x = 0; x < w; x++) {
    let start = -1;
    for (let y = 0; y <= h; y++) {
      const ink = y < h && (img.data[y * w + x] ?? 255) < threshold;
      if (ink && start < 0) start = y;
      if (!ink && start >= 0) {
        if (y - start >= minRun) for (let yy = start; yy < y; yy++) erase[yy * w + x] = 1;
        start = -1;
      }
    }
  }
  // the anti-aliased edges of a rule go with it
  const out: GrayImage = { width: w, height: h, data: new Uint8ClampedArray(img.data) };
  for (let p = 0; p < erase.length; p++) {
    if (!erase[p]) continue;
    const x = p % w;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const q = p + dy * w + dx;
        if (xx >= 0 && xx < w && q >= 0 && q < out.data.length) out.data[q] = 255;
      }
    }
  }
  return out;
}

/** The part of an image between x0..x1 and y0..y1 (exclusive ends). */
export function crop(img: GrayImage, x0: number, y0: number, x1: number, y1: number): GrayImage {
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const out = grayImage(w, h, 0);
  for (let y = 0; y < h; y++)
    out.data.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w), y * w);
  return out;
}

/**
 * The box around the ink of a page with a margin, so that OCR does not spend time and memory on
 * empty paper; rows and columns with only a speck of ink do not count.
 */
export function inkBox(img: GrayImage, margin: number): { x0: number; y0: number; x1: number; y1: number } {
  const threshold = Math.min(170, otsuThreshold(img));
  const rows = new Uint32Array(img.height);
  const cols = new Uint32Array(img.width);
  for (let y = 0; y < img.height; y++) {
    const row = y * img.width;
    for (let x = 0; x < img.width; x++) {
      if ((img.data[row + x] ?? 255) < threshold) {
        rows[y]! += 1;
        cols[x]! += 1;
      }
    }
  }
  const first = (a: Uint32Array, min: number) => a.findIndex((v) => v >= min);
  const last = (a: Uint32Array, min: number) => a.findLastIndex((v) => v >= min);
  const y0 = first(rows, 3);
  const x0 = first(cols, 3);
  if (y0 < 0 || x0 < 0) return { x0: 0, y0: 0, x1: img.width, y1: img.height };
  return {
    x0: Math.max(0, x0 - margin),
    y0: Math.max(0, y0 - margin),
    x1: Math.min(img.width, last(cols, 3) + 1 + margin),
    y1: Math.min(img.height, last(rows, 3) + 1 + margin),
  };
}

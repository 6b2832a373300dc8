/**
 * Finds text a reader cannot see, from a pdf.js operator list: text drawn in white (or in an
 * invisible rendering mode) where nothing darker was painted underneath.
 */

/** The pdf.js operator codes this module needs (pass `OPS` from pdfjs-dist). */
export interface PdfOps {
  save: number;
  restore: number;
  transform: number;
  setFillRGBColor: number;
  beginText: number;
  setTextMatrix: number;
  moveText: number;
  setLeadingMoveText: number;
  nextLine: number;
  setLeading: number;
  setTextRenderingMode: number;
  showText: number;
  showSpacedText: number;
  nextLineShowText: number;
  nextLineSetSpacingShowText: number;
  constructPath: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  paintImageXObject: number;
  paintInlineImageXObject: number;
  paintImageMaskXObject: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  shadingFill: number;
}

export interface HiddenRun {
  /** The text shown, without whitespace. */
  text: string;
  /** Start of the text in page space. */
  x: number;
  y: number;
  why: "white" | "invisible";
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];
}

function toMatrix(args: unknown): Matrix | null {
  const list = Array.isArray(args) && args.length === 1 && typeof args[0] === "object" ? args[0] : args;
  if (!list || typeof list !== "object") return null;
  const values = Array.from(list as ArrayLike<number>).map(Number);
  if (values.length < 6 || values.some((v) => !Number.isFinite(v))) return null;
  return values.slice(0, 6) as Matrix;
}

export function isNearWhite(hex: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return false;
  return [m[1], m[2], m[3]].every((h) => Number.parseInt(h ?? "0", 16) >= 240);
}

function glyphText(glyphs: unknown): string {
  if (!Array.isArray(glyphs)) return "";
  let out = "";
  for (const g of glyphs) {
    if (g && typeof g === "object" && "unicode" in g)
      out += String((g as { unicode: unknown }).unicode ?? "");
    else if (typeof g === "number" && g < -200) out += " ";
  }
  return out;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function transformBox(ctm: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const pts = [apply(ctm, x0, y0), apply(ctm, x1, y0), apply(ctm, x0, y1), apply(ctm, x1, y1)];
  return {
    x0: Math.min(...pts.map((p) => p[0])),
    y0: Math.min(...pts.map((p) => p[1])),
    x1: Math.max(...pts.map((p) => p[0])),
    y1: Math.max(...pts.map((p) => p[1])),
  };
}

/** Text drawn white or invisible without a darker fill or image underneath it. */
export function findHiddenTextRuns(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  ops: PdfOps,
): HiddenRun[] {
  const runs: HiddenRun[] = [];
  const backgrounds: Box[] = [];
  const fillOps = new Set([
    ops.fill,
    ops.eoFill,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);
  const imageOps = new Set([ops.paintImageXObject, ops.paintInlineImageXObject, ops.paintImageMaskXObject]);
  let fill = "#000000";
  let ctm: Matrix = IDENTITY;
  let renderMode = 0;
  const stack: Array<{ fill: string; ctm: Matrix; renderMode: number }> = [];
  let tm: Matrix = IDENTITY;
  let lm: Matrix = IDENTITY;
  let leading = 0;
  let everythingCovered = false;

  const moveText = (tx: number, ty: number) => {
    lm = multiply([1, 0, 0, 1, tx, ty], lm);
    tm = lm;
  };
  const show = (glyphs: unknown) => {
    const invisible = renderMode === 3 || renderMode === 7;
    const white = isNearWhite(fill) && renderMode !== 1 && renderMode !== 5;
    if (!invisible && !white) return;
    const text = glyphText(glyphs).replace(/\s+/g, "");
    if (!text) return;
    const [x, y] = apply(multiply(tm, ctm), 0, 0);
    if (everythingCovered) return;
    const covered = backgrounds.some((b) => x >= b.x0 - 1 && x <= b.x1 + 1 && y >= b.y0 - 1 && y <= b.y1 + 1);
    if (covered) return;
    runs.push({ text, x, y, why: invisible ? "invisible" : "white" });
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    switch (fn) {
      case ops.save:
        stack.push({ fill, ctm, renderMode });
        break;
      case ops.restore: {
        const state = stack.pop();
        if (state) ({ fill, ctm, renderMode } = state);
        break;
      }
      case ops.transform: {
        const m = toMatrix(args);
        if (m) ctm = multiply(m, ctm);
        break;
      }
      case ops.paintFormXObjectBegin: {
        stack.push({ fill, ctm, renderMode });
        const m = toMatrix(Array.isArray(args) ? args[0] : null);
        if (m) ctm = multiply(m, ctm);
        break;
      }
      case ops.paintFormXObjectEnd: {
        const state = stack.pop();
        if (state) ({ fill, ctm, renderMode } = state);
        break;
      }
      case ops.setFillRGBColor:
        if (Array.isArray(args) && typeof args[0] === "string") fill = args[0];
        break;
      case ops.beginText:
        tm = IDENTITY;
        lm = IDENTITY;
        break;
      case ops.setTextMatrix: {
        const m = toMatrix(args);
        if (m) {
          tm = m;
          lm = m;
        }
        break;
      }
      case ops.moveText:
        if (Array.isArray(args)) moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case ops.setLeadingMoveText:
        if (Array.isArray(args)) {
          leading = -(Number(args[1]) || 0);
          moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        }
        break;
      case ops.setLeading:
        if (Array.isArray(args)) leading = Number(args[0]) || 0;
        break;
      case ops.nextLine:
        moveText(0, -leading);
        break;
      case ops.setTextRenderingMode:
        if (Array.isArray(args)) renderMode = Number(args[0]) || 0;
        break;
      case ops.showText:
      case ops.showSpacedText:
        if (Array.isArray(args)) show(args[0]);
        break;
      case ops.nextLineShowText:
        moveText(0, -leading);
        if (Array.isArray(args)) show(args[0]);
        break;
      case ops.nextLineSetSpacingShowText:
        moveText(0, -leading);
        if (Array.isArray(args)) show(args[2]);
        break;
      case ops.constructPath: {
        if (!Array.isArray(args) || !fillOps.has(Number(args[0])) || isNearWhite(fill)) break;
        const mm = args[2] as ArrayLike<number> | null | undefined;
        if (mm && mm.length >= 4) {
          backgrounds.push(transformBox(ctm, Number(mm[0]), Number(mm[1]), Number(mm[2]), Number(mm[3])));
        }
        break;
      }
      case ops.shadingFill:
        everythingCovered = true;
        break;
      default:
        if (fn !== undefined && imageOps.has(fn)) backgrounds.push(transformBox(ctm, 0, 0, 1, 1));
    }
  }
  return runs;
}

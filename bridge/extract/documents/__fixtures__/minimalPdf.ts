/**
 * Builds a small, valid PDF (Helvetica, one content stream per page) for tests; each page is the
 * raw content stream, e.g. "BT /F1 10 Tf 50 700 Td (Hello) Tj ET".
 */
export function minimalPdf(pages: string[], options: { width?: number; height?: number } = {}): Buffer {
  const width = options.width ?? 595;
  const height = options.height ?? 842;
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`;
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  pages.forEach((stream, i) => {
    const pageId = 4 + i * 2;
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] =
      `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`;
  });
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, "latin1");
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** A text-showing snippet at (x, y) in the given font size. */
export function textAt(x: number, y: number, text: string, size = 9): string {
  const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`);
  return `BT /F1 ${size} Tf ${x} ${y} Td (${escaped}) Tj ET`;
}

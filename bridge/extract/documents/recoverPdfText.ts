import { constants, inflateSync } from "node:zlib";

const MAX_STREAMS = 200;
const MAX_OUTPUT = 200_000;

function unescapePdfString(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3}|\r?\n)/g, (_m, e: string) => {
    switch (e[0]) {
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "b":
      case "f":
        return "";
      case "(":
      case ")":
      case "\\":
        return e;
      case "\r":
      case "\n":
        return "";
      default:
        return String.fromCharCode(Number.parseInt(e, 8));
    }
  });
}

/** Text-showing operators of a content stream, one output line per text line (Td, T*, TD, Tm, BT). */
function textFromContent(content: string): string[] {
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    if (current.trim()) lines.push(current.trim());
    current = "";
  };
  const re = /\((?:\\.|[^\\)])*\)\s*(?:Tj|'|")|\[(?:\\.|[^\]])*\]\s*TJ|\b(?:BT|ET|T\*|Td|TD|Tm)\b/gs;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    const token = m[0];
    if (/^(BT|ET|T\*|Td|TD|Tm)$/.test(token)) {
      flush();
      continue;
    }
    const strings = token.match(/\((?:\\.|[^\\)])*\)/gs) ?? [];
    const parts = strings.map((p) => unescapePdfString(p.slice(1, -1)));
    current += (current ? " " : "") + parts.join("");
  }
  flush();
  return lines;
}

/**
 * Best-effort text of a damaged PDF: document info strings and the text operators of every stream
 * that can be read, inflating truncated Flate streams as far as they go.
 */
export function recoverPdfText(bytes: Buffer): string {
  const raw = bytes.toString("latin1");
  const out: string[] = [];
  const info = /\/(Title|Subject|Keywords)\s*\(((?:\\.|[^\\)])*)\)/g;
  for (let m = info.exec(raw); m; m = info.exec(raw)) {
    const value = unescapePdfString(m[2] ?? "").trim();
    if (value && !/^(unspecified|untitled|anonymous|none)$/i.test(value)) out.push(value);
  }
  const streamRe = /stream\r?\n/g;
  let count = 0;
  for (let m = streamRe.exec(raw); m && count < MAX_STREAMS; m = streamRe.exec(raw)) {
    count++;
    const start = m.index + m[0].length;
    const endIdx = raw.indexOf("endstream", start);
    const body = bytes.subarray(start, endIdx < 0 ? bytes.length : endIdx);
    const dict = raw.slice(Math.max(0, m.index - 400), m.index);
    const dictStart = dict.lastIndexOf("<<");
    const header = dictStart >= 0 ? dict.slice(dictStart) : dict;
    if (/\/Subtype\s*\/Image|\/DCTDecode|\/JPXDecode|\/CCITTFax/.test(header)) continue;
    let content: string;
    if (/FlateDecode/.test(header)) {
      try {
        content = inflateSync(body, { finishFlush: constants.Z_SYNC_FLUSH }).toString("latin1");
      } catch {
        continue;
      }
    } else if (/\/Filter/.test(header)) {
      continue;
    } else {
      content = body.toString("latin1");
    }
    out.push(...textFromContent(content));
    if (out.join("\n").length > MAX_OUTPUT) break;
    if (endIdx < 0) break;
  }
  return out.join("\n").slice(0, MAX_OUTPUT);
}

import iconv from "iconv-lite";

/** Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252. */
export function decodeText(content: Buffer): string {
  if (content[0] === 0xff && content[1] === 0xfe) return iconv.decode(content.subarray(2), "utf16le");
  if (content[0] === 0xfe && content[1] === 0xff) return iconv.decode(content.subarray(2), "utf16be");
  const body =
    content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf ? content.subarray(3) : content;
  const utf8 = body.toString("utf8");
  if (!utf8.includes("\ufffd")) return utf8;
  return iconv.decode(body, "win1252");
}

import { deflateSync } from "node:zlib";

/** CRC-32 of PNG chunks. */
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A grey 8-bit PNG declaring `width` x `height` pixels. With `rows`, that many rows of white are
 * really compressed in (a real bomb: deflate shrinks them about 1000 times); without, the IDAT holds
 * the given rows only, or none (a header that lies).
 */
export function pngDeclaring(width: number, height: number, rows = 1): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  const row = Buffer.alloc(rows > 0 ? width + 1 : 0, 0xff);
  if (rows > 0) row[0] = 0; // filter: none
  const raw = Buffer.concat(Array.from({ length: rows }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A little-endian TIFF header of one page declaring `width` x `height` 8-bit grey pixels, no data. */
export function tiffDeclaring(width: number, height: number, padTo = 2048): Buffer {
  const entries: Array<[number, number, number, number]> = [
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 1, 8],
    [259, 3, 1, 1],
    [262, 3, 1, 1],
    [273, 4, 1, 200],
    [277, 3, 1, 1],
    [278, 4, 1, height],
    [279, 4, 1, width * height],
  ];
  const buf = Buffer.alloc(Math.max(padTo, 8 + 2 + entries.length * 12 + 4));
  buf.write("II*\u0000", 0, "latin1");
  buf.writeUInt32LE(8, 4);
  buf.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, count, value], i) => {
    const o = 10 + i * 12;
    buf.writeUInt16LE(tag, o);
    buf.writeUInt16LE(type, o + 2);
    buf.writeUInt32LE(count, o + 4);
    if (type === 3) buf.writeUInt16LE(value, o + 8);
    else buf.writeUInt32LE(value >>> 0, o + 8);
  });
  buf.writeUInt32LE(0, 10 + entries.length * 12);
  return buf;
}

/** A mail carrying one attachment, base64-encoded. */
export function mailWithAttachment(
  from: string,
  filename: string,
  contentType: string,
  content: Buffer,
  body = "Please find our order attached.",
): Buffer {
  const b64 = content.toString("base64").replace(/.{76}/g, "$&\r\n");
  return Buffer.from(
    [
      `From: ${from}`,
      "To: orders@ourcompany.example",
      `Subject: Order ${filename}`,
      "Date: Mon, 23 Nov 2026 11:00:00 +0100",
      `Message-ID: <${filename}.${content.length}@test.example>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
      "--b1",
      `Content-Type: ${contentType}; name="${filename}"`,
      "Content-Transfer-Encoding: base64",
      `Content-Disposition: attachment; filename="${filename}"`,
      "",
      b64,
      "--b1--",
      "",
    ].join("\r\n"),
  );
}

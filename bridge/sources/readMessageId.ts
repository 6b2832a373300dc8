import { createHash } from "node:crypto";

/**
 * The Message-ID of a raw RFC 822 message, read from its header block without parsing the body; a
 * message without one gets a stable `<sha256:...@order-intake>` of its bytes.
 */
export function readMessageId(raw: Buffer): { messageId: string; sha256: string } {
  const sha256 = createHash("sha256").update(raw).digest("hex");
  const headEnd = raw.indexOf("\r\n\r\n");
  const head = raw
    .subarray(0, headEnd >= 0 ? headEnd : Math.min(raw.length, 64 * 1024))
    .toString("latin1")
    .replace(/\r?\n[ \t]+/g, " ");
  const m = /^message-id:\s*(<[^>\s]+>|\S+)/im.exec(head);
  return { messageId: m?.[1]?.trim() ?? `<sha256:${sha256}@order-intake>`, sha256 };
}

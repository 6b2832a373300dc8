import { describe, expect, it } from "vitest";
import { readStructuredDocuments, structuredReader } from "./readStructuredDocuments.ts";
import { parseXml, textAt } from "./safeXml.ts";

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>&lol9;</ID></Order>`;

const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE Order [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY net SYSTEM "http://127.0.0.1:1/evil.dtd"> ]>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>&xxe;&net;</ID></Order>`;

const EXTERNAL_DTD = `<?xml version="1.0"?>
<!DOCTYPE Order SYSTEM "http://127.0.0.1:1/order.dtd">
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>`;

describe("safe XML parsing of untrusted documents", () => {
  it("parses namespaced XML into elements found by local name, whatever the prefix", () => {
    const parsed = parseXml(
      `<?xml version="1.0"?><x:Order xmlns:x="urn:a" xmlns:b="urn:b"><b:ID schemeID="0088">42</b:ID><b:Note><![CDATA[a < b]]></b:Note></x:Order>`,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.root.name).toBe("Order");
    expect(parsed.root.ns).toBe("urn:a");
    expect(textAt(parsed.root, "ID")).toBe("42");
    expect(textAt(parsed.root, "cbc:Note")).toBe("a < b");
    expect(parsed.root.children[0]?.attrs.schemeID).toBe("0088");
  });

  it("refuses a billion laughs, external entities and an external DTD before parsing, with a reason", () => {
    for (const hostile of [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD]) {
      const parsed = parseXml(hostile);
      expect(parsed).toMatchObject({ ok: false, code: "xml.doctype" });
      if (!parsed.ok) expect(parsed.message).toMatch(/DOCTYPE/);
    }
  });

  it("refuses an undefined entity (no DTD) as malformed instead of expanding or throwing", () => {
    const parsed = parseXml(`<Order><ID>&xxe;</ID></Order>`);
    expect(parsed).toMatchObject({ ok: false, code: "xml.malformed" });
  });

  it("refuses a 50 MB document by its size, without decoding or parsing it", () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    Buffer.from("<Order><ID>1</ID>").copy(big);
    const parsed = parseXml(big);
    expect(parsed).toMatchObject({ ok: false, code: "xml.too_large" });
  });

  it("refuses documents nested too deep or with too many elements", () => {
    const deep = `${"<a>".repeat(5000)}${"</a>".repeat(5000)}`;
    expect(parseXml(deep)).toMatchObject({ ok: false, code: "xml.too_deep" });
    const wide = `<r>${"<i/>".repeat(300_000)}</r>`;
    expect(parseXml(wide)).toMatchObject({ ok: false, code: "xml.too_many_elements" });
  });

  it("reports malformed XML as a reason, never a throw", () => {
    expect(parseXml("<Order><ID>1</Order>")).toMatchObject({ ok: false, code: "xml.malformed" });
    expect(parseXml("")).toMatchObject({ ok: false, code: "xml.malformed" });
  });

  it("an SVG image, a web page or a text file is not read as an e-document, even with a DOCTYPE", async () => {
    const reading = await readStructuredDocuments({
      attachments: [
        {
          filename: "logo.svg",
          contentType: "image/svg+xml",
          content: Buffer.from(
            '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>',
          ),
        },
        {
          filename: "page.html",
          contentType: "text/html",
          content: Buffer.from("<!DOCTYPE html><html><p>hi</html>"),
        },
        { filename: "notes.txt", contentType: "text/plain", content: Buffer.from("<b>not xml</b> & more") },
      ],
    });
    expect(reading).toEqual({ orders: [], refused: [] });
  });

  it("a hostile XML attachment becomes a hard reason of the reading, not a crash", async () => {
    const reading = await readStructuredDocuments({
      attachments: [
        { filename: "order.xml", contentType: "application/xml", content: Buffer.from(BILLION_LAUGHS) },
        { filename: "xxe.xml", contentType: "text/xml", content: Buffer.from(EXTERNAL_ENTITY) },
      ],
    });
    expect(reading.orders).toEqual([]);
    // as an extra reader of the pipeline: a reading without lines that carries the refusal
    const asReader = await structuredReader({
      attachments: [
        { filename: "order.xml", contentType: "application/xml", content: Buffer.from(BILLION_LAUGHS) },
      ],
    });
    expect(asReader).toMatchObject([
      {
        documentKind: "unknown",
        structured: false,
        lines: [],
        reasons: [{ code: "xml.doctype", severity: "hard" }],
      },
    ]);
    expect(reading.refused.map((r) => [r.code, r.severity, r.path])).toEqual([
      ["xml.doctype", "hard", "attachment:order.xml"],
      ["xml.doctype", "hard", "attachment:xxe.xml"],
    ]);
  });
});

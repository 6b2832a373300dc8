import { describe, expect, it } from "vitest";
import { parseEmail } from "../mime/parseEmail.ts";
import { classify } from "./classify.ts";

const mail = (headers: string, body: string) =>
  Buffer.from(
    `From: "A" <a@customer.example>\r\nTo: orders@ourcompany.example\r\nSubject: Order 9001\r\nMessage-ID: <x@y>\r\nDate: Tue, 3 Nov 2026 10:12:00 +0000\r\n${headers}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );

async function kindOf(headers: string, body: string, isVendor = false) {
  const email = await parseEmail(mail(headers, body));
  return classify({ email, ownText: email.text, allText: email.text, isVendor, hasLines: true });
}

describe("classify", () => {
  it("recognises auto-replies by their headers", async () => {
    expect((await kindOf("Auto-Submitted: auto-replied\r\n", "I am out of the office.")).nonOrder).toBe(
      "auto_reply",
    );
    expect((await kindOf("X-Autoreply: yes\r\n", "Away.")).nonOrder).toBe("auto_reply");
  });
  it("recognises newsletters by List-Unsubscribe and Precedence", async () => {
    expect(
      (await kindOf("List-Unsubscribe: <https://x.example/u>\r\n", "Order 50 pallets now!")).nonOrder,
    ).toBe("newsletter");
    expect((await kindOf("Precedence: bulk\r\n", "News")).nonOrder).toBe("newsletter");
  });
  it("rejects phishing with failed authentication and a foreign Reply-To", async () => {
    const c = await kindOf(
      "Authentication-Results: mx; spf=fail smtp.mailfrom=x; dmarc=fail\r\nReply-To: pay@freemail.example\r\n",
      "Please review and confirm the payment details within 24 hours: http://x.example/login",
    );
    expect(c.nonOrder).toBe("spam");
  });
  it("recognises requests for quotation in several languages", async () => {
    expect((await kindOf("", "Could you please send us a quote for 20 boxes?")).nonOrder).toBe("rfq");
    expect(
      (await kindOf("", "pourriez-vous nous faire une offre de prix pour les articles suivants")).nonOrder,
    ).toBe("rfq");
    expect((await kindOf("", "Bitte senden Sie uns ein Angebot über 10 Stühle.")).nonOrder).toBe("rfq");
  });
  it("routes supplier documents away from sales", async () => {
    expect((await kindOf("", "anbei unsere Rechnung RE-1 zu Ihrer Bestellung", true)).kind).toBe(
      "vendor_bill",
    );
    expect((await kindOf("", "Les confirmamos su pedido PO-77.", true)).kind).toBe("purchase_confirmation");
  });
  it("sees an amendment in a reply that changes an order", async () => {
    expect((await kindOf("In-Reply-To: <a@b>\r\n", "please change line 2 to 20 units")).kind).toBe(
      "amendment",
    );
    expect((await kindOf("", "Please supply 12 x DSK-160.")).kind).toBe("sales_order");
  });
});

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

  it("recognises requests for quotation in every language the readers support", async () => {
    const rfqs = [
      "Could you please send us a quotation for 20 x ELC-2103?",
      "Bitte senden Sie uns ein Angebot für 20 Stk ELC-2103.",
      "Pourriez-vous nous faire un devis pour 20 ELC-2103 ?",
      "¿Nos podrían cotizar 20 unidades de ELC-2103?",
      "Vi chiediamo di inviarci la vostra migliore offerta per 20 pz ELC-2103.",
      "Kunt u ons een offerte sturen voor 20 x ELC-2103?",
    ];
    for (const body of rfqs) expect((await kindOf("", body)).nonOrder, body).toBe("rfq");
  });
  it("recognises order status inquiries (en/de/fr/es/it/nl)", async () => {
    const inquiries = [
      "Could you give us an update on the status of our PO 4711? We still wait for 20 x ELC-2103.",
      "Wie ist der Stand unserer Bestellung 4711? Es fehlen noch 20 Stk ELC-2103.",
      "Où en est notre commande 4711 ? Il manque 20 x ELC-2103.",
      "¿Cuál es el estado de nuestro pedido 4711? Faltan 20 x ELC-2103.",
      "Qual è lo stato del nostro ordine 4711? Mancano 20 x ELC-2103.",
      "Wat is de status van onze bestelling 4711? Wij missen 20 x ELC-2103.",
    ];
    for (const body of inquiries) expect((await kindOf("", body)).nonOrder, body).toBe("status_inquiry");
  });
  it("recognises forecasts (en/de/fr/es/it/nl)", async () => {
    const forecasts = [
      "Our non-binding forecast for Q1: January 200 x ELC-2401.",
      "Unsere unverbindliche Bedarfsvorschau für Q1: Januar 200 Stk ELC-2401.",
      "Nos prévisions pour le T1 : janvier 200 x ELC-2401.",
      "Nuestra previsión para el T1: enero 200 x ELC-2401.",
      "La nostra previsione per il Q1: gennaio 200 x ELC-2401.",
      "Onze voorspelling voor Q1: januari 200 x ELC-2401.",
    ];
    for (const body of forecasts) expect((await kindOf("", body)).nonOrder, body).toBe("forecast");
  });
  it("keeps a firm order an order even when it mentions an offer or a forecast", async () => {
    expect(
      (await kindOf("", "Vielen Dank für Ihr Angebot. Hiermit bestellen wir 20 Stk ELC-2103.")).nonOrder,
    ).toBe(null);
    expect((await kindOf("", "As per our forecast, we hereby order 20 x ELC-2103.")).nonOrder).toBe(null);
  });

  it("an order whose words say it is not a new one carries that doubt (en/de/fr/es/it/nl)", async () => {
    const cases: Array<[string, RegExp]> = [
      ["Commande CMD-1: annule et remplace notre commande du 3 novembre.\n2 x ELC-2103", /replaces/],
      ["Por favor modifiquen nuestro pedido P-7: 2 x ELC-2103.", /change an order/],
      ["Bitte ändern Sie unsere Bestellung 4711: 2 x ELC-2103.", /change an order/],
      ["Please cancel our order 9001. 2 x ELC-2103", /cancels/],
      ["Chasing our order 9001 below - please do NOT ship twice.\n2 x ELC-2103", /chases/],
      ["Sollecito ordine 9001: 2 x ELC-2103", /chases/],
      ["Your invoice charged us twice for 2 x ELC-2103.", /invoice or a complaint/],
      ["Please deliver 6 instead of the 4 in the attached PO.", /changes a quantity/],
    ];
    for (const [body, why] of cases) expect((await kindOf("", body)).doubt, body).toMatch(why);
    // a plain order has none
    for (const body of [
      "Please deliver 2 x ELC-2103 and update our contact: Anna.",
      "Bitte liefern Sie 2 x ELC-2103.",
    ])
      expect((await kindOf("", body)).doubt, body).toBeUndefined();
  });

  it("recognises a German request for an offer ('wir bitten um Ihr Angebot')", async () => {
    expect((await kindOf("", "Anfrage: wir bitten um Ihr Angebot für 20 Stk ELC-2103.")).nonOrder).toBe(
      "rfq",
    );
  });
});

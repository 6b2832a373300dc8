import { describe, expect, it } from "vitest";
import { describeMailError, isThrottling } from "../sources/imap/describeMailError.ts";
import { reconnectDelay } from "../sources/imap/watchMailbox.ts";
import { detectLanguage, normaliseLanguage } from "./detectLanguage.ts";
import { acknowledgementText, replySubject } from "./renderEmail.ts";

describe("the customer's language", () => {
  it("is read from the words of the email, English when unsure", () => {
    expect(
      detectLanguage("Guten Tag, bitte liefern Sie die folgende Bestellung. Vielen Dank und Grüße"),
    ).toBe("de");
    expect(detectLanguage("Bonjour, merci de livrer la commande suivante. Cordialement")).toBe("fr");
    expect(detectLanguage("Hola, por favor envíen el pedido siguiente. Gracias y saludos")).toBe("es");
    expect(detectLanguage("Hello, please deliver the following order. Kind regards")).toBe("en");
    expect(detectLanguage("4 x DSK-2002 489.00")).toBe("en");
  });
  it("comes from a partner's language code when the catalog has one", () => {
    expect(normaliseLanguage("de_DE")).toBe("de");
    expect(normaliseLanguage("fr-CH")).toBe("fr");
    expect(normaliseLanguage("it_IT")).toBeNull();
  });
});

describe("the acknowledgement", () => {
  it("is written in each supported language with the references", () => {
    const data = { poNumbers: ["PO-7"], orderNames: ["S00042"], signature: "ACME Orders" };
    expect(acknowledgementText("en", data)).toMatch(/thank you for your order PO-7.*our reference S00042/s);
    expect(acknowledgementText("de", data)).toMatch(/vielen Dank für Ihre Bestellung PO-7.*Referenz S00042/s);
    expect(acknowledgementText("fr", data)).toMatch(/merci pour votre commande PO-7.*référence S00042/s);
    expect(acknowledgementText("es", data)).toMatch(/gracias por su pedido PO-7.*referencia S00042/s);
    expect(acknowledgementText("de", {})).toContain("Wir haben sie erhalten und erfasst");
  });
  it("answers the original subject once", () => {
    expect(replySubject("Bestellung 4500")).toBe("Re: Bestellung 4500");
    expect(replySubject("AW: Bestellung 4500")).toBe("AW: Bestellung 4500");
    expect(replySubject("")).toBe("Re: your order");
  });
});

describe("mail errors", () => {
  it("never carry the password, whatever the server echoes", () => {
    const err = Object.assign(new Error("Invalid login: 535 bad credentials for s3cr3t-Pw"), {
      code: "EAUTH",
    });
    expect(describeMailError(err, ["s3cr3t-Pw"])).not.toContain("s3cr3t-Pw");
    const imap = Object.assign(new Error("Command failed"), {
      responseText: "LOGIN s3cr3t-Pw refused",
      serverResponseCode: "AUTHENTICATIONFAILED",
    });
    expect(describeMailError(imap, ["s3cr3t-Pw"])).toBe("authentication failed (LOGIN [redacted] refused)");
  });
  it("recognise throttling answers", () => {
    expect(isThrottling(Object.assign(new Error("x"), { responseCode: 421 }))).toBe(true);
    expect(isThrottling(new Error("[THROTTLED] Too many simultaneous connections"))).toBe(true);
    expect(isThrottling(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }))).toBe(false);
  });
  it("reconnect waits grow and are capped; throttling waits at least a minute", () => {
    const waits = [1, 2, 3, 4, 10].map((n) => reconnectDelay(n, 300_000, false));
    expect(waits[0]).toBeLessThanOrEqual(1200);
    expect(waits[3]).toBeGreaterThan(waits[0]!);
    expect(reconnectDelay(20, 300_000, false)).toBeLessThanOrEqual(300_000);
    expect(reconnectDelay(1, 300_000, true)).toBeGreaterThanOrEqual(60_000);
  });
});

import { describe, expect, it } from "vitest";
import { ocrLanguages } from "./ocrLanguages.ts";

describe("OCR languages", () => {
  it("takes the mailbox's languages first, then the sender's language or country, English last", () => {
    expect(ocrLanguages({ mailboxLanguages: ["fr_FR", "de"], partnerLanguage: "es" })).toEqual([
      "fra",
      "deu",
      "eng",
    ]);
    expect(ocrLanguages({ partnerLanguage: "de_CH", partnerCountry: "CH" })).toEqual(["deu", "eng"]);
    expect(ocrLanguages({ partnerLanguage: null, partnerCountry: "ES" })).toEqual(["spa", "eng"]);
    expect(ocrLanguages({ partnerLanguage: "en", partnerCountry: "GB" })).toEqual(["eng"]);
  });

  it("falls back to English for an unknown sender or a language without a model here", () => {
    expect(ocrLanguages({})).toEqual(["eng"]);
    expect(ocrLanguages({ partnerLanguage: "nl", partnerCountry: "NL" })).toEqual(["eng"]);
  });
});

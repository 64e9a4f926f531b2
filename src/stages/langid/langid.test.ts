import { describe, expect, it } from "vitest";
import { VigieError } from "../../errors.js";
import { resolveLanguage } from "./langid.js";

describe("resolveLanguage", () => {
  it.each([
    ["Le gouvernement a annoncé mardi la signature d'un accord de cessez-le-feu avec les rebelles.", "fr"],
    ["The government announced on Tuesday that it had signed a ceasefire agreement with the rebels.", "en"],
    ["El gobierno anunció el martes la firma de un acuerdo de alto el fuego con los rebeldes.", "es"],
  ])("detects %s", (text, lang) => {
    expect(resolveLanguage(text, undefined, "doc")).toBe(lang);
  });

  it("trusts a declared supported language", () => {
    expect(resolveLanguage("anything at all", "FR-fr", "doc")).toBe("fr");
  });

  it.each([
    [
      "Die Regierung hat am Dienstag ein Waffenstillstandsabkommen mit den Rebellen unterzeichnet.",
      undefined,
      "LANG_UNSUPPORTED",
    ],
    ["some text", "de", "LANG_UNSUPPORTED"],
    ["12345 67890", undefined, "LANG_UNKNOWN"],
  ])("refuses %s", (text, declared, code) => {
    try {
      resolveLanguage(text, declared, "article-7");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(VigieError);
      expect((e as VigieError).code).toBe(code);
      expect((e as VigieError).message).toContain("article-7");
    }
  });
});

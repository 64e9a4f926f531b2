import { describe, expect, it } from "vitest";
import { VDocument } from "../../doc/document.js";
import type { Lang } from "../../doc/types.js";
import { segmentDocument } from "./segment.js";

function seg(text: string, lang: Lang) {
  const doc = new VDocument(text, { id: "t", lang });
  segmentDocument(doc, lang);
  const toks = Array.from({ length: doc.tokenCount }, (_, i) => doc.tokenText(i));
  const sents = doc.sentences.map((s) => doc.spanText(s));
  return { doc, toks, sents };
}

describe("tokens", () => {
  it.each<[Lang, string, string[]]>([
    ["fr", "L’armée a-t-il tiré ?", ["L’", "armée", "a", "-t-il", "tiré", "?"]],
    ["fr", "Jusqu'à l'aube, qu'il dit.", ["Jusqu'", "à", "l'", "aube", ",", "qu'", "il", "dit", "."]],
    ["fr", "un cessez-le-feu aujourd'hui", ["un", "cessez-le-feu", "aujourd'hui"]],
    ["fr", "M. Dupont et Mme Durand", ["M.", "Dupont", "et", "Mme", "Durand"]],
    ["fr", "Salem al-Haddad, le 17.02.2022", ["Salem", "al-Haddad", ",", "le", "17.02.2022"]],
    ["fr", "« Non », dit-elle.", ["«", "Non", "»", ",", "dit", "-elle", "."]],
    ["en", "The U.S. didn't say 4,000 rockets", ["The", "U.S.", "did", "n't", "say", "4,000", "rockets"]],
    ["en", "Netanyahu's office", ["Netanyahu", "'s", "office"]],
    [
      "es",
      "¿Qué dijo el Sr. Petro en EE.UU.?",
      ["¿", "Qué", "dijo", "el", "Sr.", "Petro", "en", "EE.UU.", "?"],
    ],
  ])("%s: %s", (lang, text, expected) => {
    expect(seg(text, lang).toks).toEqual(expected);
  });

  it("keeps character offsets exact", () => {
    const { doc } = seg("Le FLN a quitté Genève.\n\nKaboré l’a dit.", "fr");
    for (let i = 0; i < doc.tokenCount; i++) {
      const t = doc.tokenText(i);
      expect(t.trim()).toBe(t);
      expect(t.length).toBeGreaterThan(0);
    }
    expect(doc.paragraphs).toHaveLength(2);
  });
});

describe("sentences", () => {
  it.each<[Lang, string, string[]]>([
    ["fr", "Il a vu M. Dupont. Il est parti.", ["Il a vu M. Dupont.", "Il est parti."]],
    ["fr", "« Bonjour. » Puis il part.", ["« Bonjour. »", "Puis il part."]],
    ["fr", "Un titre sans point\nLe texte suit.", ["Un titre sans point", "Le texte suit."]],
    ["en", "Dr. Smith met Gen. Jones. They talked.", ["Dr. Smith met Gen. Jones.", "They talked."]],
    ["en", "Troops left the U.S. base on Monday.", ["Troops left the U.S. base on Monday."]],
    ["es", "El Sr. Petro habló. ¿Y después? Nada.", ["El Sr. Petro habló.", "¿Y después?", "Nada."]],
  ])("%s: %s", (lang, text, expected) => {
    expect(seg(text, lang).sents).toEqual(expected);
  });

  it("covers every token exactly once", () => {
    const { doc } = seg("Une phrase. Une autre ! Et « une citation. » Fin", "fr");
    let next = 0;
    for (const s of doc.sentences) {
      expect(s.start).toBe(next);
      expect(s.end).toBeGreaterThan(s.start);
      next = s.end;
    }
    expect(next).toBe(doc.tokenCount);
  });

  it("returns nothing for blank text", () => {
    expect(seg("   \n\n  ", "fr").toks).toEqual([]);
  });
});

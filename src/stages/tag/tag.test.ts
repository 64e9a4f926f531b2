import { describe, expect, it } from "vitest";
import { analyze, buildPipeline, MODEL_STAGES } from "../../analyze.js";
import type { Lang } from "../../doc/types.js";
import { DEPREL, UPOS } from "../../models/tagset.js";

const run = (lang: Lang, text: string) =>
  analyze({ id: "t", text, lang, published: "2024-03-14" }, { models: true });

describe("model stages (tag, parse, ner)", () => {
  it("builds a valid pipeline order", () => {
    expect(buildPipeline(MODEL_STAGES).stages.map((s) => s.name)).toEqual(
      expect.arrayContaining(["tag", "parse", "ner", "mentions"]),
    );
  });

  it.each<[Lang, string, Record<string, string>]>([
    [
      "fr",
      "Le ministre a rencontré les rebelles à Bamako.",
      { ministre: "NOUN", rencontré: "VERB", à: "ADP" },
    ],
    ["en", "The minister met the rebels in Bamako.", { minister: "NOUN", met: "VERB", in: "ADP" }],
    [
      "es",
      "El ministro se reunió con los rebeldes en Bamako.",
      { ministro: "NOUN", reunió: "VERB", con: "ADP" },
    ],
  ])("%s: tags and parses %s", (lang, text, expected) => {
    const doc = run(lang, text);
    const t = doc.tokens;
    for (let i = 0; i < doc.tokenCount; i++) {
      const w = doc.tokenText(i);
      if (expected[w]) expect(UPOS[t.upos[i]!]).toBe(expected[w]);
    }
    for (const s of doc.sentences) {
      let roots = 0;
      for (let i = s.start; i < s.end; i++) {
        const h = t.head[i]!;
        if (h === -1) roots++;
        else expect(h >= s.start && h < s.end && h !== i).toBe(true);
        expect(DEPREL[t.deprel[i]!]).not.toBe("_");
      }
      expect(roots).toBe(1);
    }
  });

  it("finds named-entity spans inside sentences", () => {
    const doc = run("en", "Angela Merkel met Emmanuel Macron in Berlin on Monday.");
    expect(doc.nerSpans.length).toBeGreaterThan(0);
    for (const n of doc.nerSpans) {
      expect(n.span.end).toBeGreaterThan(n.span.start);
      expect(doc.sentenceOf(n.span.start)).toBe(doc.sentenceOf(n.span.end - 1));
    }
    expect(doc.nerSpans.some((n) => n.type === "PER" && doc.spanText(n.span) === "Angela Merkel")).toBe(true);
  });
});

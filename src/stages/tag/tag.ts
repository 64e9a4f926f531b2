import type { VDocument } from "../../doc/document.js";
import { getTagger } from "../../models/registry.js";
import type { Stage } from "../../pipeline/stage.js";

export function sentenceWords(doc: VDocument, start: number, end: number): string[] {
  const words = new Array<string>(end - start);
  for (let i = start; i < end; i++) words[i - start] = doc.tokenText(i);
  return words;
}

/** UPOS, morphological features and lemmas from the perceptron tagger, written into the token store. */
export const tagStage: Stage = {
  name: "tag",
  requires: ["tokens", "sentences", "lang"],
  assigns: ["tags"],
  run(doc) {
    const tagger = getTagger(doc.lang ?? "en");
    const t = doc.tokens;
    if (t.lemma.length < t.length) t.lemma.length = t.length;
    for (const s of doc.sentences)
      tagger.tagInto(sentenceWords(doc, s.start, s.end), t.upos, t.feats, t.lemma, s.start);
  },
};

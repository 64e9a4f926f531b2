import type { NerSpan } from "../../doc/types.js";
import { getNer } from "../../models/registry.js";
import type { Stage } from "../../pipeline/stage.js";
import { sentenceWords } from "../tag/tag.js";

/** Named-entity spans from the BILOU perceptron, per sentence; the mentions stage consumes them. */
export const nerStage: Stage = {
  name: "ner",
  requires: ["tokens", "sentences", "lang"],
  assigns: ["ner"],
  run(doc) {
    const ner = getNer(doc.lang ?? "en");
    const out: NerSpan[] = [];
    for (const s of doc.sentences) {
      for (const e of ner.entities(sentenceWords(doc, s.start, s.end))) {
        out.push({
          span: { start: s.start + e.start, end: s.start + e.end },
          type: e.type as NerSpan["type"],
        });
      }
    }
    doc.nerSpans = out;
  },
};

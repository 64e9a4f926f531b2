import { getParser } from "../../models/registry.js";
import type { Stage } from "../../pipeline/stage.js";
import { sentenceWords } from "../tag/tag.js";

/** Dependency heads and labels from the transition-based parser, written into the token store. */
export const parseStage: Stage = {
  name: "parse",
  requires: ["tags"],
  assigns: ["deps"],
  run(doc) {
    const parser = getParser(doc.lang ?? "en");
    const t = doc.tokens;
    for (const s of doc.sentences) {
      parser.parseInto(
        sentenceWords(doc, s.start, s.end),
        t.upos.subarray(s.start, s.end),
        t.head,
        t.deprel,
        s.start,
      );
    }
  },
};

import type { VDocument } from "../doc/document.js";
import { DEPREL, UPOS } from "../models/tagset.js";
import { toGold } from "./gold.js";

/** The full document: gold-format annotations plus tokens, sentences, mentions and diagnostics. */
export function toJson(doc: VDocument): Record<string, unknown> {
  const tagged = doc.layers.has("tags");
  const parsed = doc.layers.has("deps");
  const t = doc.tokens;
  const tokens = Array.from({ length: doc.tokenCount }, (_, i) => ({
    text: doc.tokenText(i),
    start: t.start[i],
    end: t.end[i],
    ...(tagged ? { upos: UPOS[t.upos[i] ?? 0], lemma: t.lemma[i] } : {}),
    ...(parsed ? { head: t.head[i], deprel: DEPREL[t.deprel[i] ?? 0] } : {}),
  }));
  return {
    ...toGold(doc),
    tokens,
    sentences: doc.sentences.map((s) => ({ tokens: [s.start, s.end], chars: doc.charRange(s) })),
    paragraphs: doc.paragraphs.map((p) => ({ tokens: [p.start, p.end], chars: doc.charRange(p) })),
    mentions: doc.mentions.map((m) => ({
      text: doc.spanText(m.span),
      span: doc.charRange(m.span),
      tokens: [m.span.start, m.span.end],
      type: m.type,
      origin: m.origin,
      entity: m.entity === undefined ? null : (doc.entities[m.entity]?.id ?? null),
      ...(m.kbId ? { kb: m.kbId } : {}),
    })),
    dates: doc.dates.map((d) => ({ text: d.text, span: d.range, value: d.value, precision: d.precision })),
    diagnostics: doc.diagnostics,
  };
}

import { eld } from "eld/medium";
import { isLang, LANGS, type Lang } from "../../doc/types.js";
import { VigieError } from "../../errors.js";
import type { Stage } from "../../pipeline/stage.js";

/** Enough text for a stable guess; eld's cost is linear in length. */
const SAMPLE_CHARS = 3000;

export interface LangGuess {
  lang: string;
  /** Score of the best supported language, 0..1. */
  score: number;
  reliable: boolean;
}

export function identifyLanguage(text: string): LangGuess {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const result = eld.detect(sample);
  const scores = result.getScores() as Record<string, number>;
  return { lang: result.language, score: scores[result.language] ?? 0, reliable: result.isReliable() };
}

/**
 * Decides the document language: a declared language wins when it is supported; otherwise the
 * detector's answer must be one of ours. Anything else is refused with a message naming the
 * document, since every later stage depends on per-language data.
 */
export function resolveLanguage(text: string, declared: string | undefined, id: string): Lang {
  if (declared) {
    const code = declared.toLowerCase().slice(0, 2);
    if (isLang(code)) return code;
    throw new VigieError(
      "LANG_UNSUPPORTED",
      `${id}: language "${declared}" is not supported (supported: ${LANGS.join(", ")})`,
      { input: id },
    );
  }
  const guess = identifyLanguage(text);
  if (isLang(guess.lang)) return guess.lang;
  if (!guess.lang) {
    throw new VigieError(
      "LANG_UNKNOWN",
      `${id}: could not identify the language; pass --lang ${LANGS.join("|")} or a "lang" field`,
      { input: id },
    );
  }
  throw new VigieError(
    "LANG_UNSUPPORTED",
    `${id}: text looks like "${guess.lang}", which is not supported (supported: ${LANGS.join(", ")}); pass --lang to force one`,
    { input: id },
  );
}

export const langidStage: Stage = {
  name: "langid",
  requires: ["text"],
  assigns: ["lang"],
  run(doc) {
    doc.meta.lang = resolveLanguage(doc.text, doc.meta.lang ?? doc.meta.declaredLang, doc.id);
  },
};

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Lang } from "../doc/types.js";
import { VigieError } from "../errors.js";
import { kbGazetteer } from "./gazetteer.js";
import { NerTagger } from "./ner.js";
import { Parser } from "./parser.js";
import { Tagger } from "./tagger.js";

export type ModelKind = "tagger" | "parser" | "ner";

/** models/ of the package: two levels up from dist/models or src/models. */
export function modelsDir(): string {
  return process.env.VIGIE_MODELS ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "models");
}

export function modelPath(kind: ModelKind, lang: Lang): string {
  return join(modelsDir(), lang, `${kind}.bin`);
}

const cache = new Map<string, Tagger | Parser | NerTagger>();

function load<T extends Tagger | Parser | NerTagger>(kind: ModelKind, lang: Lang, make: (path: string) => T): T {
  const key = `${kind}:${lang}`;
  let m = cache.get(key);
  if (!m) {
    const path = modelPath(kind, lang);
    if (!existsSync(path)) {
      throw new VigieError("MODEL_MISSING", `no ${kind} model for "${lang}" at ${path} (run: vigie train ${kind} --lang ${lang})`);
    }
    m = make(path);
    cache.set(key, m);
  }
  return m as T;
}

/** Models load lazily, once per language and kind, on first use. */
export const getTagger = (lang: Lang): Tagger => load("tagger", lang, (p) => Tagger.load(p));
export const getParser = (lang: Lang): Parser => load("parser", lang, (p) => Parser.load(p));
export const getNer = (lang: Lang): NerTagger => load("ner", lang, (p) => NerTagger.load(p, kbGazetteer(lang)));

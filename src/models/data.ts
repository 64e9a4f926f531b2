import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { VigieError } from "../errors.js";
import type { NerSentence, SurfaceSentence, UdSentence } from "./conllu.js";
import { parseConllNer, readConllu, toSurface } from "./conllu.js";

export type ModelLang = "fr" | "en" | "es";

/** Default location of the shared corpora: `../shared/data` relative to the repository root. */
export function defaultDataDir(repoRoot = process.cwd()): string {
  return process.env.VIGIE_DATA ?? resolve(repoRoot, "../shared/data");
}

export interface Split<T> {
  train: T[];
  dev: T[];
  /** Human-readable description, the same text as SPLITS.md. */
  description: string;
}

function need(dir: string, rel: string): string {
  const p = join(dir, rel);
  if (!existsSync(p)) throw new VigieError("INPUT_NOT_FOUND", `training data missing: ${p}`, { input: p });
  return p;
}

/** Every 10th sentence (index % 10 === 9) to dev, the rest to train: the carve-out used where no train file exists. */
export function carve<T>(items: readonly T[]): { train: T[]; dev: T[] } {
  const train: T[] = [];
  const dev: T[] = [];
  items.forEach((x, i) => (i % 10 === 9 ? dev : train).push(x));
  return { train, dev };
}

const surface = (s: readonly UdSentence[]): SurfaceSentence[] => s.map(toSurface);

/** Treebank split for the tagger and the parser (see SPLITS.md). */
export function udSplit(lang: ModelLang, dir = defaultDataDir()): Split<SurfaceSentence> {
  const ud = (rel: string) => surface(readConllu(need(dir, rel)));
  if (lang === "fr") {
    return {
      train: [
        ...ud("ud-fr-sequoia/fr_sequoia-ud-train.conllu"),
        ...ud("ud-fr-partut/fr_partut-ud-train.conllu"),
        ...ud("ud-fr-gsd/fr_gsd-ud-dev.conllu"),
      ],
      dev: [...ud("ud-fr-sequoia/fr_sequoia-ud-dev.conllu"), ...ud("ud-fr-partut/fr_partut-ud-dev.conllu")],
      description: "train: Sequoia train + ParTUT train + GSD dev; dev: Sequoia dev + ParTUT dev",
    };
  }
  if (lang === "en") {
    return {
      train: ud("ud-en-ewt/en_ewt-ud-train.conllu"),
      dev: ud("ud-en-ewt/en_ewt-ud-dev.conllu"),
      description: "train: EWT train; dev: EWT dev",
    };
  }
  const a = carve(ud("ud-es-ancora/es_ancora-ud-dev.conllu"));
  const g = carve(ud("ud-es-gsd/es_gsd-ud-dev.conllu"));
  return {
    train: [...a.train, ...g.train],
    dev: [...a.dev, ...g.dev],
    description: "AnCora dev and GSD dev, each: sentence index % 10 === 9 to dev, the rest to train",
  };
}

const ner = (path: string, strip?: string): NerSentence[] =>
  parseConllNer(readFileSync(path, "utf8"), strip ? { stripLangPrefix: strip } : {});

export function nerSplit(lang: ModelLang, dir = defaultDataDir()): Split<NerSentence> {
  if (lang === "fr") {
    const wn = carve(ner(need(dir, "ner-fr-wikineural/fr-wikineural-val.conllu")));
    return {
      train: [...wn.train, ...ner(need(dir, "ner-fr-wikiann/fr-wikiann-train.tsv"), "fr:")],
      dev: [...wn.dev, ...ner(need(dir, "ner-fr-wikiann/fr-wikiann-dev.tsv"), "fr:")],
      description:
        "train: WikiNEuRal val minus every 10th sentence + WikiANN train; dev: WikiNEuRal every 10th sentence (index % 10 === 9) + WikiANN dev",
    };
  }
  if (lang === "en") {
    return {
      train: ner(need(dir, "ner-en-conll2003/eng.train.txt")),
      dev: ner(need(dir, "ner-en-conll2003/eng.testa.txt")),
      description: "train: CoNLL-03 eng.train; dev: eng.testa",
    };
  }
  return {
    train: ner(need(dir, "ner-es-conll2002/esp.train")),
    dev: ner(need(dir, "ner-es-conll2002/esp.testa")),
    description: "train: CoNLL-02 esp.train; dev: esp.testa",
  };
}

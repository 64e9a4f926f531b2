import { join } from "node:path";
import type { ModelLang } from "./data.js";
import { udSplit } from "./data.js";
import { NerTagger } from "./ner.js";
import { Parser } from "./parser.js";
import { Tagger } from "./tagger.js";

export interface SpeedReport {
  /** Tokens of the UD dev set, the text every figure is measured on (gold tokenisation). */
  tokens: number;
  /** Tokens per second of CPU time, one thread, each model alone over the whole set. */
  tagger: number;
  parser: number;
  ner: number;
  /** Tag, parse and NER of each sentence in turn, as a pipeline runs them. */
  pipeline: number;
}

export interface SpeedOptions {
  dataDir?: string;
  modelsDir?: string;
  /** Timed passes over the set; the fastest counts (other processes only ever slow a pass down). */
  rounds?: number;
}

/** Fastest of `rounds` timed calls, in CPU seconds of this process, after one warm-up call. */
function cpuSeconds(rounds: number, f: () => void): number {
  f();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    f();
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1e6);
  }
  return best;
}

export function measureSpeed(lang: ModelLang, opts: SpeedOptions = {}): SpeedReport {
  const modelsDir = opts.modelsDir ?? "models";
  const rounds = opts.rounds ?? 8;
  const tagger = Tagger.load(join(modelsDir, lang, "tagger.bin"));
  const parser = Parser.load(join(modelsDir, lang, "parser.bin"));
  const ner = NerTagger.load(join(modelsDir, lang, "ner.bin"));
  const sentences = udSplit(lang, opts.dataDir).dev.map((s) => s.forms);
  const tokens = sentences.reduce((n, s) => n + s.length, 0);
  const upos = new Uint8Array(tokens);
  const feats = new Uint32Array(tokens);
  const lemmas = new Array<string>(tokens);
  const heads = new Int32Array(tokens);
  const deprels = new Uint8Array(tokens);
  const entities = new Uint8Array(tokens);
  const each = (f: (words: string[], offset: number) => void) => () => {
    let offset = 0;
    for (const words of sentences) {
      f(words, offset);
      offset += words.length;
    }
  };
  const rate = (seconds: number) => Math.round(tokens / seconds);
  return {
    tokens,
    tagger: rate(cpuSeconds(rounds, each((w, o) => tagger.tagInto(w, upos, feats, lemmas, o)))),
    parser: rate(cpuSeconds(rounds, each((w, o) => parser.parseInto(w, upos.subarray(o, o + w.length), heads, deprels, o)))),
    ner: rate(cpuSeconds(rounds, each((w, o) => ner.classifyInto(w, entities, o)))),
    pipeline: rate(
      cpuSeconds(
        rounds,
        each((w, o) => {
          tagger.tagInto(w, upos, feats, lemmas, o);
          parser.parseInto(w, upos.subarray(o, o + w.length), heads, deprels, o);
          ner.classifyInto(w, entities, o);
        }),
      ),
    ),
  };
}

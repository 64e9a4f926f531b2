import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SurfaceSentence } from "./conllu.js";
import type { ModelLang } from "./data.js";
import { defaultDataDir, nerSplit, udSplit } from "./data.js";
import type { SpanScores } from "./evaluate.js";
import { scoreParsing, scoreSpans, scoreTagging } from "./evaluate.js";
import type { Gazetteer } from "./ner.js";
import { kbGazetteer } from "./gazetteer.js";
import { NerTagger } from "./ner.js";
import { Parser } from "./parser.js";
import { measureSpeed } from "./speed.js";
import { Tagger } from "./tagger.js";
import { uposIndex } from "./tagset.js";

export type ModelKind = "tagger" | "parser" | "ner";

/**
 * Fixed hyper-parameters: training is deterministic given these and the data (seeded shuffling,
 * seeded exploration, no wall-clock or hash-order dependence), so re-running reproduces the
 * committed weights byte for byte.
 */
export const TRAINING_CONFIG = {
  tagger: { epochs: 10, seed: 1, bits: 20, lemmaBits: 17, quant: "int16" },
  parser: {
    epochs: 12,
    seed: 1,
    bits: 20,
    labelBits: 18,
    quant: "int16",
    explore: 0.9,
    nonProjective: "lift",
    /** Folds of jack-knifed UPOS the parser trains on (0: gold UPOS). */
    jackknife: 0,
    /** Epochs of each fold's UPOS-only tagger. */
    jackknifeEpochs: 5,
  },
  ner: { epochs: 10, seed: 1, bits: 20, quant: "int16" },
} as const;

export interface TrainReport {
  kind: ModelKind;
  lang: ModelLang;
  split: string;
  trainSentences: number;
  devSentences: number;
  trainSeconds: number;
  bytes: number;
  /**
   * Tokens per second of the model alone: dev set, one core, gold tokenisation; for the tagger
   * and the parser the UD dev set, for NER its own dev set until `recordSpeed` measures it on UD.
   */
  tokensPerSecond: number;
  /** Tagger, parser and NER together on the UD dev set (`recordSpeed`), the same in all three reports. */
  pipelineTokensPerSecond?: number;
  dev: Record<string, number | Record<string, SpanScores>>;
}

export interface TrainOptions {
  dataDir?: string;
  /** Folder receiving `<lang>/<kind>.bin` and `<lang>/<kind>.json` (the report). */
  outDir?: string;
  gazetteer?: Gazetteer;
  log?: (line: string) => void;
}

const round = (x: number) => Math.round(x * 100) / 100;

function save(outDir: string, lang: string, kind: ModelKind, bytes: Uint8Array, report: TrainReport): void {
  const dir = join(outDir, lang);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${kind}.bin`), bytes);
  writeFileSync(join(dir, `${kind}.json`), JSON.stringify(report, null, 2) + "\n");
}

/**
 * UPOS of every training sentence as predicted by a tagger that did not see it: sentence k goes
 * to fold k % folds, and each fold is tagged by a UPOS-only tagger trained on the other folds. The
 * parser then learns from tags with realistic errors, as it will see at run time.
 */
export function jackknifeUpos(
  lang: ModelLang,
  sentences: readonly SurfaceSentence[],
  folds: number,
  epochs: number,
  log: (line: string) => void = () => {},
): Uint8Array[] {
  const out = new Array<Uint8Array>(sentences.length);
  for (let f = 0; f < folds; f++) {
    const rest = sentences.filter((_, k) => k % folds !== f);
    const tagger = Tagger.train(lang, rest, { ...TRAINING_CONFIG.tagger, epochs, uposOnly: true });
    let right = 0;
    let total = 0;
    sentences.forEach((s, k) => {
      if (k % folds !== f) return;
      const upos = tagger.tag(s.forms).upos;
      out[k] = upos;
      for (let i = 0; i < upos.length; i++, total++) if (upos[i] === uposIndex(s.upos[i]!)) right++;
    });
    log(`parser ${lang}: jack-knife fold ${f + 1}/${folds}, UPOS ${((100 * right) / total).toFixed(2)}%`);
  }
  return out;
}

export function train(kind: ModelKind, lang: ModelLang, opts: TrainOptions = {}): TrainReport {
  const dataDir = opts.dataDir ?? defaultDataDir();
  const outDir = opts.outDir ?? "models";
  const log = opts.log ?? (() => {});
  let report: TrainReport;
  let bytes: Uint8Array;
  if (kind === "ner") {
    const split = nerSplit(lang, dataDir);
    const t0 = performance.now();
    const gazetteer = opts.gazetteer ?? kbGazetteer(lang);
    const m = NerTagger.train(lang, split.train, { ...TRAINING_CONFIG.ner, gazetteer, log });
    const trainSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const pred = split.dev.map((s) => m.tag(s.tokens));
    const secs = (performance.now() - t1) / 1000;
    const tokens = split.dev.reduce((n, s) => n + s.tokens.length, 0);
    bytes = m.toBuffer();
    report = {
      kind,
      lang,
      split: split.description,
      trainSentences: split.train.length,
      devSentences: split.dev.length,
      trainSeconds: round(trainSeconds),
      bytes: bytes.length,
      tokensPerSecond: Math.round(tokens / secs),
      dev: { spans: scoreSpans(split.dev.map((s) => s.tags), pred) },
    };
  } else {
    const split = udSplit(lang, dataDir);
    const t0 = performance.now();
    let dev: TrainReport["dev"];
    let secs: number;
    if (kind === "tagger") {
      const m = Tagger.train(lang, split.train, { ...TRAINING_CONFIG.tagger, log });
      const trainSeconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      const pred = split.dev.map((s) => m.tag(s.forms));
      secs = (performance.now() - t1) / 1000;
      const sc = scoreTagging(split.dev, pred);
      dev = { upos: round(sc.upos), feats: round(sc.feats), lemma: round(sc.lemma) };
      bytes = m.toBuffer();
      report = mk(trainSeconds);
    } else {
      const cfg = TRAINING_CONFIG.parser;
      const input = cfg.jackknife > 1 ? jackknifeUpos(lang, split.train, cfg.jackknife, cfg.jackknifeEpochs, log) : undefined;
      const m = Parser.train(lang, split.train, { ...cfg, log }, input);
      const trainSeconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      const gold = split.dev.map((s) => m.parse(s.forms, Uint8Array.from(s.upos, uposIndex)));
      secs = (performance.now() - t1) / 1000;
      const g = scoreParsing(split.dev, gold);
      dev = { uasGoldTags: round(g.uas), lasGoldTags: round(g.las), lasFullGoldTags: round(g.lasFull) };
      try {
        const tagger = Tagger.load(join(outDir, lang, "tagger.bin"));
        const p = scoreParsing(
          split.dev,
          split.dev.map((s) => m.parse(s.forms, tagger.tag(s.forms).upos)),
        );
        dev = { ...dev, uas: round(p.uas), las: round(p.las), lasFull: round(p.lasFull) };
      } catch {
        log(`parser ${lang}: no tagger model, predicted-tag scores skipped`);
      }
      bytes = m.toBuffer();
      report = mk(trainSeconds);
    }
    function mk(trainSeconds: number): TrainReport {
      const tokens = split.dev.reduce((n, s) => n + s.forms.length, 0);
      return {
        kind,
        lang,
        split: split.description,
        trainSentences: split.train.length,
        devSentences: split.dev.length,
        trainSeconds: round(trainSeconds),
        bytes: bytes.length,
        tokensPerSecond: Math.round(tokens / secs),
        dev,
      };
    }
  }
  save(outDir, lang, kind, bytes, report);
  log(`${kind} ${lang}: ${JSON.stringify(report.dev)}`);
  return report;
}

/**
 * Measures every model of `lang` and the three together on the UD dev set (CPU time, one
 * thread) and writes the figures into the three reports. Needs all three models.
 */
export function recordSpeed(lang: ModelLang, opts: TrainOptions = {}): ReturnType<typeof measureSpeed> {
  const outDir = opts.outDir ?? "models";
  const speed = measureSpeed(lang, { dataDir: opts.dataDir ?? defaultDataDir(), modelsDir: outDir });
  for (const kind of ["tagger", "parser", "ner"] as const) {
    const path = join(outDir, lang, `${kind}.json`);
    if (!existsSync(path)) continue;
    const report = JSON.parse(readFileSync(path, "utf8")) as TrainReport;
    report.tokensPerSecond = speed[kind];
    report.pipelineTokensPerSecond = speed.pipeline;
    writeFileSync(path, JSON.stringify(report, null, 2) + "\n");
  }
  return speed;
}

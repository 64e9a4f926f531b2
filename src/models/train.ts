import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ModelLang } from "./data.js";
import { defaultDataDir, nerSplit, udSplit } from "./data.js";
import type { SpanScores } from "./evaluate.js";
import { scoreParsing, scoreSpans, scoreTagging } from "./evaluate.js";
import type { Gazetteer } from "./ner.js";
import { NerTagger } from "./ner.js";
import { Parser } from "./parser.js";
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
  parser: { epochs: 12, seed: 1, bits: 20, labelBits: 18, quant: "int16", explore: 0.9, nonProjective: "lift" },
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
  /** Dev tokens per second of the model alone (one core, gold tokenisation). */
  tokensPerSecond: number;
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

export function train(kind: ModelKind, lang: ModelLang, opts: TrainOptions = {}): TrainReport {
  const dataDir = opts.dataDir ?? defaultDataDir();
  const outDir = opts.outDir ?? "models";
  const log = opts.log ?? (() => {});
  let report: TrainReport;
  let bytes: Uint8Array;
  if (kind === "ner") {
    const split = nerSplit(lang, dataDir);
    const t0 = performance.now();
    const m = NerTagger.train(lang, split.train, { ...TRAINING_CONFIG.ner, gazetteer: opts.gazetteer, log });
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
      const m = Parser.train(lang, split.train, { ...TRAINING_CONFIG.parser, log });
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

import { VigieError } from "../errors.js";
import type { NerSentence } from "./conllu.js";
import { iobSpans } from "./evaluate.js";
import type { Span } from "./evaluate.js";
import { fnv1a, mix, mix3, mulberry32, shuffleInPlace } from "./hash.js";
import { BOS, EOS, LexFlag, LexicalHashes } from "./lexical.js";
import type { Quantisation, Scorer, WeightTable } from "./perceptron.js";
import { FeatureBuffer, Perceptron, decodeBundle, encodeBundle, loadBundle } from "./perceptron.js";

export const NER_TYPES = ["PER", "ORG", "LOC", "MISC"] as const;
export type NerType = (typeof NER_TYPES)[number];

/** BILOU classes: 0 = O, then B, I, L, U for each type in NER_TYPES order. */
const N_CLASSES = 1 + 4 * NER_TYPES.length;
const B = 0;
const I = 1;
const L = 2;
const U = 3;
const cls = (type: number, part: number) => 1 + type * 4 + part;
const partOf = (c: number) => (c - 1) % 4;
const typeOf = (c: number) => Math.floor((c - 1) / 4);

/**
 * Optional knowledge hook: labels (e.g. "country", "city", "given-name") for a lowercased token.
 * Pass the same function at training and at run time; its labels become features.
 */
export type Gazetteer = (lowerToken: string) => readonly string[];

export interface NerTrainOptions {
  epochs?: number;
  seed?: number;
  bits?: number;
  quant?: Quantisation;
  gazetteer?: Gazetteer;
  log?: (line: string) => void;
}

interface NerHeader {
  kind: "ner";
  lang: string;
  gazetteer: boolean;
}

/** A class may follow `prev` (BILOU well-formedness); `last` forbids opening or continuing spans. */
function allowed(prev: number, c: number, last: boolean): boolean {
  const open = prev !== 0 && (partOf(prev) === B || partOf(prev) === I);
  if (open) {
    if (c === 0) return false;
    const p = partOf(c);
    if (typeOf(c) !== typeOf(prev) || (p !== I && p !== L)) return false;
    return !last || p === L;
  }
  if (c === 0) return true;
  const p = partOf(c);
  if (p === I || p === L) return false;
  return !last || p === U;
}

export function iobToBilou(tags: readonly string[]): Uint8Array {
  const out = new Uint8Array(tags.length);
  for (const s of iobSpans(tags)) {
    const t = NER_TYPES.indexOf(s.type as NerType);
    if (t < 0) continue;
    if (s.end - s.start === 1) out[s.start] = cls(t, U);
    else {
      out[s.start] = cls(t, B);
      for (let k = s.start + 1; k < s.end - 1; k++) out[k] = cls(t, I);
      out[s.end - 1] = cls(t, L);
    }
  }
  return out;
}

export function bilouToIob(classes: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (c === 0) out.push("O");
    else {
      const p = partOf(c);
      out.push(`${p === B || p === U ? "B" : "I"}-${NER_TYPES[typeOf(c)]!}`);
    }
  }
  return out;
}

const enum T {
  Bias = 1,
  Word,
  Lower,
  Pre1,
  Pre2,
  Pre3,
  Pre4,
  Suf1,
  Suf2,
  Suf3,
  Suf4,
  Shape,
  Short,
  Flags,
  FirstCap,
  LowerM1,
  LowerM2,
  LowerP1,
  LowerP2,
  WordM1,
  WordP1,
  ShortM1,
  ShortP1,
  ShortM2,
  ShortP2,
  Prev1,
  Prev2,
  Prev12,
  Prev1Lower,
  Prev1Short,
  LowerM1Lower,
  LowerLowerP1,
  ShortM1ShortP1,
  Gaz,
  GazM1,
  GazP1,
  GazShort,
  Len,
}

export class NerTagger {
  readonly lang: string;
  private readonly table: Scorer;
  private readonly tableW: WeightTable | null;
  private readonly gazetteer: Gazetteer | undefined;
  private readonly lx = new LexicalHashes();
  private readonly fb = new FeatureBuffer();
  private readonly scores = new Float64Array(N_CLASSES);
  private gaz: number[][] = [];

  constructor(lang: string, table: Scorer, gazetteer: Gazetteer | undefined) {
    this.lang = lang;
    this.table = table;
    this.tableW = table instanceof Perceptron ? null : (table as WeightTable);
    this.gazetteer = gazetteer;
  }

  private prepare(words: readonly string[]): void {
    this.lx.fill(words);
    if (this.gazetteer) {
      const g = this.gazetteer;
      this.gaz = words.map((w) => g(w.toLowerCase()).map((label) => fnv1a(label)));
    }
  }

  private features(i: number, p1: number, p2: number): void {
    const lx = this.lx;
    const fb = this.fb;
    const n = lx.n;
    const at = (a: Int32Array, k: number, d: number) => (k >= 0 && k < n ? a[k]! : d);
    const low = lx.lower[i]!;
    const short = lx.shortShape[i]!;
    fb.clear();
    fb.add(T.Bias);
    fb.add(mix(T.Word, lx.word[i]!));
    fb.add(mix(T.Lower, low));
    fb.add(mix(T.Pre1, lx.pre(i, 1)));
    fb.add(mix(T.Pre2, lx.pre(i, 2)));
    fb.add(mix(T.Pre3, lx.pre(i, 3)));
    fb.add(mix(T.Pre4, lx.pre(i, 4)));
    fb.add(mix(T.Suf1, lx.suf(i, 1)));
    fb.add(mix(T.Suf2, lx.suf(i, 2)));
    fb.add(mix(T.Suf3, lx.suf(i, 3)));
    fb.add(mix(T.Suf4, lx.suf(i, 4)));
    fb.add(mix(T.Shape, lx.shape[i]!));
    fb.add(mix(T.Short, short));
    fb.add(mix(T.Flags, lx.flags[i]!));
    fb.add(mix3(T.FirstCap, i === 0 ? 1 : 0, lx.flags[i]! & LexFlag.Capitalised));
    fb.add(mix3(T.Len, Math.min(lx.length[i]!, 10), short));
    const m1 = at(lx.lower, i - 1, BOS);
    const n1 = at(lx.lower, i + 1, EOS);
    fb.add(mix(T.LowerM1, m1));
    fb.add(mix(T.LowerM2, at(lx.lower, i - 2, BOS)));
    fb.add(mix(T.LowerP1, n1));
    fb.add(mix(T.LowerP2, at(lx.lower, i + 2, EOS)));
    fb.add(mix(T.WordM1, at(lx.word, i - 1, BOS)));
    fb.add(mix(T.WordP1, at(lx.word, i + 1, EOS)));
    const sm1 = at(lx.shortShape, i - 1, BOS);
    const sp1 = at(lx.shortShape, i + 1, EOS);
    fb.add(mix(T.ShortM1, sm1));
    fb.add(mix(T.ShortP1, sp1));
    fb.add(mix(T.ShortM2, at(lx.shortShape, i - 2, BOS)));
    fb.add(mix(T.ShortP2, at(lx.shortShape, i + 2, EOS)));
    fb.add(mix(T.Prev1, p1));
    fb.add(mix(T.Prev2, p2));
    fb.add(mix3(T.Prev12, p1, p2));
    fb.add(mix3(T.Prev1Lower, p1, low));
    fb.add(mix3(T.Prev1Short, p1, short));
    fb.add(mix3(T.LowerM1Lower, m1, low));
    fb.add(mix3(T.LowerLowerP1, low, n1));
    fb.add(mix3(T.ShortM1ShortP1, sm1, sp1));
    if (this.gazetteer) {
      for (const g of this.gaz[i] ?? []) {
        fb.add(mix(T.Gaz, g));
        fb.add(mix3(T.GazShort, g, short));
      }
      for (const g of this.gaz[i - 1] ?? []) fb.add(mix(T.GazM1, g));
      for (const g of this.gaz[i + 1] ?? []) fb.add(mix(T.GazP1, g));
    }
  }

  /** Best allowed class given the previous one. */
  private decide(prev: number, last: boolean): number {
    const s = this.scores;
    let best = -1;
    for (let c = 0; c < N_CLASSES; c++) {
      if (allowed(prev, c, last) && (best < 0 || s[c]! > s[best]!)) best = c;
    }
    return best;
  }

  /** BILOU class per token (see bilouToIob). */
  classify(words: readonly string[]): Uint8Array {
    const n = words.length;
    const out = new Uint8Array(n);
    this.prepare(words);
    let p1 = 0;
    let p2 = 0;
    for (let i = 0; i < n; i++) {
      this.features(i, p1, p2);
      this.scores.fill(0);
      this.table.score(this.fb.ids, this.fb.length, this.scores);
      const c = this.decide(p1, i === n - 1);
      out[i] = c;
      p2 = p1;
      p1 = c;
    }
    return out;
  }

  /** IOB2 tags. */
  tag(words: readonly string[]): string[] {
    return bilouToIob(this.classify(words));
  }

  /** Entity spans over token indexes [start, end). */
  entities(words: readonly string[]): Span[] {
    return iobSpans(this.tag(words));
  }

  toBuffer(): Uint8Array {
    if (!this.tableW) throw new Error("NER model is still training");
    const header: NerHeader = { kind: "ner", lang: this.lang, gazetteer: this.gazetteer !== undefined };
    return encodeBundle(header, [this.tableW]);
  }

  /** `gazetteer` must be the function the model was trained with (or one giving the same labels). */
  static fromBuffer(buf: Uint8Array, gazetteer?: Gazetteer, what = "ner"): NerTagger {
    return NerTagger.fromBundle(decodeBundle<NerHeader>(buf, what), gazetteer, what);
  }

  static load(path: string, gazetteer?: Gazetteer): NerTagger {
    return NerTagger.fromBundle(loadBundle<NerHeader>(path), gazetteer, path);
  }

  private static fromBundle(
    b: { header: NerHeader; tables: WeightTable[] },
    gazetteer: Gazetteer | undefined,
    what: string,
  ): NerTagger {
    if (b.header.kind !== "ner" || b.tables.length !== 1) throw new VigieError("MODEL_FORMAT", `${what}: not an NER model`, { input: what });
    return new NerTagger(b.header.lang, b.tables[0]!, b.header.gazetteer ? gazetteer : undefined);
  }

  static train(lang: string, data: readonly NerSentence[], opts: NerTrainOptions = {}): NerTagger {
    const epochs = opts.epochs ?? 10;
    const rand = mulberry32(opts.seed ?? 1);
    const log = opts.log ?? (() => {});
    const p = new Perceptron(opts.bits ?? 20, N_CLASSES);
    const model = new NerTagger(lang, p, opts.gazetteer);
    const gold = data.map((s) => ({ tokens: s.tokens, classes: iobToBilou(s.tags) }));
    const order = gold.map((_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, rand);
      let errors = 0;
      let total = 0;
      for (const si of order) {
        const g = gold[si]!;
        const n = g.tokens.length;
        model.prepare(g.tokens);
        let p1 = 0;
        let p2 = 0;
        for (let i = 0; i < n; i++) {
          model.features(i, p1, p2);
          model.scores.fill(0);
          p.score(model.fb.ids, model.fb.length, model.scores);
          // Unconstrained argmax for the update, so the weights, not the constraints, learn the label.
          let guess = 0;
          for (let c = 1; c < N_CLASSES; c++) if (model.scores[c]! > model.scores[guess]!) guess = c;
          const truth = g.classes[i]!;
          if (guess !== truth) {
            p.update(model.fb.ids, model.fb.length, truth, 1);
            p.update(model.fb.ids, model.fb.length, guess, -1);
            errors++;
          }
          total++;
          p.tick();
          const next = model.decide(p1, i === n - 1);
          p2 = p1;
          p1 = next;
        }
      }
      log(`ner ${lang} epoch ${epoch + 1}/${epochs}: token errors ${((100 * errors) / total).toFixed(2)}%`);
    }
    return new NerTagger(lang, p.finish(opts.quant ?? "int16"), opts.gazetteer);
  }
}

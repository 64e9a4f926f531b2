import { VigieError } from "../errors.js";
import type { NerSentence } from "./conllu.js";
import { iobSpans } from "./evaluate.js";
import type { Span } from "./evaluate.js";
import { Templates, fnv1a, mix, mix3, mulberry32, shuffleInPlace } from "./hash.js";
import { BOS, EOS, LexFlag, LexicalHashes, sharedLexical } from "./lexical.js";
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

const enum A {
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
  IsFirst,
  Cap,
  Len10,
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
}
const N_ATOMS = A.Prev2 + 1;


/** Features of the words alone: scored for the whole sentence before decoding. */
const STATIC = new Templates([
  [T.Bias],
  [T.Word, A.Word],
  [T.Lower, A.Lower],
  [T.Pre1, A.Pre1],
  [T.Pre2, A.Pre2],
  [T.Pre3, A.Pre3],
  [T.Pre4, A.Pre4],
  [T.Suf1, A.Suf1],
  [T.Suf2, A.Suf2],
  [T.Suf3, A.Suf3],
  [T.Suf4, A.Suf4],
  [T.Shape, A.Shape],
  [T.Short, A.Short],
  [T.Flags, A.Flags],
  [T.FirstCap, A.IsFirst, A.Cap],
  [T.Len, A.Len10, A.Short],
  [T.LowerM1, A.LowerM1],
  [T.LowerM2, A.LowerM2],
  [T.LowerP1, A.LowerP1],
  [T.LowerP2, A.LowerP2],
  [T.WordM1, A.WordM1],
  [T.WordP1, A.WordP1],
  [T.ShortM1, A.ShortM1],
  [T.ShortP1, A.ShortP1],
  [T.ShortM2, A.ShortM2],
  [T.ShortP2, A.ShortP2],
  [T.LowerM1Lower, A.LowerM1, A.Lower],
  [T.LowerLowerP1, A.Lower, A.LowerP1],
  [T.ShortM1ShortP1, A.ShortM1, A.ShortP1],
]);

/** Features of the classes already chosen (left to right). */
const DYNAMIC = new Templates([
  [T.Prev1, A.Prev1],
  [T.Prev2, A.Prev2],
  [T.Prev12, A.Prev1, A.Prev2],
  [T.Prev1Lower, A.Prev1, A.Lower],
  [T.Prev1Short, A.Prev1, A.Short],
]);

function lexicalAtoms(lx: LexicalHashes, i: number, atoms: Int32Array, base: number): void {
  const n = lx.n;
  atoms[base + A.Word] = lx.word[i]!;
  atoms[base + A.Lower] = lx.lower[i]!;
  atoms[base + A.Pre1] = lx.pre(i, 1);
  atoms[base + A.Pre2] = lx.pre(i, 2);
  atoms[base + A.Pre3] = lx.pre(i, 3);
  atoms[base + A.Pre4] = lx.pre(i, 4);
  atoms[base + A.Suf1] = lx.suf(i, 1);
  atoms[base + A.Suf2] = lx.suf(i, 2);
  atoms[base + A.Suf3] = lx.suf(i, 3);
  atoms[base + A.Suf4] = lx.suf(i, 4);
  atoms[base + A.Shape] = lx.shape[i]!;
  atoms[base + A.Short] = lx.shortShape[i]!;
  atoms[base + A.Flags] = lx.flags[i]!;
  atoms[base + A.IsFirst] = i === 0 ? 1 : 0;
  atoms[base + A.Cap] = lx.flags[i]! & LexFlag.Capitalised;
  atoms[base + A.Len10] = Math.min(lx.length[i]!, 10);
  atoms[base + A.LowerM1] = i >= 1 ? lx.lower[i - 1]! : BOS;
  atoms[base + A.LowerM2] = i >= 2 ? lx.lower[i - 2]! : BOS;
  atoms[base + A.LowerP1] = i + 1 < n ? lx.lower[i + 1]! : EOS;
  atoms[base + A.LowerP2] = i + 2 < n ? lx.lower[i + 2]! : EOS;
  atoms[base + A.WordM1] = i >= 1 ? lx.word[i - 1]! : BOS;
  atoms[base + A.WordP1] = i + 1 < n ? lx.word[i + 1]! : EOS;
  atoms[base + A.ShortM1] = i >= 1 ? lx.shortShape[i - 1]! : BOS;
  atoms[base + A.ShortP1] = i + 1 < n ? lx.shortShape[i + 1]! : EOS;
  atoms[base + A.ShortM2] = i >= 2 ? lx.shortShape[i - 2]! : BOS;
  atoms[base + A.ShortP2] = i + 2 < n ? lx.shortShape[i + 2]! : EOS;
}


/** ALLOWED[(prev * 2 + last) * N_CLASSES + c]: `allowed(prev, c, last)` as a table. */
const ALLOWED = new Uint8Array(N_CLASSES * 2 * N_CLASSES);
for (let prev = 0; prev < N_CLASSES; prev++) {
  for (let last = 0; last < 2; last++) {
    for (let c = 0; c < N_CLASSES; c++) ALLOWED[(prev * 2 + last) * N_CLASSES + c] = allowed(prev, c, last === 1) ? 1 : 0;
  }
}

/** Best allowed class given the previous one. */
function decide(scores: Float64Array, prev: number, last: boolean): number {
  const row = (prev * 2 + (last ? 1 : 0)) * N_CLASSES;
  let best = -1;
  for (let c = 0; c < N_CLASSES; c++) {
    if (ALLOWED[row + c] === 1 && (best < 0 || scores[c]! > scores[best]!)) best = c;
  }
  return best;
}

export class NerTagger {
  readonly lang: string;
  private readonly table: Scorer;
  private readonly tableW: WeightTable | null;
  private readonly gazetteer: Gazetteer | undefined;
  private lx = sharedLexical;
  private readonly fb = new FeatureBuffer();
  private readonly scores = new Float64Array(N_CLASSES);
  private atoms = new Int32Array(64 * N_ATOMS);
  private staticScores = new Float64Array(64 * N_CLASSES);
  private gaz: number[][] = [];

  constructor(lang: string, table: Scorer, gazetteer: Gazetteer | undefined) {
    this.lang = lang;
    this.table = table;
    this.tableW = table instanceof Perceptron ? null : (table as WeightTable);
    this.gazetteer = gazetteer;
  }

  private prepare(words: readonly string[]): void {
    const n = words.length;
    // The gazetteer (caller code) runs before the shared hashes are filled, never between fill and use.
    if (this.gazetteer) {
      const g = this.gazetteer;
      this.gaz = words.map((w) => g(w.toLowerCase()).map((label) => fnv1a(label)));
    }
    this.lx.fill(words);
    if (this.atoms.length < n * N_ATOMS) {
      const c = Math.max(n, (2 * this.atoms.length) / N_ATOMS);
      this.atoms = new Int32Array(c * N_ATOMS);
      this.staticScores = new Float64Array(c * N_CLASSES);
    }
    for (let i = 0; i < n; i++) lexicalAtoms(this.lx, i, this.atoms, i * N_ATOMS);
  }

  /** Features of token i into `fb`: the history ones, after the word ones when `withStatic`. */
  private features(i: number, p1: number, p2: number, withStatic: boolean): void {
    const fb = this.fb;
    const atoms = this.atoms;
    const base = i * N_ATOMS;
    atoms[base + A.Prev1] = p1;
    atoms[base + A.Prev2] = p2;
    const ids = fb.reserve(STATIC.length + DYNAMIC.length + 64);
    let k = withStatic ? STATIC.apply(atoms, base, ids, 0) : 0;
    k = DYNAMIC.apply(atoms, base, ids, k);
    fb.length = k;
    if (this.gazetteer) {
      const short = atoms[base + A.Short]!;
      for (const g of this.gaz[i] ?? []) {
        fb.add(mix(T.Gaz, g));
        fb.add(mix3(T.GazShort, g, short));
      }
      for (const g of this.gaz[i - 1] ?? []) fb.add(mix(T.GazM1, g));
      for (const g of this.gaz[i + 1] ?? []) fb.add(mix(T.GazP1, g));
    }
  }

  /** BILOU class per token (see bilouToIob). */
  classify(words: readonly string[]): Uint8Array {
    const out = new Uint8Array(words.length);
    this.classifyInto(words, out, 0);
    return out;
  }

  /** Writes the BILOU classes of `words` into `out[offset..]` without allocating. */
  classifyInto(words: readonly string[], out: Uint8Array, offset: number): void {
    const n = words.length;
    this.prepare(words);
    const { fb, scores, atoms, staticScores } = this;
    for (let i = 0; i < n; i++) {
      fb.length = STATIC.apply(atoms, i * N_ATOMS, fb.reserve(STATIC.length), 0);
      scores.fill(0);
      this.table.score(fb.ids, fb.length, scores);
      for (let c = 0; c < N_CLASSES; c++) staticScores[i * N_CLASSES + c] = scores[c]!;
    }
    let p1 = 0;
    let p2 = 0;
    for (let i = 0; i < n; i++) {
      this.features(i, p1, p2, false);
      for (let c = 0; c < N_CLASSES; c++) scores[c] = staticScores[i * N_CLASSES + c]!;
      this.table.score(fb.ids, fb.length, scores);
      const c = decide(scores, p1, i === n - 1);
      out[offset + i] = c;
      p2 = p1;
      p1 = c;
    }
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
    model.lx = new LexicalHashes();
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
          model.features(i, p1, p2, true);
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
          const next = decide(model.scores, p1, i === n - 1);
          p2 = p1;
          p1 = next;
        }
      }
      log(`ner ${lang} epoch ${epoch + 1}/${epochs}: token errors ${((100 * errors) / total).toFixed(2)}%`);
    }
    return new NerTagger(lang, p.finish(opts.quant ?? "int16"), opts.gazetteer);
  }
}

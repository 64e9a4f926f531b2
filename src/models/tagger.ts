import { VigieError } from "../errors.js";
import type { SurfaceSentence } from "./conllu.js";
import { Templates, mulberry32, shuffleInPlace } from "./hash.js";
import { BOS, EOS, LexFlag, LexicalHashes, sharedLexical } from "./lexical.js";
import type { Quantisation, WeightTable } from "./perceptron.js";
import { FeatureBuffer, Perceptron, argmax, decodeBundle, encodeBundle, loadBundle } from "./perceptron.js";
import type { Scorer } from "./perceptron.js";
import { FEATS, FEAT_NAMES, encodeFeats, featSlot, uposIndex, withFeatSlot } from "./tagset.js";
import { UPOS } from "./tagset.js";

/** UPOS classes are UPOS indexes minus one (index 0, "untagged", is never predicted). */
const N_UPOS = UPOS.length - 1;
/** Column offsets of each feature's head inside the joint morphology table (slot 0 = absent). */
const HEAD_OFFSETS: number[] = [];
const N_FEAT_COLUMNS = FEAT_NAMES.reduce((off, name) => {
  HEAD_OFFSETS.push(off);
  return off + FEATS[name].length + 1;
}, 0);

export interface TaggedSentence {
  /** UPOS indexes (tagset.ts UPOS). */
  upos: Uint8Array;
  /** Feature bit sets (tagset.ts encodeFeats). */
  feats: Uint32Array;
  lemmas: string[];
}

export interface TaggerTrainOptions {
  epochs?: number;
  seed?: number;
  /** log2 of the number of hashed rows of the UPOS and morphology tables. */
  bits?: number;
  lemmaBits?: number;
  quant?: Quantisation;
  /** Edit scripts seen fewer times are not lemma classes (their words rely on the lexicon). */
  minScriptCount?: number;
  /** Train the UPOS model only (morphology and lemmas left empty), e.g. for jack-knifed parser input. */
  uposOnly?: boolean;
  log?: (line: string) => void;
}

interface TaggerHeader {
  kind: "tagger";
  lang: string;
  scripts: string[];
  /** [lowercase form, UPOS index, lemma] triples for forms whose lemma the rules would miss. */
  lexicon: [string, number, string][];
}

// Template ids: any distinct constants; they only separate the hash spaces of templates.
const enum T {
  Bias = 1,
  Word,
  Lower,
  Pre1,
  Pre2,
  Pre3,
  Suf1,
  Suf2,
  Suf3,
  Suf4,
  Suf5,
  Shape,
  Short,
  Flags,
  FirstCap,
  LowerM1,
  LowerM2,
  LowerP1,
  LowerP2,
  Suf3M1,
  Suf3P1,
  ShortP1,
  ShortM1,
  Tag1,
  Tag2,
  Tag12,
  Tag1Lower,
  LowerP1Lower,
  LowerM1Lower,
  Tag1Suf3,
  Upos,
  UposSuf1,
  UposSuf2,
  UposSuf3,
  UposSuf4,
  UposSuf5,
  UposLower,
  UposM1,
  UposP1,
  UposM1Upos,
  UposP1Upos,
  LowerM1Upos,
  UposShape,
  UposPre2,
  Len,
  Pre4,
  LowerP12,
  Suf2P1Tag1,
}

/** Atoms: the values templates combine, gathered per token into an Int32Array. */
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
  Suf5,
  Shape,
  Short,
  Flags,
  IsFirst,
  Cap,
  LowerM1,
  LowerM2,
  LowerP1,
  LowerP2,
  Suf3M1,
  Suf3P1,
  Suf2P1,
  ShortM1,
  ShortP1,
  Tag1,
  Tag2,
  Upos,
  UposM1,
  UposP1,
  Len12,
}
const N_ATOMS = A.Len12 + 1;

/** UPOS features that only depend on the words: scored for the whole sentence at once. */
const UPOS_STATIC = new Templates([
  [T.Bias],
  [T.Word, A.Word],
  [T.Lower, A.Lower],
  [T.Pre1, A.Pre1],
  [T.Pre2, A.Pre2],
  [T.Pre3, A.Pre3],
  [T.Suf1, A.Suf1],
  [T.Suf2, A.Suf2],
  [T.Suf3, A.Suf3],
  [T.Suf4, A.Suf4],
  [T.Shape, A.Shape],
  [T.Short, A.Short],
  [T.Flags, A.Flags],
  [T.FirstCap, A.IsFirst, A.Cap],
  [T.LowerM1, A.LowerM1],
  [T.LowerM2, A.LowerM2],
  [T.LowerP1, A.LowerP1],
  [T.LowerP2, A.LowerP2],
  [T.Suf3M1, A.Suf3M1],
  [T.Suf3P1, A.Suf3P1],
  [T.ShortP1, A.ShortP1],
  [T.ShortM1, A.ShortM1],
  [T.LowerP1Lower, A.LowerP1, A.Lower],
  [T.LowerM1Lower, A.LowerM1, A.Lower],
  [T.Pre4, A.Pre4],
  [T.Suf5, A.Suf5],
  [T.LowerP12, A.LowerP1, A.LowerP2],
]);

/** UPOS features on the tags already predicted (left to right). */
const UPOS_DYNAMIC = new Templates([
  [T.Tag1, A.Tag1],
  [T.Tag2, A.Tag2],
  [T.Tag12, A.Tag1, A.Tag2],
  [T.Tag1Lower, A.Tag1, A.Lower],
  [T.Tag1Suf3, A.Tag1, A.Suf3],
  [T.Suf2P1Tag1, A.Suf2P1, A.Tag1],
]);

/** Morphology features: the whole sentence's UPOS is known by then. */
const MORPH = new Templates([
  [T.Bias],
  [T.Upos, A.Upos],
  [T.UposLower, A.Upos, A.Lower],
  [T.UposSuf1, A.Upos, A.Suf1],
  [T.UposSuf2, A.Upos, A.Suf2],
  [T.UposSuf3, A.Upos, A.Suf3],
  [T.UposSuf4, A.Upos, A.Suf4],
  [T.UposSuf5, A.Upos, A.Suf5],
  [T.UposPre2, A.Upos, A.Pre2],
  [T.UposShape, A.Upos, A.Short],
  [T.UposM1, A.UposM1],
  [T.UposP1, A.UposP1],
  [T.UposM1Upos, A.UposM1, A.Upos],
  [T.UposP1Upos, A.UposP1, A.Upos],
  [T.LowerM1Upos, A.LowerM1, A.Upos],
  [T.LowerP1, A.LowerP1],
  [T.LowerM2, A.LowerM2],
]);

const LEMMA = new Templates([
  [T.Upos, A.Upos],
  [T.UposSuf1, A.Upos, A.Suf1],
  [T.UposSuf2, A.Upos, A.Suf2],
  [T.UposSuf3, A.Upos, A.Suf3],
  [T.UposSuf4, A.Upos, A.Suf4],
  [T.UposSuf5, A.Upos, A.Suf5],
  [T.UposShape, A.Upos, A.Short],
  [T.UposLower, A.Upos, A.Lower],
  [T.Len, A.Upos, A.Len12],
  [T.Flags, A.Flags],
]);

/** Word atoms of token i (sentence boundaries as BOS/EOS). */
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
  atoms[base + A.Suf5] = lx.suf(i, 5);
  atoms[base + A.Shape] = lx.shape[i]!;
  atoms[base + A.Short] = lx.shortShape[i]!;
  atoms[base + A.Flags] = lx.flags[i]!;
  atoms[base + A.IsFirst] = i === 0 ? 1 : 0;
  atoms[base + A.Cap] = lx.flags[i]! & LexFlag.Capitalised;
  atoms[base + A.LowerM1] = i >= 1 ? lx.lower[i - 1]! : BOS;
  atoms[base + A.LowerM2] = i >= 2 ? lx.lower[i - 2]! : BOS;
  atoms[base + A.LowerP1] = i + 1 < n ? lx.lower[i + 1]! : EOS;
  atoms[base + A.LowerP2] = i + 2 < n ? lx.lower[i + 2]! : EOS;
  atoms[base + A.Suf3M1] = i >= 1 ? lx.suf(i - 1, 3) : BOS;
  atoms[base + A.Suf3P1] = i + 1 < n ? lx.suf(i + 1, 3) : EOS;
  atoms[base + A.Suf2P1] = i + 1 < n ? lx.suf(i + 1, 2) : EOS;
  atoms[base + A.ShortM1] = i >= 1 ? lx.shortShape[i - 1]! : BOS;
  atoms[base + A.ShortP1] = i + 1 < n ? lx.shortShape[i + 1]! : EOS;
  atoms[base + A.Len12] = Math.min(lx.length[i]!, 12);
}

/** Tag atoms of token i given the sentence's UPOS (99 / 98 stand for the sentence boundaries). */
function tagAtoms(upos: Uint8Array, n: number, i: number, at: Int32Array, base: number): void {
  at[base + A.Upos] = upos[i]!;
  at[base + A.UposM1] = i > 0 ? upos[i - 1]! : 99;
  at[base + A.UposP1] = i + 1 < n ? upos[i + 1]! : 98;
}

/**
 * Lemma edit script: "L" (edit the lowercased form) or "K" (keep the case), the number of final
 * characters to strip, "|", and the string to append. Scripts generalise across words with the
 * same inflection: "L1|er" maps both "mangé" and "Parlé" to their infinitives.
 */
export function editScript(form: string, lemma: string): string {
  const lower = form.toLowerCase();
  const mode = lemma === lemma.toLowerCase() ? "L" : "K";
  const base = mode === "L" ? lower : form;
  let cp = 0;
  while (cp < base.length && cp < lemma.length && base.charCodeAt(cp) === lemma.charCodeAt(cp)) cp++;
  return `${mode}${base.length - cp}|${lemma.slice(cp)}`;
}

export function applyScript(form: string, script: string): string | null {
  const bar = script.indexOf("|");
  const strip = Number(script.slice(1, bar));
  const base = script[0] === "L" ? form.toLowerCase() : form;
  if (strip > base.length) return null;
  return base.slice(0, base.length - strip) + script.slice(bar + 1);
}

/** Value of slot 1 of each morphological feature's bit field (slot k is k times it). */
const HEAD_UNITS = FEAT_NAMES.map((name) => withFeatSlot(0, name, 1));
const HEAD_SIZES = FEAT_NAMES.map((name) => FEATS[name].length + 1);

export class Tagger {
  readonly lang: string;
  private readonly uposModel: Scorer;
  private readonly morphModel: Scorer;
  private readonly lemmaModel: Scorer;
  readonly scripts: string[];
  private readonly lexicon: Map<string, string>;
  /** Lexicon by lowercase form, then by UPOS index ("" when absent): one Map lookup per token. */
  private readonly lexByForm = new Map<string, string[]>();
  private readonly scriptKeepCase: Uint8Array;
  private readonly scriptStrip: Int32Array;
  private readonly scriptAppend: string[];
  private readonly fb = new FeatureBuffer();
  private readonly scores: Float64Array;
  private readonly tables: WeightTable[];
  private atoms = new Int32Array(64 * N_ATOMS);
  private staticScores = new Float64Array(64 * N_UPOS);
  private tags = new Uint8Array(64);

  constructor(
    lang: string,
    tables: WeightTable[],
    scripts: string[],
    lexicon: Map<string, string>,
  ) {
    this.lang = lang;
    this.tables = tables;
    this.uposModel = tables[0]!;
    this.morphModel = tables[1]!;
    this.lemmaModel = tables[2]!;
    this.scripts = scripts;
    this.lexicon = lexicon;
    this.scores = new Float64Array(Math.max(N_UPOS, N_FEAT_COLUMNS, scripts.length, 1));
    for (const [key, lemma] of lexicon) {
      const tab = key.indexOf("\t");
      const form = key.slice(0, tab);
      let byTag = this.lexByForm.get(form);
      if (!byTag) this.lexByForm.set(form, (byTag = new Array<string>(UPOS.length).fill("")));
      byTag[Number(key.slice(tab + 1))] = lemma;
    }
    this.scriptKeepCase = Uint8Array.from(scripts, (sc) => (sc[0] === "L" ? 0 : 1));
    this.scriptStrip = Int32Array.from(scripts, (sc) => Number(sc.slice(1, sc.indexOf("|"))));
    this.scriptAppend = scripts.map((sc) => sc.slice(sc.indexOf("|") + 1));
  }

  tag(words: readonly string[]): TaggedSentence {
    const n = words.length;
    const out: TaggedSentence = { upos: new Uint8Array(n), feats: new Uint32Array(n), lemmas: new Array<string>(n) };
    this.tagInto(words, out.upos, out.feats, out.lemmas, 0);
    return out;
  }

  /** Writes into caller-owned columns at `offset` (e.g. a TokenStore's `upos`/`feats`/`lemma`). */
  tagInto(words: readonly string[], upos: Uint8Array, feats: Uint32Array, lemmas: string[], offset: number): void {
    const lx = sharedLexical;
    lx.fill(words);
    const n = words.length;
    if (this.tags.length < n) {
      const c = Math.max(n, this.tags.length * 2);
      this.tags = new Uint8Array(c);
      this.atoms = new Int32Array(c * N_ATOMS);
      this.staticScores = new Float64Array(c * N_UPOS);
    }
    const { fb, scores, atoms, staticScores, tags } = this;
    // The word features of every token are scored before the left-to-right pass: their table
    // reads do not wait on the previous tag, so they overlap.
    for (let i = 0; i < n; i++) {
      const base = i * N_ATOMS;
      lexicalAtoms(lx, i, atoms, base);
      fb.length = UPOS_STATIC.apply(atoms, base, fb.reserve(UPOS_STATIC.length), 0);
      scores.fill(0, 0, N_UPOS);
      this.uposModel.score(fb.ids, fb.length, scores);
      for (let c = 0; c < N_UPOS; c++) staticScores[i * N_UPOS + c] = scores[c]!;
    }
    let p1 = 0;
    let p2 = 0;
    for (let i = 0; i < n; i++) {
      const base = i * N_ATOMS;
      atoms[base + A.Tag1] = p1;
      atoms[base + A.Tag2] = p2;
      fb.length = UPOS_DYNAMIC.apply(atoms, base, fb.reserve(UPOS_DYNAMIC.length), 0);
      for (let c = 0; c < N_UPOS; c++) scores[c] = staticScores[i * N_UPOS + c]!;
      this.uposModel.score(fb.ids, fb.length, scores);
      const t = argmax(scores, N_UPOS) + 1;
      tags[i] = t;
      p2 = p1;
      p1 = t;
    }
    for (let i = 0; i < n; i++) {
      const base = i * N_ATOMS;
      upos[offset + i] = tags[i]!;
      tagAtoms(tags, n, i, atoms, base);
      fb.length = MORPH.apply(atoms, base, fb.reserve(MORPH.length), 0);
      scores.fill(0, 0, N_FEAT_COLUMNS);
      this.morphModel.score(fb.ids, fb.length, scores);
      let bits = 0;
      for (let h = 0; h < HEAD_SIZES.length; h++) {
        const off = HEAD_OFFSETS[h]!;
        const size = HEAD_SIZES[h]!;
        let best = 0;
        for (let c = 1; c < size; c++) if (scores[off + c]! > scores[off + best]!) best = c;
        bits += best * HEAD_UNITS[h]!;
      }
      feats[offset + i] = bits;
      lemmas[offset + i] = this.lemmatise(words[i]!, lx.lowerForms[i]!, tags[i]!, base);
    }
  }

  private lemmatise(form: string, lower: string, tag: number, base: number): string {
    const known = this.lexByForm.get(lower)?.[tag];
    if (known !== undefined && known !== "") return known;
    const k = this.scripts.length;
    if (k === 0) return form;
    const fb = this.fb;
    fb.length = LEMMA.apply(this.atoms, base, fb.reserve(LEMMA.length), 0);
    this.scores.fill(0, 0, k);
    this.lemmaModel.score(fb.ids, fb.length, this.scores);
    const sc = argmax(this.scores, k);
    const stem = this.scriptKeepCase[sc] === 1 ? form : lower;
    const strip = this.scriptStrip[sc]!;
    if (strip > stem.length) return form;
    const lemma = stem.slice(0, stem.length - strip) + this.scriptAppend[sc]!;
    return lemma === "" ? form : lemma;
  }

  toBuffer(): Uint8Array {
    const lexicon: [string, number, string][] = [];
    for (const [key, lemma] of this.lexicon) {
      const tab = key.indexOf("\t");
      lexicon.push([key.slice(0, tab), Number(key.slice(tab + 1)), lemma]);
    }
    const header: TaggerHeader = { kind: "tagger", lang: this.lang, scripts: this.scripts, lexicon };
    return encodeBundle(header, this.tables);
  }

  static fromBuffer(buf: Uint8Array, what = "tagger"): Tagger {
    return Tagger.fromBundle(decodeBundle<TaggerHeader>(buf, what), what);
  }

  static load(path: string): Tagger {
    return Tagger.fromBundle(loadBundle<TaggerHeader>(path), path);
  }

  private static fromBundle(b: { header: TaggerHeader; tables: WeightTable[] }, what: string): Tagger {
    if (b.header.kind !== "tagger" || b.tables.length !== 3) {
      throw new VigieError("MODEL_FORMAT", `${what}: not a tagger model`, { input: what });
    }
    const lexicon = new Map<string, string>();
    for (const [form, u, lemma] of b.header.lexicon) lexicon.set(`${form}\t${u}`, lemma);
    return new Tagger(b.header.lang, b.tables, b.header.scripts, lexicon);
  }

  static train(lang: string, data: readonly SurfaceSentence[], opts: TaggerTrainOptions = {}): Tagger {
    const epochs = opts.epochs ?? 10;
    const bits = opts.bits ?? 20;
    const quant = opts.quant ?? "int16";
    const log = opts.log ?? (() => {});
    const rand = mulberry32(opts.seed ?? 1);
    const gold = data.map((s) => ({
      forms: s.forms,
      upos: Uint8Array.from(s.upos, uposIndex),
      feats: Uint32Array.from(s.feats, encodeFeats),
      lemmas: s.lemmas,
    }));

    // Lemma lexicon: the most frequent lemma of each (lowercase form, UPOS), kept when the
    // identity rule ("lemma = form") would get it wrong.
    const counts = new Map<string, Map<string, number>>();
    const scriptCounts = new Map<string, number>();
    for (const s of gold) {
      for (let i = 0; i < s.forms.length; i++) {
        const lemma = s.lemmas[i]!;
        if (lemma === "_" || lemma === "") continue;
        const key = `${s.forms[i]!.toLowerCase()}\t${s.upos[i]!}`;
        let m = counts.get(key);
        if (!m) counts.set(key, (m = new Map()));
        m.set(lemma, (m.get(lemma) ?? 0) + 1);
        const sc = editScript(s.forms[i]!, lemma);
        scriptCounts.set(sc, (scriptCounts.get(sc) ?? 0) + 1);
      }
    }
    const minScript = opts.minScriptCount ?? 3;
    const scripts = [...scriptCounts]
      .filter(([, c]) => c >= minScript)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([s]) => s);
    const scriptIndex = new Map(scripts.map((s, i) => [s, i]));
    const lexicon = new Map<string, string>();
    for (const [key, m] of counts) {
      let best = "";
      let bestN = -1;
      for (const [lemma, c] of m) if (c > bestN || (c === bestN && lemma < best)) [best, bestN] = [lemma, c];
      const form = key.slice(0, key.indexOf("\t"));
      if (best !== form) lexicon.set(key, best);
    }

    const uposP = new Perceptron(bits, N_UPOS);
    const morphP = new Perceptron(bits - 1, N_FEAT_COLUMNS);
    const lemmaP = new Perceptron(opts.lemmaBits ?? 17, Math.max(scripts.length, 1));
    const lx = new LexicalHashes();
    let atoms = new Int32Array(64 * N_ATOMS);
    const fb = new FeatureBuffer();
    const scores = new Float64Array(Math.max(N_UPOS, N_FEAT_COLUMNS, scripts.length, 1));
    const order = gold.map((_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, rand);
      let correct = 0;
      let total = 0;
      for (const si of order) {
        const s = gold[si]!;
        lx.fill(s.forms);
        const n = s.forms.length;
        if (atoms.length < n * N_ATOMS) atoms = new Int32Array(2 * n * N_ATOMS);
        for (let i = 0; i < n; i++) lexicalAtoms(lx, i, atoms, i * N_ATOMS);
        let p1 = 0;
        let p2 = 0;
        for (let i = 0; i < s.forms.length; i++) {
          const base = i * N_ATOMS;
          atoms[base + A.Tag1] = p1;
          atoms[base + A.Tag2] = p2;
          const ids = fb.reserve(UPOS_STATIC.length + UPOS_DYNAMIC.length);
          fb.length = UPOS_DYNAMIC.apply(atoms, base, ids, UPOS_STATIC.apply(atoms, base, ids, 0));
          scores.fill(0, 0, N_UPOS);
          uposP.score(fb.ids, fb.length, scores);
          const guess = argmax(scores, N_UPOS);
          const truth = s.upos[i]! - 1;
          if (guess !== truth) {
            uposP.update(fb.ids, fb.length, truth, 1);
            uposP.update(fb.ids, fb.length, guess, -1);
          } else correct++;
          total++;
          uposP.tick();
          // Predicted history, as at run time, so the model learns to recover from its own errors.
          p2 = p1;
          p1 = guess + 1;
        }
        for (let i = 0; i < s.forms.length && !opts.uposOnly; i++) {
          const base = i * N_ATOMS;
          tagAtoms(s.upos, n, i, atoms, base);
          fb.length = MORPH.apply(atoms, base, fb.reserve(MORPH.length), 0);
          scores.fill(0, 0, N_FEAT_COLUMNS);
          morphP.score(fb.ids, fb.length, scores);
          const bitsGold = s.feats[i]!;
          for (let h = 0; h < FEAT_NAMES.length; h++) {
            const off = HEAD_OFFSETS[h]!;
            const size = FEATS[FEAT_NAMES[h]!].length + 1;
            let best = 0;
            for (let c = 1; c < size; c++) if (scores[off + c]! > scores[off + best]!) best = c;
            const want = featSlot(bitsGold, FEAT_NAMES[h]!);
            if (best !== want) {
              morphP.update(fb.ids, fb.length, off + want, 1);
              morphP.update(fb.ids, fb.length, off + best, -1);
            }
          }
          morphP.tick();
          const lemma = s.lemmas[i]!;
          const cls = lemma === "_" ? undefined : scriptIndex.get(editScript(s.forms[i]!, lemma));
          if (cls !== undefined) {
            fb.length = LEMMA.apply(atoms, base, fb.reserve(LEMMA.length), 0);
            scores.fill(0, 0, scripts.length);
            lemmaP.score(fb.ids, fb.length, scores);
            const g = argmax(scores, scripts.length);
            if (g !== cls) {
              lemmaP.update(fb.ids, fb.length, cls, 1);
              lemmaP.update(fb.ids, fb.length, g, -1);
            }
            lemmaP.tick();
          }
        }
      }
      log(`tagger ${lang} epoch ${epoch + 1}/${epochs}: train UPOS ${((100 * correct) / total).toFixed(2)}%`);
    }
    return new Tagger(lang, [uposP.finish(quant), morphP.finish(quant), lemmaP.finish(quant)], scripts, lexicon);
  }
}

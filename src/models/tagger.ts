import { VigieError } from "../errors.js";
import type { SurfaceSentence } from "./conllu.js";
import { mix, mix3, mulberry32, shuffleInPlace } from "./hash.js";
import { BOS, EOS, LexFlag, LexicalHashes } from "./lexical.js";
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

const at = (a: Int32Array, i: number, n: number, dflt: number) => (i >= 0 && i < n ? a[i]! : dflt);

function uposFeatures(lx: LexicalHashes, i: number, p1: number, p2: number, fb: FeatureBuffer): void {
  const n = lx.n;
  const low = lx.lower[i]!;
  fb.clear();
  fb.add(T.Bias);
  fb.add(mix(T.Word, lx.word[i]!));
  fb.add(mix(T.Lower, low));
  fb.add(mix(T.Pre1, lx.pre(i, 1)));
  fb.add(mix(T.Pre2, lx.pre(i, 2)));
  fb.add(mix(T.Pre3, lx.pre(i, 3)));
  fb.add(mix(T.Suf1, lx.suf(i, 1)));
  fb.add(mix(T.Suf2, lx.suf(i, 2)));
  fb.add(mix(T.Suf3, lx.suf(i, 3)));
  fb.add(mix(T.Suf4, lx.suf(i, 4)));
  fb.add(mix(T.Shape, lx.shape[i]!));
  fb.add(mix(T.Short, lx.shortShape[i]!));
  fb.add(mix(T.Flags, lx.flags[i]!));
  fb.add(mix3(T.FirstCap, i === 0 ? 1 : 0, lx.flags[i]! & LexFlag.Capitalised));
  const m1 = at(lx.lower, i - 1, n, BOS);
  const p1w = at(lx.lower, i + 1, n, EOS);
  fb.add(mix(T.LowerM1, m1));
  fb.add(mix(T.LowerM2, at(lx.lower, i - 2, n, BOS)));
  fb.add(mix(T.LowerP1, p1w));
  fb.add(mix(T.LowerP2, at(lx.lower, i + 2, n, EOS)));
  fb.add(mix(T.Suf3M1, i > 0 ? lx.suf(i - 1, 3) : BOS));
  fb.add(mix(T.Suf3P1, i + 1 < n ? lx.suf(i + 1, 3) : EOS));
  fb.add(mix(T.ShortP1, at(lx.shortShape, i + 1, n, EOS)));
  fb.add(mix(T.ShortM1, at(lx.shortShape, i - 1, n, BOS)));
  fb.add(mix(T.Tag1, p1));
  fb.add(mix(T.Tag2, p2));
  fb.add(mix3(T.Tag12, p1, p2));
  fb.add(mix3(T.Tag1Lower, p1, low));
  fb.add(mix3(T.LowerP1Lower, p1w, low));
  fb.add(mix3(T.LowerM1Lower, m1, low));
  fb.add(mix3(T.Tag1Suf3, p1, lx.suf(i, 3)));
  fb.add(mix(T.Pre4, lx.pre(i, 4)));
  fb.add(mix(T.Suf5, lx.suf(i, 5)));
  fb.add(mix3(T.LowerP12, p1w, at(lx.lower, i + 2, n, EOS)));
  fb.add(mix3(T.Suf2P1Tag1, i + 1 < n ? lx.suf(i + 1, 2) : EOS, p1));
}

/** Morphology and lemma features: the whole sentence's UPOS is known by then. */
function morphFeatures(lx: LexicalHashes, upos: Uint8Array, i: number, fb: FeatureBuffer): void {
  const n = lx.n;
  const u = upos[i]!;
  const um1 = i > 0 ? upos[i - 1]! : 99;
  const up1 = i + 1 < n ? upos[i + 1]! : 98;
  fb.clear();
  fb.add(T.Bias);
  fb.add(mix(T.Upos, u));
  fb.add(mix3(T.UposLower, u, lx.lower[i]!));
  fb.add(mix3(T.UposSuf1, u, lx.suf(i, 1)));
  fb.add(mix3(T.UposSuf2, u, lx.suf(i, 2)));
  fb.add(mix3(T.UposSuf3, u, lx.suf(i, 3)));
  fb.add(mix3(T.UposSuf4, u, lx.suf(i, 4)));
  fb.add(mix3(T.UposSuf5, u, lx.suf(i, 5)));
  fb.add(mix3(T.UposPre2, u, lx.pre(i, 2)));
  fb.add(mix3(T.UposShape, u, lx.shortShape[i]!));
  fb.add(mix(T.UposM1, um1));
  fb.add(mix(T.UposP1, up1));
  fb.add(mix3(T.UposM1Upos, um1, u));
  fb.add(mix3(T.UposP1Upos, up1, u));
  fb.add(mix3(T.LowerM1Upos, at(lx.lower, i - 1, n, BOS), u));
  fb.add(mix(T.LowerP1, at(lx.lower, i + 1, n, EOS)));
  fb.add(mix(T.LowerM2, at(lx.lower, i - 2, n, BOS)));
}

function lemmaFeatures(lx: LexicalHashes, upos: Uint8Array, i: number, fb: FeatureBuffer): void {
  const u = upos[i]!;
  fb.clear();
  fb.add(mix(T.Upos, u));
  fb.add(mix3(T.UposSuf1, u, lx.suf(i, 1)));
  fb.add(mix3(T.UposSuf2, u, lx.suf(i, 2)));
  fb.add(mix3(T.UposSuf3, u, lx.suf(i, 3)));
  fb.add(mix3(T.UposSuf4, u, lx.suf(i, 4)));
  fb.add(mix3(T.UposSuf5, u, lx.suf(i, 5)));
  fb.add(mix3(T.UposShape, u, lx.shortShape[i]!));
  fb.add(mix3(T.UposLower, u, lx.lower[i]!));
  fb.add(mix3(T.Len, u, Math.min(lx.length[i]!, 12)));
  fb.add(mix(T.Flags, lx.flags[i]!));
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

export class Tagger {
  readonly lang: string;
  private readonly uposModel: Scorer;
  private readonly morphModel: Scorer;
  private readonly lemmaModel: Scorer;
  readonly scripts: string[];
  private readonly lexicon: Map<string, string>;
  private readonly lx = new LexicalHashes();
  private readonly fb = new FeatureBuffer();
  private readonly scores: Float64Array;
  private readonly tables: WeightTable[];

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
  }

  tag(words: readonly string[]): TaggedSentence {
    const n = words.length;
    const out: TaggedSentence = { upos: new Uint8Array(n), feats: new Uint32Array(n), lemmas: new Array<string>(n) };
    this.tagInto(words, out.upos, out.feats, out.lemmas, 0);
    return out;
  }

  /** Writes into caller-owned columns at `offset` (e.g. a TokenStore's `upos`/`feats`/`lemma`). */
  tagInto(words: readonly string[], upos: Uint8Array, feats: Uint32Array, lemmas: string[], offset: number): void {
    const lx = this.lx;
    const fb = this.fb;
    const scores = this.scores;
    lx.fill(words);
    const n = words.length;
    const tags = new Uint8Array(n);
    let p1 = 0;
    let p2 = 0;
    for (let i = 0; i < n; i++) {
      uposFeatures(lx, i, p1, p2, fb);
      scores.fill(0, 0, N_UPOS);
      this.uposModel.score(fb.ids, fb.length, scores);
      const t = argmax(scores, N_UPOS) + 1;
      tags[i] = t;
      p2 = p1;
      p1 = t;
    }
    for (let i = 0; i < n; i++) {
      upos[offset + i] = tags[i]!;
      morphFeatures(lx, tags, i, fb);
      scores.fill(0, 0, N_FEAT_COLUMNS);
      this.morphModel.score(fb.ids, fb.length, scores);
      let bits = 0;
      for (let h = 0; h < FEAT_NAMES.length; h++) {
        const off = HEAD_OFFSETS[h]!;
        const size = FEATS[FEAT_NAMES[h]!].length + 1;
        let best = 0;
        for (let c = 1; c < size; c++) if (scores[off + c]! > scores[off + best]!) best = c;
        if (best > 0) bits = withFeatSlot(bits, FEAT_NAMES[h]!, best);
      }
      feats[offset + i] = bits;
      lemmas[offset + i] = this.lemmatise(words[i]!, tags, i);
    }
  }

  private lemmatise(form: string, tags: Uint8Array, i: number): string {
    const known = this.lexicon.get(`${form.toLowerCase()}\t${tags[i]!}`);
    if (known !== undefined) return known;
    if (this.scripts.length === 0) return form;
    lemmaFeatures(this.lx, tags, i, this.fb);
    const k = this.scripts.length;
    this.scores.fill(0, 0, k);
    this.lemmaModel.score(this.fb.ids, this.fb.length, this.scores);
    const lemma = applyScript(form, this.scripts[argmax(this.scores, k)]!);
    return lemma === null || lemma === "" ? form : lemma;
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
        let p1 = 0;
        let p2 = 0;
        for (let i = 0; i < s.forms.length; i++) {
          uposFeatures(lx, i, p1, p2, fb);
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
        for (let i = 0; i < s.forms.length; i++) {
          morphFeatures(lx, s.upos, i, fb);
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
            lemmaFeatures(lx, s.upos, i, fb);
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

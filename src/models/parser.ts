import { VigieError } from "../errors.js";
import type { SurfaceSentence } from "./conllu.js";
import { Templates, mix, mulberry32, shuffleInPlace } from "./hash.js";
import { LexicalHashes, sharedLexical } from "./lexical.js";
import type { Quantisation, Scorer, WeightTable } from "./perceptron.js";
import { FeatureBuffer, Perceptron, argmax, decodeBundle, encodeBundle, loadBundle } from "./perceptron.js";
import { DEPREL, deprelIndex, uposIndex } from "./tagset.js";

export interface ParsedSentence {
  /** 0-based head token per token, -1 for the root. */
  heads: Int32Array;
  /** Indexes into tagset.ts DEPREL. */
  deprels: Uint8Array;
}

export interface ParserTrainOptions {
  epochs?: number;
  seed?: number;
  bits?: number;
  labelBits?: number;
  quant?: Quantisation;
  /** Probability of following a wrong predicted transition (dynamic-oracle exploration) after epoch 1. */
  explore?: number;
  /** "lift": train on projectivised trees (non-projective arcs lifted); "skip": drop non-projective sentences. */
  nonProjective?: "lift" | "skip";
  /** Use the tagger's predictions rather than gold UPOS as input (set by the caller, see train.ts). */
  log?: (line: string) => void;
}

interface ParserHeader {
  kind: "parser";
  lang: string;
}

const SHIFT = 0;
const LEFT = 1;
const RIGHT = 2;
const N_LABELS = DEPREL.length;

const ROOT_HASH = 0x1badb002;
const NONE = 0x0dead00;

/** Lifts non-projective arcs (the shortest first) to the grandparent until the tree is projective. */
export function projectivise(heads: Int32Array): { heads: Int32Array; lifted: number } {
  const h = heads.slice();
  const n = h.length - 1;
  let lifted = 0;
  const dominates = (a: number, d: number) => {
    let x = d;
    for (let guard = 0; x > 0 && guard <= n; guard++) {
      if (x === a) return true;
      x = h[x]!;
    }
    return a === 0;
  };
  for (;;) {
    let worst = -1;
    let worstLen = Infinity;
    for (let d = 1; d <= n; d++) {
      const hd = h[d]!;
      const lo = Math.min(hd, d);
      const hi = Math.max(hd, d);
      if (hi - lo >= worstLen) continue;
      for (let k = lo + 1; k < hi; k++) {
        if (!dominates(hd, k)) {
          worst = d;
          worstLen = hi - lo;
          break;
        }
      }
    }
    if (worst < 0) return { heads: h, lifted };
    h[worst] = h[h[worst]!]!;
    lifted++;
  }
}

/** Parser state for arc-hybrid: a stack and a buffer that is always a suffix [b, n] of the sentence. */
class State {
  n = 0;
  stack = new Int32Array(16);
  sp = 0;
  b = 1;
  heads = new Int32Array(16);
  labels = new Uint8Array(16);
  lc1 = new Int32Array(16);
  lc2 = new Int32Array(16);
  rc1 = new Int32Array(16);
  rc2 = new Int32Array(16);
  nl = new Int32Array(16);
  nr = new Int32Array(16);
  lset = new Int32Array(16);
  rset = new Int32Array(16);

  reset(n: number): void {
    if (this.heads.length < n + 1) {
      const c = Math.max(n + 1, this.heads.length * 2);
      this.stack = new Int32Array(c);
      this.heads = new Int32Array(c);
      this.labels = new Uint8Array(c);
      this.lc1 = new Int32Array(c);
      this.lc2 = new Int32Array(c);
      this.rc1 = new Int32Array(c);
      this.rc2 = new Int32Array(c);
      this.nl = new Int32Array(c);
      this.nr = new Int32Array(c);
      this.lset = new Int32Array(c);
      this.rset = new Int32Array(c);
    }
    this.n = n;
    this.sp = 1;
    this.stack[0] = 0;
    this.b = 1;
    for (let i = 0; i <= n; i++) {
      this.heads[i] = -1;
      this.labels[i] = 0;
      this.lc1[i] = this.lc2[i] = this.rc1[i] = this.rc2[i] = -1;
      this.nl[i] = this.nr[i] = this.lset[i] = this.rset[i] = 0;
    }
  }

  done(): boolean {
    return this.b > this.n && this.sp === 1;
  }

  s(k: number): number {
    return this.sp > k ? this.stack[this.sp - 1 - k]! : -1;
  }

  bf(k: number): number {
    return this.b + k <= this.n ? this.b + k : -1;
  }

  valid(move: number): boolean {
    if (move === SHIFT) return this.b <= this.n;
    if (move === LEFT) return this.sp >= 2 && this.b <= this.n;
    // The root takes its single dependent last, which guarantees exactly one root.
    return this.sp >= 2 && (this.sp > 2 || this.b > this.n);
  }

  apply(move: number, label: number): void {
    if (move === SHIFT) {
      this.stack[this.sp++] = this.b++;
      return;
    }
    const d = this.stack[--this.sp]!;
    const h = move === LEFT ? this.b : this.stack[this.sp - 1]!;
    this.heads[d] = h;
    this.labels[d] = label;
    if (d < h) {
      if (this.lc1[h]! < 0 || d < this.lc1[h]!) {
        this.lc2[h] = this.lc1[h]!;
        this.lc1[h] = d;
      } else if (this.lc2[h]! < 0 || d < this.lc2[h]!) this.lc2[h] = d;
      this.nl[h]!++;
      this.lset[h] = this.lset[h]! | (1 << (label & 31));
    } else {
      if (this.rc1[h]! < 0 || d > this.rc1[h]!) {
        this.rc2[h] = this.rc1[h]!;
        this.rc1[h] = d;
      } else if (this.rc2[h]! < 0 || d > this.rc2[h]!) this.rc2[h] = d;
      this.nr[h]!++;
      this.rset[h] = this.rset[h]! | (1 << (label & 31));
    }
  }
}

const enum A {
  S0w,
  S0t,
  S0wt,
  S1w,
  S1t,
  S1wt,
  S2t,
  B0w,
  B0t,
  B0wt,
  B1w,
  B1t,
  B1wt,
  B2t,
  B2w,
  S0lc1t,
  S0rc1t,
  B0lc1t,
  S1rc1t,
  DS0B0,
  DS1S0,
  S0vr,
  S0vl,
  B0vl,
  S1vr,
  S1vl,
  S0lc1w,
  S0lc1l,
  S0rc1w,
  S0rc1l,
  B0lc1w,
  B0lc1l,
  S0lc2t,
  S0lc2l,
  S0rc2t,
  S0rc2l,
  B0lc2t,
  B0lc2l,
  S1rc1l,
  S1lc1t,
  S0lset,
  S0rset,
  B0lset,
  S0suf,
  B0suf,
  S1suf,
  B0pre,
}

const N_ATOMS = 47;

const enum F {
  S0w = 1,
  S0t,
  S0wt,
  S1w,
  S1t,
  S1wt,
  S2t,
  B0w,
  B0t,
  B0wt,
  B1w,
  B1t,
  B1wt,
  B2t,
  B2w,
  S0wtB0wt,
  S0wtB0w,
  S0wB0wt,
  S0wtB0t,
  S0tB0wt,
  S0wB0w,
  S0tB0t,
  B0tB1t,
  S1wtS0wt,
  S1tS0t,
  S1wS0w,
  S1tS0wt,
  S1wtS0t,
  B0tB1tB2t,
  S0tB0tB1t,
  S1tS0tB0t,
  S2tS1tS0t,
  S0tLc1tB0t,
  S0tRc1tB0t,
  S0tB0tLc1t,
  S1tS0tLc1t,
  S1tS0tRc1t,
  S1tRc1tS0t,
  DistS0B0w,
  DistS0B0t,
  DistS0tB0t,
  DistS1S0,
  DistS1S0t,
  S0wVr,
  S0tVr,
  S0wVl,
  S0tVl,
  B0wVl,
  B0tVl,
  S1wVr,
  S1tVl,
  S0Lc1w,
  S0Lc1t,
  S0Lc1l,
  S0Rc1w,
  S0Rc1t,
  S0Rc1l,
  B0Lc1w,
  B0Lc1t,
  B0Lc1l,
  S0Lc2t,
  S0Lc2l,
  S0Rc2t,
  S0Rc2l,
  B0Lc2t,
  B0Lc2l,
  S1Rc1t,
  S1Rc1l,
  S1Lc1t,
  S0wLset,
  S0wRset,
  B0wLset,
  S0tLc12t,
  S0tRc12t,
  B0tLc12t,
  S0Suf,
  B0Suf,
  S1Suf,
  B0Pre,
  Bias,
}

/** The transition features, in an order that LABEL_FEATURES refers to. */
/** Transition features that depend on more than one token, or on the partial tree. */
const CONFIG_TEMPLATES = new Templates([
  [F.Bias],
  [F.S0wtB0wt, A.S0wt, A.B0wt],
  [F.S0wtB0w, A.S0wt, A.B0w],
  [F.S0wB0wt, A.S0w, A.B0wt],
  [F.S0wtB0t, A.S0wt, A.B0t],
  [F.S0tB0wt, A.S0t, A.B0wt],
  [F.S0wB0w, A.S0w, A.B0w],
  [F.S0tB0t, A.S0t, A.B0t],
  [F.S1wtS0wt, A.S1wt, A.S0wt],
  [F.S1tS0t, A.S1t, A.S0t],
  [F.S1wS0w, A.S1w, A.S0w],
  [F.S1tS0wt, A.S1t, A.S0wt],
  [F.S1wtS0t, A.S1wt, A.S0t],
  [F.S0tB0tB1t, A.S0t, A.B0t, A.B1t],
  [F.S1tS0tB0t, A.S1t, A.S0t, A.B0t],
  [F.S2tS1tS0t, A.S2t, A.S1t, A.S0t],
  [F.S0tLc1tB0t, A.S0t, A.S0lc1t, A.B0t],
  [F.S0tRc1tB0t, A.S0t, A.S0rc1t, A.B0t],
  [F.S0tB0tLc1t, A.S0t, A.B0t, A.B0lc1t],
  [F.S1tS0tLc1t, A.S1t, A.S0t, A.S0lc1t],
  [F.S1tS0tRc1t, A.S1t, A.S0t, A.S0rc1t],
  [F.S1tRc1tS0t, A.S1t, A.S1rc1t, A.S0t],
  [F.DistS0B0w, A.S0w, A.DS0B0],
  [F.DistS0B0t, A.S0t, A.DS0B0],
  [F.DistS0tB0t, A.S0t, A.B0t, A.DS0B0],
  [F.DistS1S0, A.S0w, A.DS1S0],
  [F.DistS1S0t, A.S1t, A.S0t, A.DS1S0],
  [F.S0wVr, A.S0w, A.S0vr],
  [F.S0tVr, A.S0t, A.S0vr],
  [F.S0wVl, A.S0w, A.S0vl],
  [F.S0tVl, A.S0t, A.S0vl],
  [F.B0wVl, A.B0w, A.B0vl],
  [F.B0tVl, A.B0t, A.B0vl],
  [F.S1wVr, A.S1w, A.S1vr],
  [F.S1tVl, A.S1t, A.S1vl],
  [F.S0Lc1w, A.S0lc1w],
  [F.S0Lc1t, A.S0lc1t],
  [F.S0Lc1l, A.S0lc1l],
  [F.S0Rc1w, A.S0rc1w],
  [F.S0Rc1t, A.S0rc1t],
  [F.S0Rc1l, A.S0rc1l],
  [F.B0Lc1w, A.B0lc1w],
  [F.B0Lc1t, A.B0lc1t],
  [F.B0Lc1l, A.B0lc1l],
  [F.S0Lc2t, A.S0lc2t],
  [F.S0Lc2l, A.S0lc2l],
  [F.S0Rc2t, A.S0rc2t],
  [F.S0Rc2l, A.S0rc2l],
  [F.B0Lc2t, A.B0lc2t],
  [F.B0Lc2l, A.B0lc2l],
  [F.S1Rc1t, A.S1rc1t],
  [F.S1Rc1l, A.S1rc1l],
  [F.S1Lc1t, A.S1lc1t],
  [F.S0wLset, A.S0w, A.S0lset],
  [F.S0wRset, A.S0w, A.S0rset],
  [F.B0wLset, A.B0w, A.B0lset],
  [F.S0tLc12t, A.S0t, A.S0lc1t, A.S0lc2t],
  [F.S0tRc12t, A.S0t, A.S0rc1t, A.S0rc2t],
  [F.B0tLc12t, A.B0t, A.B0lc1t, A.B0lc2t],
]);

/** Transition features of one token in one role: their scores are cached per sentence. */
const S0_TEMPLATES = new Templates([
  [F.S0w, A.S0w],
  [F.S0t, A.S0t],
  [F.S0wt, A.S0wt],
  [F.S0Suf, A.S0suf, A.S0t],
]);
const S1_TEMPLATES = new Templates([
  [F.S1w, A.S1w],
  [F.S1t, A.S1t],
  [F.S1wt, A.S1wt],
  [F.S1Suf, A.S1suf, A.S1t],
]);
const S2_TEMPLATES = new Templates([
  [F.S2t, A.S2t],
]);
/** b1 and b2 follow b0, so these depend on b0 alone. */
const B_TEMPLATES = new Templates([
  [F.B0w, A.B0w],
  [F.B0t, A.B0t],
  [F.B0wt, A.B0wt],
  [F.B1w, A.B1w],
  [F.B1t, A.B1t],
  [F.B1wt, A.B1wt],
  [F.B2t, A.B2t],
  [F.B2w, A.B2w],
  [F.B0tB1t, A.B0t, A.B1t],
  [F.B0tB1tB2t, A.B0t, A.B1t, A.B2t],
  [F.B0Suf, A.B0suf, A.B0t],
  [F.B0Pre, A.B0pre, A.B0t],
]);
const ROLE_TEMPLATES = [S0_TEMPLATES, S1_TEMPLATES, S2_TEMPLATES, B_TEMPLATES];
const N_CONFIG = CONFIG_TEMPLATES.length;
const N_FEATURES = N_CONFIG + ROLE_TEMPLATES.reduce((n, t) => n + t.length, 0);


/**
 * Positions, in the order `features` writes them (CONFIG_TEMPLATES, then the role templates), of
 * the features the labeller uses.
 */
const LABEL_FEATURES = Int32Array.from([0, 59, 60, 61, 63, 64, 65, 68, 69, 70, 71, 72, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 37, 40, 43, 45, 47, 49, 53, 54, 55, 62, 78, 66]);

const labelAt = (labels: Uint8Array, i: number) => (i < 0 ? 97 : labels[i]!);

export class Parser {
  readonly lang: string;
  private readonly tables: WeightTable[];
  private lx = sharedLexical;
  private readonly fb = new FeatureBuffer();
  private readonly lfb = new FeatureBuffer();
  private readonly state = new State();
  private readonly scores = new Float64Array(N_LABELS);
  private readonly atoms = new Int32Array(N_ATOMS);
  private wordH = new Int32Array(16);
  private tagH = new Int32Array(16);
  private wtH = new Int32Array(16);
  private sufH = new Int32Array(16);
  private preH = new Int32Array(16);
  /** Summed transition scores of each role's templates: [(role * (n + 2) + token + 1) * 3 + move]. */
  private roleScores = new Float64Array(16 * 4 * 3);

  constructor(lang: string, tables: WeightTable[]) {
    this.lang = lang;
    this.tables = tables;
  }

  private prepare(words: readonly string[], upos: ArrayLike<number>): void {
    const n = words.length;
    this.lx.fill(words);
    if (this.wordH.length < n + 2) {
      const c = Math.max(n + 2, this.wordH.length * 2);
      this.wordH = new Int32Array(c);
      this.tagH = new Int32Array(c);
      this.wtH = new Int32Array(c);
      this.sufH = new Int32Array(c);
      this.preH = new Int32Array(c);
    }
    this.wordH[0] = this.wtH[0] = this.sufH[0] = this.preH[0] = NONE;
    this.tagH[0] = 98;
    this.wordH[1] = this.wtH[1] = this.sufH[1] = this.preH[1] = ROOT_HASH;
    this.tagH[1] = 99;
    for (let i = 1; i <= n; i++) {
      const w = this.lx.lower[i - 1]!;
      const t = upos[i - 1]!;
      this.wordH[i + 1] = w;
      this.tagH[i + 1] = t;
      this.wtH[i + 1] = mix(w, t);
      this.sufH[i + 1] = this.lx.suf(i - 1, 3);
      this.preH[i + 1] = this.lx.pre(i - 1, 3);
    }
  }

  /**
   * Scores the one-token templates of every token in every role once per sentence, instead of at
   * every transition (a quarter of the transition features).
   */
  private cacheRoleScores(n: number): void {
    const m = n + 2;
    if (this.roleScores.length < 4 * m * 3) this.roleScores = new Float64Array(2 * 4 * m * 3);
    const trans = this.tables[0]!;
    const { atoms: at, wordH: W, tagH: T, wtH: WT, sufH, preH, scores, roleScores } = this;
    const ids = this.fb.reserve(N_FEATURES);
    for (let p = 0; p < m; p++) {
      const b0 = p - 1;
      const b1 = b0 >= 0 && b0 + 1 <= n ? b0 + 1 : -1;
      const b2 = b0 >= 0 && b0 + 2 <= n ? b0 + 2 : -1;
      at[A.S0w] = at[A.S1w] = at[A.B0w] = W[p]!;
      at[A.S0t] = at[A.S1t] = at[A.S2t] = at[A.B0t] = T[p]!;
      at[A.S0wt] = at[A.S1wt] = at[A.B0wt] = WT[p]!;
      at[A.S0suf] = at[A.S1suf] = at[A.B0suf] = sufH[p]!;
      at[A.B0pre] = preH[p]!;
      at[A.B1w] = W[b1 + 1]!;
      at[A.B1t] = T[b1 + 1]!;
      at[A.B1wt] = WT[b1 + 1]!;
      at[A.B2t] = T[b2 + 1]!;
      at[A.B2w] = W[b2 + 1]!;
      for (let r = 0; r < ROLE_TEMPLATES.length; r++) {
        const len = ROLE_TEMPLATES[r]!.apply(at, 0, ids, 0);
        scores.fill(0, 0, 3);
        trans.score(ids, len, scores);
        const o = (r * m + p) * 3;
        roleScores[o] = scores[0]!;
        roleScores[o + 1] = scores[1]!;
        roleScores[o + 2] = scores[2]!;
      }
    }
  }

  private features(st: State, fb: FeatureBuffer): void {
    // Token columns are shifted by one so that position -1 (no such token) reads slot 0.
    const W = this.wordH;
    const T = this.tagH;
    const WT = this.wtH;
    const labels = st.labels;
    const s0 = st.s(0);
    const s1 = st.s(1);
    const s2 = st.s(2);
    const b0 = st.bf(0);
    const b1 = st.bf(1);
    const b2 = st.bf(2);
    const s0w = W[s0 + 1]!;
    const s0t = T[s0 + 1]!;
    const s0wt = WT[s0 + 1]!;
    const s1w = W[s1 + 1]!;
    const s1t = T[s1 + 1]!;
    const s1wt = WT[s1 + 1]!;
    const s2t = T[s2 + 1]!;
    const b0w = W[b0 + 1]!;
    const b0t = T[b0 + 1]!;
    const b0wt = WT[b0 + 1]!;
    const b1t = T[b1 + 1]!;
    const b2t = T[b2 + 1]!;
    const s0lc1 = s0 >= 0 ? st.lc1[s0]! : -1;
    const s0rc1 = s0 >= 0 ? st.rc1[s0]! : -1;
    const s0lc2 = s0 >= 0 ? st.lc2[s0]! : -1;
    const s0rc2 = s0 >= 0 ? st.rc2[s0]! : -1;
    const b0lc1 = b0 >= 0 ? st.lc1[b0]! : -1;
    const b0lc2 = b0 >= 0 ? st.lc2[b0]! : -1;
    const s1rc1 = s1 >= 0 ? st.rc1[s1]! : -1;
    const s1lc1 = s1 >= 0 ? st.lc1[s1]! : -1;
    const s0lc1t = T[s0lc1 + 1]!;
    const s0rc1t = T[s0rc1 + 1]!;
    const s0lc2t = T[s0lc2 + 1]!;
    const s0rc2t = T[s0rc2 + 1]!;
    const b0lc1t = T[b0lc1 + 1]!;
    const b0lc2t = T[b0lc2 + 1]!;
    const s1rc1t = T[s1rc1 + 1]!;
    const dS0B0 = s0 >= 0 && b0 >= 0 ? Math.min(b0 - s0, 6) : 0;
    const dS1S0 = s1 >= 0 && s0 >= 0 ? Math.min(s0 - s1, 6) : 0;
    const s0vl = s0 >= 0 ? st.nl[s0]! : -1;
    const s0vr = s0 >= 0 ? st.nr[s0]! : -1;
    const b0vl = b0 >= 0 ? st.nl[b0]! : -1;
    const at = this.atoms;
    at[A.S0w] = s0w;
    at[A.S0t] = s0t;
    at[A.S0wt] = s0wt;
    at[A.S1w] = s1w;
    at[A.S1t] = s1t;
    at[A.S1wt] = s1wt;
    at[A.S2t] = s2t;
    at[A.B0w] = b0w;
    at[A.B0t] = b0t;
    at[A.B0wt] = b0wt;
    at[A.B1w] = W[b1 + 1]!;
    at[A.B1t] = b1t;
    at[A.B1wt] = WT[b1 + 1]!;
    at[A.B2t] = b2t;
    at[A.B2w] = W[b2 + 1]!;
    at[A.S0lc1t] = s0lc1t;
    at[A.S0rc1t] = s0rc1t;
    at[A.B0lc1t] = b0lc1t;
    at[A.S1rc1t] = s1rc1t;
    at[A.DS0B0] = dS0B0;
    at[A.DS1S0] = dS1S0;
    at[A.S0vr] = s0vr;
    at[A.S0vl] = s0vl;
    at[A.B0vl] = b0vl;
    at[A.S1vr] = s1 >= 0 ? st.nr[s1]! : -1;
    at[A.S1vl] = s1 >= 0 ? st.nl[s1]! : -1;
    at[A.S0lc1w] = W[s0lc1 + 1]!;
    at[A.S0lc1l] = labelAt(labels, s0lc1);
    at[A.S0rc1w] = W[s0rc1 + 1]!;
    at[A.S0rc1l] = labelAt(labels, s0rc1);
    at[A.B0lc1w] = W[b0lc1 + 1]!;
    at[A.B0lc1l] = labelAt(labels, b0lc1);
    at[A.S0lc2t] = s0lc2t;
    at[A.S0lc2l] = labelAt(labels, s0lc2);
    at[A.S0rc2t] = s0rc2t;
    at[A.S0rc2l] = labelAt(labels, s0rc2);
    at[A.B0lc2t] = b0lc2t;
    at[A.B0lc2l] = labelAt(labels, b0lc2);
    at[A.S1rc1l] = labelAt(labels, s1rc1);
    at[A.S1lc1t] = T[s1lc1 + 1]!;
    at[A.S0lset] = s0 >= 0 ? st.lset[s0]! : -1;
    at[A.S0rset] = s0 >= 0 ? st.rset[s0]! : -1;
    at[A.B0lset] = b0 >= 0 ? st.lset[b0]! : -1;
    at[A.S0suf] = this.sufH[s0 + 1]!;
    at[A.B0suf] = this.sufH[b0 + 1]!;
    at[A.S1suf] = this.sufH[s1 + 1]!;
    at[A.B0pre] = this.preH[b0 + 1]!;
    const ids = fb.reserve(N_FEATURES);
    let k = CONFIG_TEMPLATES.apply(at, 0, ids, 0);
    for (const t of ROLE_TEMPLATES) k = t.apply(at, 0, ids, k);
    fb.length = k;
  }

  /**
   * Label features: a subset of the configuration's features (words and tags of s0, s1, b0 and
   * their pairs, distances, children's labels) conjoined with the arc direction. The labeller
   * scores ~70 classes, so a short list keeps it from dominating parse time.
   */
  private labelFeatures(move: number): void {
    const src = this.fb.ids;
    const dst = this.lfb.reserve(LABEL_FEATURES.length);
    for (let k = 0; k < LABEL_FEATURES.length; k++) dst[k] = mix(src[LABEL_FEATURES[k]!]!, move);
    this.lfb.length = LABEL_FEATURES.length;
  }

  parse(words: readonly string[], upos: ArrayLike<number>): ParsedSentence {
    const n = words.length;
    const out: ParsedSentence = { heads: new Int32Array(n), deprels: new Uint8Array(n) };
    this.parseInto(words, upos, out.heads, out.deprels, 0);
    return out;
  }

  /** Writes 0-based heads relative to the sentence plus `offset` (-1 for the root), as in TokenStore. */
  parseInto(
    words: readonly string[],
    upos: ArrayLike<number>,
    heads: Int32Array,
    deprels: Uint8Array,
    offset: number,
  ): void {
    const n = words.length;
    if (n === 0) return;
    this.prepare(words, upos);
    const st = this.state;
    st.reset(n);
    const trans = this.tables[0]!;
    const labeller = this.tables[1]!;
    const scores = this.scores;
    this.cacheRoleScores(n);
    const rs = this.roleScores;
    const m = n + 2;
    while (!st.done()) {
      this.features(st, this.fb);
      const o0 = (st.s(0) + 1) * 3;
      const o1 = (m + st.s(1) + 1) * 3;
      const o2 = (2 * m + st.s(2) + 1) * 3;
      const ob = (3 * m + st.bf(0) + 1) * 3;
      for (let c = 0; c < 3; c++) scores[c] = rs[o0 + c]! + rs[o1 + c]! + rs[o2 + c]! + rs[ob + c]!;
      trans.score(this.fb.ids, N_CONFIG, scores);
      let move = -1;
      for (let m = 0; m < 3; m++) if (st.valid(m) && (move < 0 || scores[m]! > scores[move]!)) move = m;
      let label = 0;
      if (move !== SHIFT) label = this.predictLabel(labeller, move);
      st.apply(move, label);
    }
    for (let i = 1; i <= n; i++) {
      const h = st.heads[i]!;
      heads[offset + i - 1] = h <= 0 ? -1 : offset + h - 1;
      deprels[offset + i - 1] = h === 0 ? deprelIndex("root") : st.labels[i]!;
    }
  }

  private predictLabel(labeller: Scorer, move: number): number {
    this.labelFeatures(move);
    this.scores.fill(0, 0, N_LABELS);
    labeller.score(this.lfb.ids, this.lfb.length, this.scores);
    this.scores[0] = -Infinity;
    return argmax(this.scores, N_LABELS);
  }

  toBuffer(): Uint8Array {
    const header: ParserHeader = { kind: "parser", lang: this.lang };
    return encodeBundle(header, this.tables);
  }

  static fromBuffer(buf: Uint8Array, what = "parser"): Parser {
    return Parser.fromBundle(decodeBundle<ParserHeader>(buf, what), what);
  }

  static load(path: string): Parser {
    return Parser.fromBundle(loadBundle<ParserHeader>(path), path);
  }

  private static fromBundle(b: { header: ParserHeader; tables: WeightTable[] }, what: string): Parser {
    if (b.header.kind !== "parser" || b.tables.length !== 2) throw new VigieError("MODEL_FORMAT", `${what}: not a parser model`, { input: what });
    return new Parser(b.header.lang, b.tables);
  }

  /**
   * Arc-hybrid training with the dynamic oracle of Goldberg & Nivre (2013). `inputUpos` gives the
   * tags the parser sees (predicted tags, jack-knifed or not, make it robust to tagger errors);
   * defaults to gold UPOS.
   */
  static train(
    lang: string,
    data: readonly SurfaceSentence[],
    opts: ParserTrainOptions = {},
    inputUpos?: readonly Uint8Array[],
  ): Parser {
    const epochs = opts.epochs ?? 10;
    const rand = mulberry32(opts.seed ?? 1);
    const explore = opts.explore ?? 0.9;
    const log = opts.log ?? (() => {});
    const trans = new Perceptron(opts.bits ?? 20, 3);
    const labeller = new Perceptron(opts.labelBits ?? 18, N_LABELS);
    const parser = new Parser(lang, [trans as unknown as WeightTable, labeller as unknown as WeightTable]);
    parser.lx = new LexicalHashes();
    let lifted = 0;
    let skipped = 0;
    const gold: { forms: string[]; upos: Uint8Array; heads: Int32Array; labels: Uint8Array }[] = [];
    data.forEach((s, k) => {
      const n = s.forms.length;
      const heads = new Int32Array(n + 1);
      heads[0] = -1;
      for (let i = 0; i < n; i++) heads[i + 1] = s.heads[i]! + 1;
      const p = projectivise(heads);
      if (p.lifted > 0) {
        if (opts.nonProjective === "skip") {
          skipped++;
          return;
        }
        lifted += p.lifted;
      }
      const labels = new Uint8Array(n + 1);
      for (let i = 0; i < n; i++) labels[i + 1] = deprelIndex(s.deprels[i]!);
      gold.push({
        forms: s.forms,
        upos: inputUpos?.[k] ?? Uint8Array.from(s.upos, uposIndex),
        heads: p.heads,
        labels,
      });
    });
    log(`parser ${lang}: ${gold.length} sentences, ${lifted} arcs lifted, ${skipped} skipped`);
    const st = parser.state;
    const scores = parser.scores;
    const costs = new Int32Array(3);
    const order = gold.map((_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, rand);
      let right = 0;
      let total = 0;
      for (const si of order) {
        const g = gold[si]!;
        const n = g.forms.length;
        if (n === 0) continue;
        parser.prepare(g.forms, g.upos);
        st.reset(n);
        // Gold dependents still in the buffer, maintained as arcs become unreachable.
        while (!st.done()) {
          parser.features(st, parser.fb);
          scores.fill(0, 0, 3);
          trans.score(parser.fb.ids, parser.fb.length, scores);
          oracleCosts(st, g.heads, costs);
          let pred = -1;
          let best = -1;
          for (let m = 0; m < 3; m++) {
            if (!st.valid(m)) continue;
            if (pred < 0 || scores[m]! > scores[pred]!) pred = m;
            if (costs[m] === 0 && (best < 0 || scores[m]! > scores[best]!)) best = m;
          }
          if (best < 0) best = pred;
          if (costs[pred] !== 0) {
            trans.update(parser.fb.ids, parser.fb.length, best, 1);
            trans.update(parser.fb.ids, parser.fb.length, pred, -1);
          } else right++;
          total++;
          trans.tick();
          const move = costs[pred] === 0 || (epoch > 0 && rand() < explore) ? pred : best;
          let label = 0;
          if (move !== SHIFT) {
            const d = st.s(0);
            const h = move === LEFT ? st.bf(0) : st.s(1);
            parser.labelFeatures(move);
            scores.fill(0, 0, N_LABELS);
            labeller.score(parser.lfb.ids, parser.lfb.length, scores);
            scores[0] = -Infinity;
            label = argmax(scores, N_LABELS);
            if (g.heads[d] === h) {
              const want = g.labels[d]!;
              if (label !== want) {
                labeller.update(parser.lfb.ids, parser.lfb.length, want, 1);
                labeller.update(parser.lfb.ids, parser.lfb.length, label, -1);
                label = want;
              }
              labeller.tick();
            }
          }
          st.apply(move, label);
        }
      }
      log(`parser ${lang} epoch ${epoch + 1}/${epochs}: zero-cost predictions ${((100 * right) / total).toFixed(2)}%`);
    }
    const quant = opts.quant ?? "int16";
    return new Parser(lang, [trans.finish(quant), labeller.finish(quant)]);
  }
}

/** Arc-hybrid dynamic-oracle costs: gold arcs each transition makes unreachable. */
function oracleCosts(st: State, gold: Int32Array, costs: Int32Array): void {
  const n = st.n;
  const s0 = st.s(0);
  const s1 = st.s(1);
  const b0 = st.bf(0);
  costs[0] = costs[1] = costs[2] = 0;
  if (s0 > 0) {
    let depsInBuffer = 0;
    for (let k = st.b; k <= n; k++) if (gold[k] === s0) depsInBuffer++;
    const h = gold[s0]!;
    const headInBufferAfterB0 = h > st.b && h <= n;
    costs[LEFT] = depsInBuffer + ((h !== b0 && (h === s1 || headInBufferAfterB0)) ? 1 : 0);
    costs[RIGHT] = depsInBuffer + (h !== s1 && h >= st.b && h <= n ? 1 : 0);
  }
  if (b0 > 0) {
    let c = 0;
    const h = gold[b0]!;
    for (let k = 0; k < st.sp; k++) {
      const x = st.stack[k]!;
      if (x !== s0 && x === h) c++;
      if (x > 0 && gold[x] === b0) c++;
    }
    costs[SHIFT] = c;
  }
}

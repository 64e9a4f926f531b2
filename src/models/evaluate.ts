import type { SurfaceSentence } from "./conllu.js";
import { deprelBase, DEPREL, encodeFeats, uposIndex } from "./tagset.js";

export interface TaggerScores {
  tokens: number;
  upos: number;
  feats: number;
  lemma: number;
}

export interface ParserScores {
  tokens: number;
  uas: number;
  /** Universal relations only (subtypes stripped), as in the CoNLL 2018 shared task. */
  las: number;
  /** Full labels including subtypes. */
  lasFull: number;
}

export interface SpanScores {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
}

const pct = (a: number, b: number) => (b === 0 ? 0 : (100 * a) / b);

/** Feature accuracy counts a token right when every feature the tagger models matches. */
export function scoreTagging(
  gold: readonly SurfaceSentence[],
  predicted: readonly { upos: Uint8Array; feats: Uint32Array; lemmas: string[] }[],
): TaggerScores {
  let n = 0;
  let u = 0;
  let f = 0;
  let l = 0;
  for (let s = 0; s < gold.length; s++) {
    const g = gold[s]!;
    const p = predicted[s]!;
    for (let i = 0; i < g.forms.length; i++) {
      n++;
      if (uposIndex(g.upos[i]!) === p.upos[i]) u++;
      if (encodeFeats(g.feats[i]!) === p.feats[i]) f++;
      if (g.lemmas[i] === p.lemmas[i]) l++;
    }
  }
  return { tokens: n, upos: pct(u, n), feats: pct(f, n), lemma: pct(l, n) };
}

export function scoreParsing(
  gold: readonly SurfaceSentence[],
  predicted: readonly { heads: Int32Array; deprels: Uint8Array }[],
): ParserScores {
  let n = 0;
  let ua = 0;
  let la = 0;
  let lf = 0;
  for (let s = 0; s < gold.length; s++) {
    const g = gold[s]!;
    const p = predicted[s]!;
    for (let i = 0; i < g.forms.length; i++) {
      n++;
      if (g.heads[i] !== p.heads[i]) continue;
      ua++;
      const plabel = DEPREL[p.deprels[i]!] ?? "_";
      if (deprelBase(plabel) === deprelBase(g.deprels[i]!)) la++;
      if (plabel === g.deprels[i]) lf++;
    }
  }
  return { tokens: n, uas: pct(ua, n), las: pct(la, n), lasFull: pct(lf, n) };
}

export interface Span {
  start: number;
  end: number;
  type: string;
}

/** Spans of an IOB2 sequence; an I- tag that does not continue a span of its type opens one (conlleval). */
export function iobSpans(tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let cur: Span | null = null;
  for (let i = 0; i <= tags.length; i++) {
    const t = i < tags.length ? tags[i]! : "O";
    const prefix = t[0];
    const type = t.slice(2);
    if (cur && (t === "O" || prefix === "B" || type !== cur.type)) {
      cur.end = i;
      spans.push(cur);
      cur = null;
    }
    if (t !== "O" && !cur) cur = { start: i, end: i + 1, type };
  }
  return spans;
}

/** Exact-span precision/recall/F1 (conlleval), overall and per type. */
export function scoreSpans(gold: readonly string[][], predicted: readonly string[][]): Record<string, SpanScores> {
  const tally = new Map<string, { tp: number; g: number; p: number }>();
  const get = (k: string) => {
    let t = tally.get(k);
    if (!t) tally.set(k, (t = { tp: 0, g: 0, p: 0 }));
    return t;
  };
  for (let s = 0; s < gold.length; s++) {
    const gs = iobSpans(gold[s]!);
    const ps = iobSpans(predicted[s]!);
    const key = (x: Span) => `${x.start}:${x.end}:${x.type}`;
    const gk = new Set(gs.map(key));
    for (const x of gs) {
      get(x.type).g++;
      get("ALL").g++;
    }
    for (const x of ps) {
      get(x.type).p++;
      get("ALL").p++;
      if (gk.has(key(x))) {
        get(x.type).tp++;
        get("ALL").tp++;
      }
    }
  }
  const out: Record<string, SpanScores> = {};
  for (const [k, t] of [...tally].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const precision = t.p === 0 ? 0 : t.tp / t.p;
    const recall = t.g === 0 ? 0 : t.tp / t.g;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    out[k] = { precision, recall, f1, gold: t.g, predicted: t.p };
  }
  return out;
}

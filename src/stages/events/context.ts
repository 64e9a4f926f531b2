import type { VDocument } from "../../doc/document.js";
import { TokenFlag } from "../../doc/tokens.js";
import type { CharRange, Lang, Mention, TokenSpan } from "../../doc/types.js";
import { loadKnowledgeBase } from "../../kb/index.js";
import { foldForMatch } from "../normalize/normalize.js";

/**
 * Per-document lookups shared by the event and relation stages: folded token texts and which
 * mention covers each token. Built once per document, then read by every rule.
 */
export class SentenceView {
  readonly lower: string[];
  /** Mention index covering each token, -1 if none. */
  readonly mentionAt: Int32Array;
  /** 1 where a token belongs to a date expression. */
  readonly inDate: Uint8Array;
  /** 1 for mentions that name a source ("selon X", "according to X"): never an event argument. */
  readonly attributed: Uint8Array;

  constructor(readonly doc: VDocument) {
    const n = doc.tokenCount;
    this.lower = new Array<string>(n);
    for (let i = 0; i < n; i++) this.lower[i] = foldForMatch(doc.tokenText(i));
    this.mentionAt = new Int32Array(n).fill(-1);
    this.inDate = new Uint8Array(n);
    this.attributed = new Uint8Array(doc.mentions.length);
    for (const d of doc.dates) {
      for (let i = doc.tokenAtChar(d.range[0]); i < n && (doc.tokens.start[i] ?? 0) < d.range[1]; i++)
        this.inDate[i] = 1;
    }
    doc.mentions.forEach((m, k) => {
      for (let i = m.span.start; i < m.span.end; i++) this.mentionAt[i] = k;
    });
  }

  get lang(): Lang {
    return this.doc.lang ?? "en";
  }

  mention(k: number): Mention {
    return this.doc.mentions[k]!;
  }

  entityOf(k: number): number | undefined {
    return this.doc.mentions[k]?.entity;
  }

  /** Mentions whose first token lies in [from, to), in text order. */
  mentionsIn(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = from; i < to; i++) {
      const k = this.mentionAt[i]!;
      if (k >= 0 && this.mention(k).span.start === i) out.push(k);
    }
    return out;
  }

  /** Words between two tokens, not counting punctuation and date expressions. */
  gapWords(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) if (!this.inDate[i] && !this.doc.tokens.has(i, TokenFlag.Punct)) n++;
    return n;
  }

  range(span: TokenSpan): CharRange {
    return this.doc.charRange(span);
  }
}

export const uniq = (xs: number[]): number[] => [...new Set(xs)];

/** Words that open a complement clause: what follows is said or claimed, not done. */
export const COMPLEMENTIZERS = new Set(["que", "qu'", "that"]);

/** The entity of the state a demonym names ("turc", "Israeli"), when the article names that state. */
export function demonymState(doc: VDocument, word: string): number | undefined {
  const kb = loadKnowledgeBase();
  const iso3 = word ? kb.demonym(word, doc.lang ?? "en")?.iso3 : undefined;
  if (!iso3) return undefined;
  const i = doc.entities.findIndex(
    (e) => e.kbId !== undefined && kb.byId(e.kbId)?.kind === "country" && e.country === iso3,
  );
  return i >= 0 ? i : undefined;
}

/** Past participle endings of French, English and Spanish (passive readings of triggers). */
export const PARTICIPLE =
  /(?:[éiut]|ée|és|ées|ie|is|ies|ue|us|ues|te|ts|tes|ed|en|ado|ada|ados|adas|ido|ida|idos|idas)$/u;

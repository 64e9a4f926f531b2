import { TokenFlag, TokenStore } from "./tokens.js";
import type {
  CharRange,
  DateMention,
  Diagnostic,
  Entity,
  Lang,
  LayerName,
  Mention,
  NerSpan,
  Relation,
  TokenSpan,
  VEvent,
} from "./types.js";

export interface DocumentMeta {
  id: string;
  lang?: Lang;
  /** Language as given by the input, before identification checks that it is supported. */
  declaredLang?: string;
  /** Publication date, ISO (YYYY-MM-DD, or reduced YYYY-MM / YYYY). */
  published?: string;
  title?: string;
  url?: string;
  source?: string;
}

/**
 * One article and every layer computed on it. Pure data plus span helpers: no I/O here, so the
 * same object serves the CLI, the store and the server.
 */
export class VDocument {
  readonly text: string;
  readonly meta: DocumentMeta;
  readonly tokens = new TokenStore();
  paragraphs: TokenSpan[] = [];
  sentences: TokenSpan[] = [];
  /** Spans found by the statistical NER (layer "ner"); the mentions stage types names with them. */
  nerSpans: NerSpan[] = [];
  mentions: Mention[] = [];
  entities: Entity[] = [];
  dates: DateMention[] = [];
  events: VEvent[] = [];
  relations: Relation[] = [];
  diagnostics: Diagnostic[] = [];
  /** Layers assigned so far; the pipeline records each stage's `assigns` here. */
  readonly layers = new Set<LayerName>(["text"]);

  constructor(text: string, meta: DocumentMeta) {
    this.text = text;
    this.meta = { ...meta };
    if (meta.lang) this.layers.add("lang");
  }

  get id(): string {
    return this.meta.id;
  }

  get lang(): Lang | undefined {
    return this.meta.lang;
  }

  get tokenCount(): number {
    return this.tokens.length;
  }

  tokenText(i: number): string {
    return this.text.slice(this.tokens.start[i], this.tokens.end[i]);
  }

  /** Lowercased token text, the form lexicons are matched against. */
  tokenLower(i: number): string {
    return this.tokenText(i).toLowerCase();
  }

  charRange(span: TokenSpan): CharRange {
    if (span.end <= span.start) {
      const at = this.tokens.start[span.start] ?? this.text.length;
      return [at, at];
    }
    return [this.tokens.start[span.start] ?? 0, this.tokens.end[span.end - 1] ?? 0];
  }

  spanText(span: TokenSpan): string {
    const [s, e] = this.charRange(span);
    return this.text.slice(s, e);
  }

  /** Index of the sentence containing token i (binary search over `sentences`). */
  sentenceOf(i: number): number {
    let lo = 0;
    let hi = this.sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.sentences[mid]!;
      if (i < s.start) hi = mid - 1;
      else if (i >= s.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** Index of the first token whose end is after char offset `c`. */
  tokenAtChar(c: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.tokens.end[mid] ?? 0) <= c) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  isSentenceStart(i: number): boolean {
    return this.tokens.has(i, TokenFlag.SentenceStart);
  }

  diagnose(d: Diagnostic): void {
    this.diagnostics.push(d);
  }
}

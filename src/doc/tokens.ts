/**
 * Columnar token store: one typed array per attribute, indexed by token number, so that a
 * document of n tokens costs a handful of allocations instead of n objects (the layout
 * wink-nlp uses). Strings are not stored: a token's text is `text.slice(start, end)`.
 */

export const TokenFlag = {
  /** Whitespace precedes the token in the text. */
  SpaceBefore: 1,
  /** First token of a sentence. */
  SentenceStart: 2,
  /** First token of a paragraph. */
  ParagraphStart: 4,
  /** First character is an uppercase letter. */
  Capitalised: 8,
  /** Every letter is uppercase and there are at least two. */
  AllCaps: 16,
  /** Only punctuation characters. */
  Punct: 32,
  /** Contains a digit. */
  Digit: 64,
} as const;

const INITIAL_CAPACITY = 256;

export class TokenStore {
  length = 0;
  start: Uint32Array;
  end: Uint32Array;
  flags: Uint8Array;
  /** Index into the UPOS tag set of src/models (0 = untagged). Filled by the `tag` stage. */
  upos: Uint8Array;
  /** Head token index, -1 for the root or when unparsed. Filled by the `parse` stage. */
  head: Int32Array;
  /** Index into the dependency label set of src/models. Filled by the `parse` stage. */
  deprel: Uint8Array;
  /** Bit set of morphological features (src/models/feats). Filled by the `tag` stage. */
  feats: Uint32Array;
  /** Lemmas, filled by the `tag` stage; empty until then. */
  lemma: string[] = [];

  constructor(capacity = INITIAL_CAPACITY) {
    this.start = new Uint32Array(capacity);
    this.end = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.upos = new Uint8Array(capacity);
    this.head = new Int32Array(capacity).fill(-1);
    this.deprel = new Uint8Array(capacity);
    this.feats = new Uint32Array(capacity);
  }

  push(start: number, end: number, flags: number): number {
    if (this.length === this.start.length) this.grow();
    const i = this.length++;
    this.start[i] = start;
    this.end[i] = end;
    this.flags[i] = flags;
    return i;
  }

  has(i: number, flag: number): boolean {
    return ((this.flags[i] ?? 0) & flag) !== 0;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const growU32 = (a: Uint32Array) => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    this.start = growU32(this.start);
    this.end = growU32(this.end);
    this.feats = growU32(this.feats);
    const flags = new Uint8Array(n);
    flags.set(this.flags);
    this.flags = flags;
    const upos = new Uint8Array(n);
    upos.set(this.upos);
    this.upos = upos;
    const deprel = new Uint8Array(n);
    deprel.set(this.deprel);
    this.deprel = deprel;
    const head = new Int32Array(n).fill(-1);
    head.set(this.head);
    this.head = head;
  }
}

import { fnv1a, fnv1aRange } from "./hash.js";

export const LexFlag = {
  Capitalised: 1,
  AllCaps: 2,
  HasDigit: 4,
  AllDigits: 8,
  HasHyphen: 16,
  Punct: 32,
  HasApostrophe: 64,
  HasPeriod: 128,
} as const;

const MAX_AFFIX = 6;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Hashes of a sentence's token strings, computed once and shared by every feature template. The
 * models share one instance (`sharedLexical`), and `fill` returns at once when given the words it
 * last saw, so tagging, parsing and NER of one sentence hash its tokens once.
 */
export class LexicalHashes {
  n = 0;
  /** The sentence last filled (copied: callers may reuse their array). */
  private words: string[] = [];
  lowerForms: string[] = [];
  word = new Int32Array(0);
  lower = new Int32Array(0);
  shape = new Int32Array(0);
  shortShape = new Int32Array(0);
  /** prefix[i * MAX_AFFIX + (k - 1)]: hash of the lowercase k-character prefix (0 if shorter). */
  prefix = new Int32Array(0);
  suffix = new Int32Array(0);
  flags = new Int32Array(0);
  length = new Int32Array(0);

  private same(words: readonly string[]): boolean {
    const n = words.length;
    if (n !== this.n || this.words.length !== n) return false;
    for (let i = 0; i < n; i++) if (this.words[i] !== words[i]) return false;
    return true;
  }

  fill(words: readonly string[]): void {
    if (this.same(words)) return;
    const n = words.length;
    if (this.word.length < n) {
      const cap = Math.max(n, this.word.length * 2, 64);
      this.word = new Int32Array(cap);
      this.lower = new Int32Array(cap);
      this.shape = new Int32Array(cap);
      this.shortShape = new Int32Array(cap);
      this.prefix = new Int32Array(cap * MAX_AFFIX);
      this.suffix = new Int32Array(cap * MAX_AFFIX);
      this.flags = new Int32Array(cap);
      this.length = new Int32Array(cap);
    }
    this.n = n;
    this.words.length = n;
    this.lowerForms.length = n;
    for (let i = 0; i < n; i++) {
      const w = words[i]!;
      this.words[i] = w;
      let ascii = true;
      for (let c = 0; c < w.length; c++) {
        if (w.charCodeAt(c) >= 128) {
          ascii = false;
          break;
        }
      }
      if (ascii) this.fillAscii(i, w);
      else this.fillOther(i, w);
    }
  }

  /** Lowercase hash, affixes and length shared by both paths. */
  private affixes(i: number, w: string, lw: string): void {
    this.lowerForms[i] = lw;
    this.word[i] = fnv1a(w);
    const len = lw.length;
    this.length[i] = len;
    let h = FNV_OFFSET;
    for (let c = 0; c < len; c++) {
      h = Math.imul(h ^ lw.charCodeAt(c), FNV_PRIME);
      if (c < MAX_AFFIX) this.prefix[i * MAX_AFFIX + c] = h;
    }
    this.lower[i] = h | 0;
    for (let k = len + 1; k <= MAX_AFFIX; k++) this.prefix[i * MAX_AFFIX + k - 1] = 0;
    for (let k = 1; k <= MAX_AFFIX; k++) {
      this.suffix[i * MAX_AFFIX + k - 1] = k <= len ? fnv1aRange(lw, len - k, len) : 0;
    }
  }

  /** ASCII tokens (most of them): case classes read off the code points, no case-mapped copies. */
  private fillAscii(i: number, w: string): void {
    let lowerNeeded = false;
    for (let c = 0; c < w.length; c++) {
      const ch = w.charCodeAt(c);
      if (ch >= 65 && ch <= 90) {
        lowerNeeded = true;
        break;
      }
    }
    this.affixes(i, w, lowerNeeded ? w.toLowerCase() : w);
    let shape = FNV_OFFSET;
    let short = FNV_OFFSET;
    let prev = -1;
    let run = 0;
    let upper = 0;
    let lowerCount = 0;
    let digits = 0;
    let other = 0;
    let fl = 0;
    for (let c = 0; c < w.length; c++) {
      const ch = w.charCodeAt(c);
      let cls: number;
      if (ch >= 48 && ch <= 57) {
        cls = 100;
        digits++;
      } else if (ch >= 65 && ch <= 90) {
        cls = 88;
        upper++;
      } else if (ch >= 97 && ch <= 122) {
        cls = 120;
        lowerCount++;
      } else {
        cls = ch;
        other++;
        if (ch === 45) fl |= LexFlag.HasHyphen;
        else if (ch === 39) fl |= LexFlag.HasApostrophe;
        else if (ch === 46) fl |= LexFlag.HasPeriod;
      }
      run = cls === prev ? run + 1 : 1;
      if (run <= 4) shape = Math.imul(shape ^ cls, FNV_PRIME);
      if (run === 1) short = Math.imul(short ^ cls, FNV_PRIME);
      prev = cls;
    }
    const first = w.length > 0 ? w.charCodeAt(0) : 0;
    if (first >= 65 && first <= 90) fl |= LexFlag.Capitalised;
    this.finish(i, w.length, shape, short, upper, lowerCount, digits, other, fl);
  }

  private fillOther(i: number, w: string): void {
    const lw = w.toLowerCase();
    const uw = w.toUpperCase();
    const sameLength = uw.length === w.length && lw.length === w.length;
    this.affixes(i, w, lw);
    let shape = FNV_OFFSET;
    let short = FNV_OFFSET;
    let prev = -1;
    let run = 0;
    let upper = 0;
    let lowerCount = 0;
    let digits = 0;
    let other = 0;
    let fl = 0;
    for (let c = 0; c < w.length; c++) {
      const ch = w.charCodeAt(c);
      const lc = sameLength ? lw.charCodeAt(c) : ch;
      const uc = sameLength ? uw.charCodeAt(c) : ch;
      let cls: number;
      if (ch >= 48 && ch <= 57) {
        cls = 100;
        digits++;
      } else if (ch !== lc) {
        cls = 88;
        upper++;
      } else if (ch !== uc) {
        cls = 120;
        lowerCount++;
      } else {
        cls = ch;
        other++;
        if (ch === 45) fl |= LexFlag.HasHyphen;
        else if (ch === 39 || ch === 0x2019) fl |= LexFlag.HasApostrophe;
        else if (ch === 46) fl |= LexFlag.HasPeriod;
      }
      run = cls === prev ? run + 1 : 1;
      if (run <= 4) shape = Math.imul(shape ^ cls, FNV_PRIME);
      if (run === 1) short = Math.imul(short ^ cls, FNV_PRIME);
      prev = cls;
    }
    if (w.length > 0 && w.charCodeAt(0) !== lw.charCodeAt(0)) fl |= LexFlag.Capitalised;
    this.finish(i, w.length, shape, short, upper, lowerCount, digits, other, fl);
  }

  private finish(
    i: number,
    len: number,
    shape: number,
    short: number,
    upper: number,
    lowerCount: number,
    digits: number,
    other: number,
    flags: number,
  ): void {
    let fl = flags;
    if (upper >= 2 && lowerCount === 0) fl |= LexFlag.AllCaps;
    if (digits > 0) fl |= LexFlag.HasDigit;
    if (digits > 0 && digits === len) fl |= LexFlag.AllDigits;
    if (len > 0 && other === len) fl |= LexFlag.Punct;
    this.shape[i] = shape | 0;
    this.shortShape[i] = short | 0;
    this.flags[i] = fl;
  }

  pre(i: number, k: number): number {
    return this.prefix[i * MAX_AFFIX + k - 1]!;
  }

  suf(i: number, k: number): number {
    return this.suffix[i * MAX_AFFIX + k - 1]!;
  }
}

/** The instance the models share at run time (JavaScript runs one call at a time per thread). */
export const sharedLexical = new LexicalHashes();

/** Hash stand-ins for positions outside the sentence. */
export const BOS = 0x2f1a3b4c;
export const EOS = 0x5e6d7c8b;

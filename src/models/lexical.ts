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

/** Hashes of a sentence's token strings, computed once and shared by every feature template. */
export class LexicalHashes {
  n = 0;
  word = new Int32Array(0);
  lower = new Int32Array(0);
  shape = new Int32Array(0);
  shortShape = new Int32Array(0);
  /** prefix[i * MAX_AFFIX + (k - 1)]: hash of the lowercase k-character prefix (0 if shorter). */
  prefix = new Int32Array(0);
  suffix = new Int32Array(0);
  flags = new Int32Array(0);
  length = new Int32Array(0);

  fill(words: readonly string[]): void {
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
    for (let i = 0; i < n; i++) {
      const w = words[i]!;
      const lw = w.toLowerCase();
      const uw = w.toUpperCase();
      const sameLength = uw.length === w.length && lw.length === w.length;
      this.word[i] = fnv1a(w);
      this.lower[i] = fnv1a(lw);
      const len = lw.length;
      this.length[i] = len;
      for (let k = 1; k <= MAX_AFFIX; k++) {
        this.prefix[i * MAX_AFFIX + k - 1] = k <= len ? fnv1aRange(lw, 0, k) : 0;
        this.suffix[i * MAX_AFFIX + k - 1] = k <= len ? fnv1aRange(lw, len - k, len) : 0;
      }
      let shape = 0x811c9dc5;
      let short = 0x811c9dc5;
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
        if (run <= 4) shape = Math.imul(shape ^ cls, 0x01000193);
        if (run === 1) short = Math.imul(short ^ cls, 0x01000193);
        prev = cls;
      }
      if (w.length > 0 && w.charCodeAt(0) !== lw.charCodeAt(0)) fl |= LexFlag.Capitalised;
      if (upper >= 2 && lowerCount === 0) fl |= LexFlag.AllCaps;
      if (digits > 0) fl |= LexFlag.HasDigit;
      if (digits > 0 && digits === w.length) fl |= LexFlag.AllDigits;
      if (w.length > 0 && other === w.length) fl |= LexFlag.Punct;
      this.shape[i] = shape | 0;
      this.shortShape[i] = short | 0;
      this.flags[i] = fl;
    }
  }

  pre(i: number, k: number): number {
    return this.prefix[i * MAX_AFFIX + k - 1]!;
  }

  suf(i: number, k: number): number {
    return this.suffix[i * MAX_AFFIX + k - 1]!;
  }
}

/** Hash stand-ins for positions outside the sentence. */
export const BOS = 0x2f1a3b4c;
export const EOS = 0x5e6d7c8b;

/**
 * Feature hashing. Features are never materialised as strings at run time: a token's text is
 * hashed once (FNV-1a over UTF-16 code units) and templates combine such hashes and small integers
 * with `mix`, so extracting a feature costs a few multiplications and no allocation.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv1a(s: string, seed = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h | 0;
}

/** Hash of `s.slice(from, to)` without building the substring. */
export function fnv1aRange(s: string, from: number, to: number, seed = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h | 0;
}

/** Order-sensitive combination of two 32-bit values (murmur3 finaliser over a weighted sum). */
export function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x5bd1e995, 0xcc9e2d51) + b) | 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export function mix3(a: number, b: number, c: number): number {
  return mix(mix(a, b), c);
}

export function mix4(a: number, b: number, c: number, d: number): number {
  return mix(mix(mix(a, b), c), d);
}

/** Small deterministic PRNG (mulberry32) for shuffling and exploration during training. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(items: T[], rand: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
}

/**
 * Feature templates as data. Template t is a template id followed by up to three atom indexes;
 * its feature id is `mix(...mix(mix(id, atoms[a]), atoms[b])...)`, or the bare id when it has no
 * atom, i.e. exactly `mix`/`mix3`/`mix4` of the same values. Running one loop over a table keeps
 * the hashing inlined in a single small function: a long list of `mix` calls exceeds V8's inlining
 * budget, and every int32 hash returned from a real call outside the 31-bit small-integer range is
 * boxed on the heap.
 */
export class Templates {
  readonly length: number;
  private readonly code: Int32Array;

  constructor(list: readonly (readonly number[])[]) {
    this.length = list.length;
    this.code = new Int32Array(list.length * 4).fill(-1);
    list.forEach((t, i) => {
      if (t.length < 1 || t.length > 4) throw new Error(`template ${i}: 1 id and 0–3 atoms expected`);
      t.forEach((x, k) => (this.code[i * 4 + k] = x));
    });
  }

  /** Reads atoms at `atoms[base + a]`, writes the ids into `out[at..at + length)`, returns `at + length`. */
  apply(atoms: Int32Array, base: number, out: Int32Array, at: number): number {
    const code = this.code;
    const n = this.length;
    for (let t = 0; t < n; t++) {
      const o = t * 4;
      let h = code[o]!;
      for (let k = 1; k < 4; k++) {
        const a = code[o + k]!;
        if (a < 0) break;
        const b = atoms[base + a]!;
        let x = (Math.imul(h ^ 0x5bd1e995, 0xcc9e2d51) + b) | 0;
        x = Math.imul(x ^ (x >>> 15), 0x85ebca6b);
        x ^= x >>> 13;
        x = Math.imul(x, 0xc2b2ae35);
        h = (x ^ (x >>> 16)) | 0;
      }
      out[at + t] = h;
    }
    return at + n;
  }
}

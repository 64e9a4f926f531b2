import { readFileSync, writeFileSync } from "node:fs";
import { VigieError } from "../errors.js";

/** Growable list of hashed feature ids, reused across tokens to avoid per-token allocation. */
export class FeatureBuffer {
  ids = new Int32Array(256);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  add(id: number): void {
    if (this.length === this.ids.length) {
      const next = new Int32Array(this.ids.length * 2);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[this.length++] = id;
  }

  /** Ensures room for `n` ids and returns the array, for templates that write ids directly. */
  reserve(n: number): Int32Array {
    if (this.ids.length < n) this.ids = new Int32Array(Math.max(n, this.ids.length * 2));
    return this.ids;
  }

  copy(): Int32Array {
    return this.ids.slice(0, this.length);
  }
}

export interface Scorer {
  readonly nClasses: number;
  /** Adds the weights of `feats[0..n)` to `out[0..nClasses)` (which the caller zeroes). */
  score(feats: Int32Array, n: number, out: Float64Array): void;
}

/**
 * Averaged multiclass perceptron over a hashed table of `2^bits` rows × nClasses columns (row-major,
 * so one feature's weights for all classes share a cache line). Averaging uses the accumulator
 * trick: besides w, u accumulates step × delta, and the average after T steps is w − u/T, which
 * equals lazily time-stamped averaging without per-weight timestamps.
 */
export class Perceptron implements Scorer {
  readonly nClasses: number;
  readonly bits: number;
  readonly mask: number;
  readonly w: Float32Array;
  private readonly u: Float64Array;
  /** Number of instances seen so far plus one; incremented by `tick`. */
  step = 1;

  constructor(bits: number, nClasses: number) {
    this.bits = bits;
    this.nClasses = nClasses;
    this.mask = (1 << bits) - 1;
    this.w = new Float32Array((1 << bits) * nClasses);
    this.u = new Float64Array((1 << bits) * nClasses);
  }

  score(feats: Int32Array, n: number, out: Float64Array): void {
    const w = this.w;
    const k = this.nClasses;
    const mask = this.mask;
    for (let i = 0; i < n; i++) {
      const base = (feats[i]! & mask) * k;
      for (let c = 0; c < k; c++) out[c]! += w[base + c]!;
    }
  }

  update(feats: Int32Array, n: number, cls: number, delta: number): void {
    const k = this.nClasses;
    const mask = this.mask;
    const su = this.step * delta;
    for (let i = 0; i < n; i++) {
      const j = (feats[i]! & mask) * k + cls;
      this.w[j]! += delta;
      this.u[j]! += su;
    }
  }

  tick(): void {
    this.step++;
  }

  /** Averaged weights, quantised: the table the model keeps after training. */
  finish(quant: Quantisation): WeightTable {
    const avg = new Float32Array(this.w.length);
    const t = this.step;
    for (let j = 0; j < avg.length; j++) avg[j] = this.w[j]! - this.u[j]! / t;
    return WeightTable.quantise(avg, this.bits, this.nClasses, quant);
  }
}

export type Quantisation = "int8" | "int16";

/** Tables with at most this many classes stay dense: a row fits in one read and most rows are used. */
const MAX_DENSE_CLASSES = 4;

/**
 * Run-time weights: integers times one per-table scale. Scores are compared, never exponentiated,
 * so the scale only matters for mixing tables and is kept for completeness.
 *
 * Hashed rows are few (5–70% used) and each used row has only ~3–5 non-zero classes, so wide tables
 * are stored row-compressed: `start[r]..start[r + 1]` indexes `packed`, whose entries hold
 * `(value << 16) | class`. Scoring then touches a few entries per feature instead of every class,
 * and the tables take a quarter to a tenth of the dense memory. Sums are exact integers either
 * way, so the layout never changes a prediction.
 */
export class WeightTable implements Scorer {
  readonly bits: number;
  readonly nClasses: number;
  readonly mask: number;
  readonly scale: number;
  readonly quant: Quantisation;
  /** Dense layout `[row * nClasses + class]`, or null when row-compressed. */
  readonly dense: Int16Array | null;
  readonly start: Int32Array;
  readonly packed: Int32Array;
  private bounds = new Int32Array(128);

  constructor(
    bits: number,
    nClasses: number,
    layout: { dense: Int16Array } | { start: Int32Array; packed: Int32Array },
    scale: number,
    quant: Quantisation,
  ) {
    this.bits = bits;
    this.nClasses = nClasses;
    this.mask = (1 << bits) - 1;
    this.scale = scale;
    this.quant = quant;
    if ("dense" in layout) {
      this.dense = layout.dense;
      this.start = new Int32Array(0);
      this.packed = new Int32Array(0);
    } else {
      this.dense = null;
      this.start = layout.start;
      this.packed = layout.packed;
    }
  }

  /** Builds the run-time layout from non-zero weights given in increasing flat index order. */
  static fromEntries(
    bits: number,
    nClasses: number,
    nnz: number,
    index: (v: number) => number,
    value: (v: number) => number,
    scale: number,
    quant: Quantisation,
  ): WeightTable {
    const rows = 1 << bits;
    if (nClasses <= MAX_DENSE_CLASSES) {
      const dense = new Int16Array(rows * nClasses);
      for (let v = 0; v < nnz; v++) dense[index(v)] = value(v);
      return new WeightTable(bits, nClasses, { dense }, scale, quant);
    }
    if (nClasses > 0xffff) throw new Error(`too many classes for a compressed table: ${nClasses}`);
    const start = new Int32Array(rows + 1);
    const packed = new Int32Array(nnz);
    for (let v = 0; v < nnz; v++) {
      const j = index(v);
      const r = Math.floor(j / nClasses);
      start[r + 1]!++;
      packed[v] = (value(v) << 16) | (j - r * nClasses);
    }
    for (let r = 0; r < rows; r++) start[r + 1]! += start[r]!;
    return new WeightTable(bits, nClasses, { start, packed }, scale, quant);
  }

  static quantise(w: Float32Array, bits: number, nClasses: number, quant: Quantisation): WeightTable {
    let max = 0;
    for (let j = 0; j < w.length; j++) {
      const a = Math.abs(w[j]!);
      if (a > max) max = a;
    }
    const levels = quant === "int8" ? 127 : 32767;
    const scale = max > 0 ? max / levels : 1;
    const q = new Int16Array(w.length);
    let nnz = 0;
    for (let j = 0; j < w.length; j++) {
      q[j] = Math.round(w[j]! / scale);
      if (q[j] !== 0) nnz++;
    }
    const idx = new Int32Array(nnz);
    let v = 0;
    for (let j = 0; j < q.length; j++) if (q[j] !== 0) idx[v++] = j;
    return WeightTable.fromEntries(bits, nClasses, nnz, (k) => idx[k]!, (k) => q[idx[k]!]!, scale, quant);
  }

  score(feats: Int32Array, n: number, out: Float64Array): void {
    const mask = this.mask;
    const dense = this.dense;
    if (dense !== null) {
      const k = this.nClasses;
      if (k === 3) {
        // The parser's transition table: sums in registers leave the row reads independent.
        let a = 0;
        let b = 0;
        let c = 0;
        for (let i = 0; i < n; i++) {
          const base = (feats[i]! & mask) * 3;
          a += dense[base]!;
          b += dense[base + 1]!;
          c += dense[base + 2]!;
        }
        out[0]! += a;
        out[1]! += b;
        out[2]! += c;
        return;
      }
      for (let i = 0; i < n; i++) {
        const base = (feats[i]! & mask) * k;
        for (let c = 0; c < k; c++) out[c]! += dense[base + c]!;
      }
      return;
    }
    // Row bounds are gathered first in a branch-free loop so their cache misses overlap.
    const start = this.start;
    const packed = this.packed;
    if (this.bounds.length < 2 * n) this.bounds = new Int32Array(2 * n);
    const bounds = this.bounds;
    for (let i = 0; i < n; i++) {
      const r = feats[i]! & mask;
      bounds[2 * i] = start[r]!;
      bounds[2 * i + 1] = start[r + 1]!;
    }
    for (let i = 0; i < n; i++) {
      const end = bounds[2 * i + 1]!;
      for (let j = bounds[2 * i]!; j < end; j++) {
        const e = packed[j]!;
        out[e & 0xffff]! += e >> 16;
      }
    }
  }

  /** Calls `f(flatIndex, value)` for every non-zero weight, in increasing flat index order. */
  forEachNonZero(f: (index: number, value: number) => void): void {
    const dense = this.dense;
    if (dense !== null) {
      for (let j = 0; j < dense.length; j++) if (dense[j] !== 0) f(j, dense[j]!);
      return;
    }
    const k = this.nClasses;
    const rows = 1 << this.bits;
    for (let r = 0; r < rows; r++) {
      for (let j = this.start[r]!; j < this.start[r + 1]!; j++) {
        const e = this.packed[j]!;
        f(r * k + (e & 0xffff), e >> 16);
      }
    }
  }

  /** The full `rows × classes` matrix (for tests and inspection; large). */
  toDense(): Int16Array {
    const q = new Int16Array((1 << this.bits) * this.nClasses);
    this.forEachNonZero((j, v) => (q[j] = v));
    return q;
  }

  nonZero(): number {
    if (this.dense === null) return this.packed.length;
    let n = 0;
    for (let j = 0; j < this.dense.length; j++) if (this.dense[j] !== 0) n++;
    return n;
  }

  /** Bytes of typed-array memory held at run time. */
  byteSize(): number {
    return (this.dense?.byteLength ?? 0) + this.start.byteLength + this.packed.byteLength;
  }
}

export function argmax(scores: Float64Array, n: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < n; c++) {
    const s = scores[c]!;
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

/*
 * Bundle file layout (little-endian):
 *   "VGM1" magic, u32 version, u32 header byte length, header JSON (UTF-8), zero padding to 4,
 *   then for each table in header order: the non-zero weights as LEB128 gaps between flat indexes
 *   (gapBytes bytes, padded to 2) followed by nnz values (int8, or int16 padded to an even offset).
 * Sparse storage matters because most hashed rows stay zero and most non-zero rows touch few classes.
 */
const MAGIC = 0x314d4756;
const VERSION = 1;

interface TableHeader {
  bits: number;
  nClasses: number;
  scale: number;
  quant: Quantisation;
  nnz: number;
  gapBytes: number;
}

export interface Bundle<H> {
  header: H;
  tables: WeightTable[];
}

function encodeTable(t: WeightTable): { head: TableHeader; gaps: Uint8Array; values: Uint8Array } {
  const nnz = t.nonZero();
  const gaps = new Uint8Array(nnz * 5);
  const values = t.quant === "int8" ? new Int8Array(nnz) : new Int16Array(nnz);
  let g = 0;
  let v = 0;
  let prev = -1;
  t.forEachNonZero((j, x) => {
    let gap = j - prev - 1;
    prev = j;
    while (gap >= 0x80) {
      gaps[g++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    gaps[g++] = gap;
    values[v++] = x;
  });
  return {
    head: { bits: t.bits, nClasses: t.nClasses, scale: t.scale, quant: t.quant, nnz, gapBytes: g },
    gaps: gaps.subarray(0, g),
    values: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

const pad = (n: number, to: number) => (to - (n % to)) % to;

export function encodeBundle(header: object, tables: readonly WeightTable[]): Uint8Array {
  const encoded = tables.map(encodeTable);
  const json = new TextEncoder().encode(JSON.stringify({ ...header, tables: encoded.map((e) => e.head) }));
  let size = 12 + json.length + pad(12 + json.length, 4);
  for (const e of encoded) {
    size += e.gaps.length + pad(e.gaps.length, 2);
    size += e.values.length + pad(e.values.length, 2);
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let off = 12 + json.length + pad(12 + json.length, 4);
  for (const e of encoded) {
    out.set(e.gaps, off);
    off += e.gaps.length + pad(e.gaps.length, 2);
    out.set(e.values, off);
    off += e.values.length + pad(e.values.length, 2);
  }
  return out;
}

export function decodeBundle<H>(buf: Uint8Array, what = "model"): Bundle<H> {
  const fail = (why: string) => new VigieError("MODEL_FORMAT", `${what}: ${why}`, { input: what });
  if (buf.byteLength < 12) throw fail("file too short");
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw fail("not a Vigie model (bad magic)");
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw fail(`unsupported model version ${version}`);
  const jsonLen = view.getUint32(8, true);
  let parsed: { tables?: TableHeader[] } & Record<string, unknown>;
  try {
    parsed = JSON.parse(new TextDecoder().decode(buf.subarray(12, 12 + jsonLen))) as typeof parsed;
  } catch (e) {
    throw new VigieError("MODEL_FORMAT", `${what}: corrupt header`, { cause: e, input: what });
  }
  const heads = parsed.tables ?? [];
  // Copy into a fresh aligned buffer so the int16 values can be viewed in place.
  const bytes = new Uint8Array(buf.byteLength);
  bytes.set(buf);
  let off = 12 + jsonLen + pad(12 + jsonLen, 4);
  const tables: WeightTable[] = [];
  for (const h of heads) {
    const size = (1 << h.bits) * h.nClasses;
    const gaps = bytes.subarray(off, off + h.gapBytes);
    off += h.gapBytes + pad(h.gapBytes, 2);
    const valueBytes = h.quant === "int8" ? h.nnz : h.nnz * 2;
    if (off + valueBytes > bytes.length) throw fail("truncated weights");
    const values =
      h.quant === "int8" ? new Int8Array(bytes.buffer, off, h.nnz) : new Int16Array(bytes.buffer, off, h.nnz);
    off += valueBytes + pad(valueBytes, 2);
    const index = new Int32Array(h.nnz);
    let g = 0;
    let j = -1;
    for (let v = 0; v < h.nnz; v++) {
      let gap = 0;
      let shift = 0;
      let b: number;
      do {
        b = gaps[g++]!;
        gap |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      j += gap + 1;
      index[v] = j;
    }
    if (j >= size) throw fail("weight index out of range");
    tables.push(WeightTable.fromEntries(h.bits, h.nClasses, h.nnz, (v) => index[v]!, (v) => values[v]!, h.scale, h.quant));
  }
  return { header: parsed as unknown as H, tables };
}

export function saveBundle(path: string, header: object, tables: readonly WeightTable[]): number {
  const bytes = encodeBundle(header, tables);
  writeFileSync(path, bytes);
  return bytes.length;
}

export function loadBundle<H>(path: string): Bundle<H> {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new VigieError("MODEL_MISSING", `model file not found: ${path}`, { cause: e, input: path });
  }
  return decodeBundle<H>(buf, path);
}

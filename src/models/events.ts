import { existsSync } from "node:fs";
import { join } from "node:path";
import type { VDocument } from "../doc/document.js";
import { PLOVER_TYPES, type PloverType, type VEvent } from "../doc/types.js";
import { VigieError } from "../errors.js";
import { fnv1a, mix, mulberry32, shuffleInPlace } from "./hash.js";
import type { WeightTable } from "./perceptron.js";
import { argmax, decodeBundle, encodeBundle, FeatureBuffer, loadBundle, Perceptron } from "./perceptron.js";
import { modelsDir } from "./registry.js";
import { UPOS } from "./tagset.js";

/**
 * Event-type classifier over the lexicon's candidates: an averaged perceptron over hashed trigger and
 * context features that says, for each event the rules proposed, which PLOVER type it is, or NONE
 * (not an event of the gold conventions). The lexicon proposes; the model re-types and filters when
 * it disagrees by more than a margin (src/stages/eventclass).
 */

export const EVENT_CLASSES = ["NONE", ...PLOVER_TYPES] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];
export const NONE = 0;

const BITS = 16;
const FORMAT = "vigie-events-1";

export interface EventModelHeader {
  format: string;
  classes: string[];
  /**
   * Head start of the lexicon's own type over the other classes, in weight units, at training and at
   * run time: the model learns corrections of the lexicon, not the whole decision, so a context it has
   * never seen leaves the lexicon's choice alone.
   */
  prior: number;
  /** How far NONE must beat the lexicon's type (with its prior) for a proposal to be dropped. */
  dropMargin: number;
  /**
   * How far another type must beat the lexicon's for a proposal to be re-typed; null: never. Off by
   * default, since re-typing lowered the cross-validated figures (src/models/SPLITS.md).
   */
  retypeMargin: number | null;
  epochs: number;
  seed: number;
  examples: number;
  sources: string[];
}

/** Hash of a string feature under its template name. */
const f = (name: string, value: string): number => fnv1a(value, fnv1a(name));

/** Prefix that stands in for a lemma when the tagger has not run ("attaquent" → "attaq"). */
const stem = (w: string) => (w.length > 5 ? w.slice(0, 5) : w);

/**
 * Writes the hashed features of one candidate event into `out`. Every feature is conjoined with the
 * lexicon's type (and once more with the language): with a few hundred examples, features shared
 * by all candidates (sentence context, argument types, modality) learned spurious type preferences
 * that re-typed unseen candidates wrongly in cross-validation, whereas trigger features tied to the
 * lexicon's proposal only correct the proposals the training data has seen (SPLITS.md, figures).
 */
export function eventFeatures(doc: VDocument, ev: VEvent, out: FeatureBuffer): void {
  out.clear();
  const lex = fnv1a(ev.type);
  const lang = fnv1a(doc.lang ?? "en");
  const add = (name: string, value: string) => {
    const h = mix(f(name, value), lex);
    out.add(h);
    out.add(mix(h, lang));
  };
  const t0 = ev.trigger.start;
  const t1 = Math.min(Math.max(ev.trigger.end, t0 + 1), doc.tokenCount);
  const words: string[] = [];
  for (let i = t0; i < t1; i++) words.push(doc.tokenLower(i));
  const head = words[0] ?? "";
  add("trig", words.join(" "));
  for (const w of words) {
    add("tw", w);
    add("tstem", stem(w));
  }
  add("tsuf3", head.slice(-3));
  const lemma = doc.tokens.lemma[t0];
  if (lemma) add("tlemma", lemma.toLowerCase());
  const upos = doc.tokens.upos[t0] ?? 0;
  if (upos) add("tpos", UPOS[upos] ?? "");
  const sent = doc.sentences[doc.sentenceOf(t0)] ?? { start: 0, end: doc.tokenCount };
  const before = t0 - 1 >= sent.start ? doc.tokenLower(t0 - 1) : "<s>";
  const after = t1 < sent.end ? doc.tokenLower(t1) : "</s>";
  add("wL1", before);
  add("wR1", after);
  add("bi-left", `${before}|${head}`);
  add("bi-right", `${words[words.length - 1] ?? ""}|${after}`);
}

export interface EventPrediction {
  /** Index into EVENT_CLASSES. */
  best: number;
  /** Best score minus the score of the lexicon's own type, in weight units. */
  margin: number;
  scores: Float64Array;
}

export class EventModel {
  constructor(
    readonly table: WeightTable,
    readonly header: EventModelHeader,
  ) {
    if (header.format !== FORMAT) {
      throw new VigieError("MODEL_FORMAT", `event model: unknown format "${header.format}"`);
    }
  }

  private readonly buf = new FeatureBuffer();

  predict(doc: VDocument, ev: VEvent): EventPrediction {
    eventFeatures(doc, ev, this.buf);
    const k = this.table.nClasses;
    const scores = new Float64Array(k);
    this.table.score(this.buf.ids, this.buf.length, scores);
    const lex = classIndex(ev.type);
    for (let c = 0; c < k; c++) scores[c] = scores[c]! * this.table.scale;
    scores[lex] = scores[lex]! + this.header.prior;
    const best = argmax(scores, k);
    return { best, margin: scores[best]! - scores[lex]!, scores };
  }

  encode(): Uint8Array {
    return encodeBundle(this.header, [this.table]);
  }

  static decode(bytes: Uint8Array, what = "event model"): EventModel {
    const { header, tables } = decodeBundle<EventModelHeader>(bytes, what);
    const table = tables[0];
    if (!table || table.nClasses !== EVENT_CLASSES.length) {
      throw new VigieError("MODEL_FORMAT", `${what}: expected one table of ${EVENT_CLASSES.length} classes`, {
        input: what,
      });
    }
    return new EventModel(table, header);
  }

  static load(path: string): EventModel {
    const { header, tables } = loadBundle<EventModelHeader>(path);
    const table = tables[0];
    if (!table || table.nClasses !== EVENT_CLASSES.length) {
      throw new VigieError("MODEL_FORMAT", `${path}: expected one table of ${EVENT_CLASSES.length} classes`, {
        input: path,
      });
    }
    return new EventModel(table, header);
  }
}

export function classIndex(type: string): number {
  const i = (EVENT_CLASSES as readonly string[]).indexOf(type);
  return i < 0 ? NONE : i;
}

export interface TrainingExample {
  feats: Int32Array;
  label: number;
  /** Class index of the lexicon's type. */
  lex: number;
}

export interface TrainEventOptions {
  epochs?: number;
  seed?: number;
  prior?: number;
  dropMargin?: number;
  retypeMargin?: number | null;
  sources?: string[];
}

export const DEFAULT_EPOCHS = 10;
export const DEFAULT_SEED = 1;
export const DEFAULT_PRIOR = 3;

/** Averaged perceptron over the examples; the same examples, epochs and seed give the same bytes. */
export function trainEventModel(examples: readonly TrainingExample[], opts: TrainEventOptions = {}): EventModel {
  const epochs = opts.epochs ?? DEFAULT_EPOCHS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const prior = opts.prior ?? DEFAULT_PRIOR;
  const p = new Perceptron(BITS, EVENT_CLASSES.length);
  const order = examples.map((_, i) => i);
  const rand = mulberry32(seed);
  const scores = new Float64Array(EVENT_CLASSES.length);
  for (let e = 0; e < epochs; e++) {
    shuffleInPlace(order, rand);
    for (const i of order) {
      const ex = examples[i]!;
      scores.fill(0);
      p.score(ex.feats, ex.feats.length, scores);
      scores[ex.lex] = scores[ex.lex]! + prior;
      const guess = argmax(scores, EVENT_CLASSES.length);
      if (guess !== ex.label) {
        p.update(ex.feats, ex.feats.length, ex.label, 1);
        p.update(ex.feats, ex.feats.length, guess, -1);
      }
      p.tick();
    }
  }
  const header: EventModelHeader = {
    format: FORMAT,
    classes: [...EVENT_CLASSES],
    prior,
    dropMargin: opts.dropMargin ?? 0,
    retypeMargin: opts.retypeMargin ?? null,
    epochs,
    seed,
    examples: examples.length,
    sources: opts.sources ?? [],
  };
  return new EventModel(p.finish("int16"), header);
}

// ---------------------------------------------------------------------------------------------
// The model the pipeline uses: models/events.bin, loaded on first use; absent → the stage is a no-op.

let override: EventModel | null | undefined;
let loaded: EventModel | null | undefined;

export function eventModelPath(): string {
  return join(modelsDir(), "events.bin");
}

/** The shipped model, or the one set with `setEventModel`; null when there is none. */
export function getEventModel(): EventModel | null {
  if (override !== undefined) return override;
  if (loaded === undefined) {
    const path = eventModelPath();
    loaded = existsSync(path) ? EventModel.load(path) : null;
  }
  return loaded;
}

/** Replaces the model the pipeline uses (null: none; undefined: back to the shipped file). */
export function setEventModel(model: EventModel | null | undefined): void {
  override = model;
}

export function isPloverType(s: unknown): s is PloverType {
  return typeof s === "string" && (PLOVER_TYPES as readonly string[]).includes(s);
}

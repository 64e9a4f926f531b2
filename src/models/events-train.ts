import { readFileSync } from "node:fs";
import { analyze, buildPipeline, DEFAULT_STAGES, MODEL_STAGES, type AnalyzeInput } from "../analyze.js";
import type { VDocument } from "../doc/document.js";
import { PLOVER_TYPES, type CharRange, type PloverType, type VEvent } from "../doc/types.js";
import { VigieError } from "../errors.js";
import { convertPloverGsr } from "../eval/convert-plover.js";
import { convertPopcorn } from "../eval/convert-popcorn.js";
import { normMention } from "../eval/score.js";
import type { Pipeline } from "../pipeline/stage.js";
import {
  classIndex,
  eventFeatures,
  EVENT_CLASSES,
  isPloverType,
  NONE,
  trainEventModel,
  type EventModel,
  type TrainEventOptions,
  type TrainingExample,
} from "./events.js";
import { FeatureBuffer } from "./perceptron.js";

/** The parts of a gold-format article (shared/spec/gold-format.md) that training reads. */
export interface GoldEventsArticle {
  id: string;
  lang?: string;
  published?: string;
  text: string;
  entities: { id: string; name?: string; type?: string; mentions?: string[] }[];
  events: {
    type: PloverType;
    source: string[];
    target: string[];
    evidence: string;
    /** Further character spans of the same event (coreferent trigger mentions), when the corpus has them. */
    spans?: CharRange[];
  }[];
  /** Spans of events the annotation has but the gold types cannot express: proposals there are left out. */
  unlabelledSpans?: CharRange[];
  /**
   * Event types the annotation covers, for corpora annotated in part (one event per PLOVER record,
   * a few types in POPCORN): a candidate the gold does not confirm is a NONE example only when the
   * lexicon gave it one of these types, since an event of another type may be real and unannotated.
   * Absent: every event is annotated, as in the gold format (field `annotated_types`).
   */
  annotatedTypes?: string[];
  /** "file:line", for messages. */
  where: string;
  /** The line as read (converted for PLOVER and POPCORN), for scoring. */
  raw: Record<string, unknown>;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];

/**
 * Reads and checks a gold JSONL file; a bad line is a GOLD_FORMAT error naming file:line. A `.json`
 * file holding a JSON array is read as PLOVER Gold Standard Records and one holding an object keyed
 * by text id as POPCORN; both are converted to the gold format first (src/eval/convert-*.ts).
 */
export function readGoldEvents(path: string): GoldEventsArticle[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new VigieError("INPUT_NOT_FOUND", `${path}: cannot read: ${(e as Error).message}`, {
      cause: e,
      input: path,
    });
  }
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  if (path.endsWith(".json")) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new VigieError("GOLD_FORMAT", `${path}: not JSON: ${(e as Error).message}`, { cause: e, input: path });
    }
    const converted = Array.isArray(data) ? convertPloverGsr(data) : convertPopcorn(data);
    if (!converted.length) {
      throw new VigieError(
        "GOLD_FORMAT",
        `${path}: neither PLOVER Gold Standard Records nor POPCORN with usable events (use JSONL for the gold format)`,
        { input: path },
      );
    }
    return converted.map((row) => goldRow(row as unknown as Record<string, unknown>, `${path}#${row.id}`, path));
  }
  return parseGoldEvents(text, path);
}

export function parseGoldEvents(text: string, name: string): GoldEventsArticle[] {
  const out: GoldEventsArticle[] = [];
  text.split("\n").forEach((line, k) => {
    if (!line.trim()) return;
    const where = `${name}:${k + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (e) {
      throw new VigieError("GOLD_FORMAT", `${where}: not JSON: ${(e as Error).message}`, { cause: e, input: name });
    }
    out.push(goldRow(row, where, name));
  });
  return out;
}

function goldRow(raw: unknown, where: string, name: string): GoldEventsArticle {
  const fail = (why: string) => new VigieError("GOLD_FORMAT", `${where}: ${why}`, { input: name });
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw fail("each line must be a JSON object");
  const row = raw as Record<string, unknown>;
  if (typeof row.id !== "string") throw fail('needs a string "id"');
  if (typeof row.text !== "string") throw fail(`article "${row.id}" needs a string "text"`);
  const text = row.text;
  const ranges = (v: unknown, what: string): CharRange[] => {
    const ok =
      Array.isArray(v) &&
      v.every(
        (r) =>
          Array.isArray(r) &&
          r.length === 2 &&
          Number.isInteger(r[0]) &&
          Number.isInteger(r[1]) &&
          0 <= r[0] &&
          r[0] < r[1] &&
          r[1] <= text.length,
      );
    if (!ok) throw fail(`${what} must be a list of [start, end] character offsets into the text`);
    return v as CharRange[];
  };
  if (row.events !== undefined && !Array.isArray(row.events)) throw fail('"events" must be a list');
  if (row.entities !== undefined && !Array.isArray(row.entities)) throw fail('"entities" must be a list');
  const events = ((row.events as unknown[] | undefined) ?? []).map((item, i) => {
    const ev = (item ?? {}) as Record<string, unknown>;
    if (!isPloverType(ev.type)) {
      throw fail(`event ${i + 1}: unknown event type ${JSON.stringify(ev.type)} (one of ${PLOVER_TYPES.join(", ")})`);
    }
    if (typeof ev.evidence !== "string" || !ev.evidence) throw fail(`event ${i + 1}: needs a string "evidence"`);
    if (!text.includes(ev.evidence)) {
      throw fail(`event ${i + 1}: evidence ${JSON.stringify(ev.evidence)} is not in the text`);
    }
    const out: GoldEventsArticle["events"][number] = {
      type: ev.type,
      source: strings(ev.source),
      target: strings(ev.target),
      evidence: ev.evidence,
    };
    if (ev.mention_spans !== undefined) out.spans = ranges(ev.mention_spans, `event ${i + 1}: "mention_spans"`);
    return out;
  });
  const entities = ((row.entities as unknown[] | undefined) ?? []).map((item) => {
    const e = (item ?? {}) as Record<string, unknown>;
    const out: GoldEventsArticle["entities"][number] = { id: String(e.id), mentions: strings(e.mentions) };
    if (typeof e.name === "string") out.name = e.name;
    if (typeof e.type === "string") out.type = e.type;
    return out;
  });
  const a: GoldEventsArticle = { id: row.id, text, entities, events, where, raw: row };
  if (row.annotated_types !== undefined) {
    if (!Array.isArray(row.annotated_types) || !row.annotated_types.every(isPloverType)) {
      throw fail('"annotated_types" must be a list of PLOVER types');
    }
    a.annotatedTypes = row.annotated_types;
  }
  if (row.unlabelled_spans !== undefined) a.unlabelledSpans = ranges(row.unlabelled_spans, '"unlabelled_spans"');
  if (typeof row.lang === "string") a.lang = row.lang;
  const published = row.published ?? row.date;
  if (typeof published === "string") a.published = published;
  return a;
}

function occurrences(text: string, needle: string): CharRange[] {
  const out: CharRange[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) out.push([at, at + needle.length]);
  return out;
}

const overlaps = (a: CharRange, b: CharRange) => a[0] < b[1] && b[0] < a[1];

/** Label of a candidate whose evidence overlaps a gold event's but whose trigger lies outside it. */
export const UNSURE = -1;

/**
 * The gold label of each candidate event of `doc`: the type of the gold event whose evidence covers
 * the candidate's trigger, preferring one whose actors agree; NONE when no gold evidence touches the
 * candidate; UNSURE when only the evidence spans overlap (the trigger may be another verb of the
 * clause, "said" beside "rejected"). Gold evidence gives no trigger offsets, hence this alignment.
 */
export function labelCandidates(doc: VDocument, gold: GoldEventsArticle): number[] {
  const goldMentions = new Map<string, Set<string>>();
  for (const e of gold.entities) {
    goldMentions.set(e.id, new Set([e.name, ...(e.mentions ?? [])].filter(Boolean).map(normMention)));
  }
  const predMentions = doc.entities.map(
    (e) => new Set([e.name, ...e.mentions.map((m) => doc.spanText(doc.mentions[m]!.span))].map(normMention)),
  );
  const sideAgrees = (goldIds: string[], pred: number[]) =>
    goldIds.length === 0
      ? pred.length === 0
      : goldIds.every((g) => {
          const gm = goldMentions.get(g);
          return gm !== undefined && pred.some((p) => [...(predMentions[p] ?? [])].some((m) => gm.has(m)));
        });
  const spans = gold.events.map((g) => [...occurrences(gold.text, g.evidence), ...(g.spans ?? [])]);
  return doc.events.map((ev: VEvent) => {
    const trigger = doc.charRange(ev.trigger);
    let best = NONE;
    let bestScore = 0;
    let near = false;
    gold.events.forEach((g, k) => {
      const at = spans[k]!;
      if (!at.some((r) => overlaps(r, trigger))) {
        if (at.some((r) => overlaps(r, ev.evidence))) near = true;
        return;
      }
      let score = 1;
      if (sideAgrees(g.source, ev.source)) score += 2;
      if (sideAgrees(g.target, ev.target)) score += 1;
      // Same type breaks ties between overlapping gold events, so duplicates are not re-typed.
      if (g.type === ev.type) score += 0.5;
      if (score > bestScore) {
        bestScore = score;
        best = classIndex(g.type);
      }
    });
    if (best !== NONE) return best;
    if (near || gold.unlabelledSpans?.some((r) => overlaps(r, trigger))) return UNSURE;
    return NONE;
  });
}

/** The rule pipeline without the event classifier: the candidates the model is trained on. */
export function candidatePipeline(models = false): Pipeline {
  return buildPipeline((models ? MODEL_STAGES : DEFAULT_STAGES).filter((s) => s.name !== "eventclass"));
}

export function analyzeGold(a: GoldEventsArticle, pipeline: Pipeline, models = false): VDocument {
  const input: AnalyzeInput = { id: a.id, text: a.text };
  if (a.lang) input.lang = a.lang;
  if (a.published) input.published = a.published;
  try {
    return analyze(input, { models }, pipeline);
  } catch (e) {
    throw new VigieError("GOLD_FORMAT", `${a.where}: article "${a.id}": ${(e as Error).message}`, {
      cause: e,
      input: a.where,
    });
  }
}

/**
 * Candidates of one article with their features and gold labels, in candidate order; null for a
 * candidate that partial annotation leaves unlabelled (see `annotatedTypes`).
 */
export function examplesOf(doc: VDocument, gold: GoldEventsArticle): (TrainingExample | null)[] {
  const labels = labelCandidates(doc, gold);
  const buf = new FeatureBuffer();
  return doc.events.map((ev, i) => {
    const label = labels[i]!;
    if (label === UNSURE) return null;
    if (label === NONE && gold.annotatedTypes && !gold.annotatedTypes.includes(ev.type)) return null;
    eventFeatures(doc, ev, buf);
    return { feats: buf.copy(), label, lex: classIndex(ev.type) };
  });
}

export interface EventTrainReport {
  articles: number;
  examples: number;
  /** Examples per class (label counts). */
  labels: Record<string, number>;
  /** How often the lexicon's own type was the gold label, on the training examples. */
  lexiconAgrees: number;
}

export function buildExamples(
  articles: readonly GoldEventsArticle[],
  models = false,
): {
  examples: TrainingExample[];
  report: EventTrainReport;
  docs: VDocument[];
  /** Each article's examples in candidate order (null: unlabelled), for cross-validation. */
  perArticle: (TrainingExample | null)[][];
} {
  const pipeline = candidatePipeline(models);
  const examples: TrainingExample[] = [];
  const labels: Record<string, number> = {};
  const docs: VDocument[] = [];
  const perArticle: (TrainingExample | null)[][] = [];
  let agrees = 0;
  for (const a of articles) {
    const doc = analyzeGold(a, pipeline, models);
    docs.push(doc);
    const ex = examplesOf(doc, a);
    perArticle.push(ex);
    ex.forEach((e, i) => {
      if (!e) return;
      const name = EVENT_CLASSES[e.label]!;
      labels[name] = (labels[name] ?? 0) + 1;
      if (doc.events[i]!.type === name) agrees++;
      examples.push(e);
    });
  }
  return {
    examples,
    docs,
    perArticle,
    report: {
      articles: articles.length,
      examples: examples.length,
      labels,
      lexiconAgrees: examples.length ? agrees / examples.length : 0,
    },
  };
}

export function trainFromGold(
  articles: readonly GoldEventsArticle[],
  opts: TrainEventOptions & { models?: boolean } = {},
): { model: EventModel; report: EventTrainReport } {
  const { examples, report } = buildExamples(articles, opts.models === true);
  if (examples.length === 0) {
    throw new VigieError(
      "GOLD_FORMAT",
      "no training examples: the rules proposed no event in the gold texts (are the texts in fr, en or es?)",
    );
  }
  return { model: trainEventModel(examples, opts), report };
}

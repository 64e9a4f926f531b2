import { VDocument, type DocumentMeta } from "./doc/document.js";
import { Pipeline, type PipelineOptions, type Stage } from "./pipeline/stage.js";
import { actorsStage } from "./stages/actors/actors.js";
import { datesStage } from "./stages/dates/index.js";
import { eventClassStage } from "./stages/eventclass/eventclass.js";
import { eventsStage } from "./stages/events/events.js";
import { langidStage } from "./stages/langid/langid.js";
import { mentionsStage } from "./stages/mentions/mentions.js";
import { nerStage } from "./stages/ner/ner.js";
import { parseStage } from "./stages/parse/parse.js";
import { placesStage } from "./stages/places/places.js";
import { relationsStage } from "./stages/relations/relations.js";
import { segmentStage } from "./stages/segment/segment.js";
import { tagStage } from "./stages/tag/tag.js";

/** The default stage order. Each stage's `requires` is checked against this order at build. */
export const DEFAULT_STAGES: readonly Stage[] = [
  langidStage,
  segmentStage,
  datesStage,
  mentionsStage,
  actorsStage,
  eventsStage,
  relationsStage,
  placesStage,
];

/**
 * The same with the statistical models: tagger, parser and NER (the NER types the names the rules
 * cannot) and the parse, which the event stage reads for subjects, objects and agents. Not the
 * default: on the development set the rules alone score about as high, several times faster.
 */
export const MODEL_STAGES: readonly Stage[] = [
  langidStage,
  segmentStage,
  tagStage,
  parseStage,
  datesStage,
  nerStage,
  mentionsStage,
  actorsStage,
  eventsStage,
  relationsStage,
  placesStage,
];

/** A stage list with the event classifier right after the event stage (`--event-model`). */
function withClassifier(stages: readonly Stage[]): readonly Stage[] {
  const i = stages.indexOf(eventsStage);
  return [...stages.slice(0, i + 1), eventClassStage, ...stages.slice(i + 1)];
}

const CLASSIFIED: ReadonlyMap<readonly Stage[], readonly Stage[]> = new Map([
  [DEFAULT_STAGES, withClassifier(DEFAULT_STAGES)],
  [MODEL_STAGES, withClassifier(MODEL_STAGES)],
]);

/** The stage list that the options ask for. */
export function stagesFor(options: PipelineOptions = {}): readonly Stage[] {
  const base = options.models ? MODEL_STAGES : DEFAULT_STAGES;
  return options.eventModel ? CLASSIFIED.get(base)! : base;
}

const pipelines = new Map<readonly Stage[], Pipeline>();

export function buildPipeline(stages: readonly Stage[] = DEFAULT_STAGES): Pipeline {
  let p = pipelines.get(stages);
  if (!p) {
    p = new Pipeline(stages);
    pipelines.set(stages, p);
  }
  return p;
}

export interface AnalyzeInput {
  id: string;
  text: string;
  /** Language code as given; checked by the langid stage. */
  lang?: string;
  /** Reduced ISO date: YYYY-MM-DD, YYYY-MM or YYYY. */
  published?: string;
  title?: string;
  url?: string;
  source?: string;
}

/** Runs the pipeline on one article. Throws VigieError for per-article problems. */
export function analyze(input: AnalyzeInput, options: PipelineOptions = {}, pipeline?: Pipeline): VDocument {
  const meta: DocumentMeta = { id: input.id };
  if (input.lang) meta.declaredLang = input.lang;
  if (input.published) meta.published = input.published;
  if (input.title) meta.title = input.title;
  if (input.url) meta.url = input.url;
  if (input.source) meta.source = input.source;
  const doc = new VDocument(input.text, meta);
  pipeline ??= buildPipeline(stagesFor(options));
  return pipeline.run(doc, { options });
}

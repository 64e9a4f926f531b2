import type { VDocument } from "../doc/document.js";
import { VigieError } from "../errors.js";
import { scoreGold, type Prf, type ScoreArticle } from "../eval/score.js";
import { toGold } from "../output/gold.js";
import { classifyEvents } from "../stages/eventclass/eventclass.js";
import { trainEventModel, type TrainEventOptions, type TrainingExample } from "./events.js";
import { buildExamples, type GoldEventsArticle } from "./events-train.js";

/** Gold-format scores and per-article type figures, without and with the classifier. */
export interface CvFigures {
  events: Prf;
  eventsIgnoringType: Prf;
  /** Share of gold events whose type is among the types predicted for their article. */
  typeRecall: number;
  /** Share of predicted events whose type is among the gold types of their article. */
  typePrecision: number;
  predicted: number;
}

export interface CvReport {
  folds: number;
  articles: number;
  lexicon: CvFigures;
  model: CvFigures;
}

function figures(arts: readonly GoldEventsArticle[], docs: readonly VDocument[]): CvFigures {
  const gold = new Map<string, ScoreArticle>();
  const pred = new Map<string, ScoreArticle>();
  let goldN = 0;
  let goldHit = 0;
  let predN = 0;
  let predHit = 0;
  arts.forEach((a, i) => {
    const doc = docs[i]!;
    gold.set(a.id, a.raw as unknown as ScoreArticle);
    pred.set(a.id, toGold(doc));
    const goldTypes = new Set(a.events.map((e) => e.type));
    const predTypes = new Set(doc.events.map((e) => e.type));
    goldN += a.events.length;
    goldHit += a.events.filter((e) => predTypes.has(e.type)).length;
    predN += doc.events.length;
    predHit += doc.events.filter((e) => goldTypes.has(e.type)).length;
  });
  const r = scoreGold(gold, pred);
  const ratio = (x: number, n: number) => +(n ? x / n : 0).toFixed(3);
  return {
    events: r.events,
    eventsIgnoringType: r.events_ignoring_type,
    typeRecall: ratio(goldHit, goldN),
    typePrecision: ratio(predHit, predN),
    predicted: predN,
  };
}

/**
 * K-fold cross-validation by article: each fold of `heldOut` is analysed by the rules alone and
 * then with a model trained on the other folds plus every `extra` article, and both are scored as
 * `vigie eval events` scores. Folds take every k-th article (article i goes to fold i mod k).
 */
export function crossValidate(
  heldOut: readonly GoldEventsArticle[],
  extra: readonly GoldEventsArticle[],
  folds: number,
  opts: TrainEventOptions = {},
  models = false,
): CvReport {
  if (!Number.isInteger(folds) || folds < 2 || folds > heldOut.length) {
    throw new VigieError("USAGE", `--folds must be between 2 and the number of held-out articles (${heldOut.length})`);
  }
  const held = buildExamples(heldOut, models);
  const fixed = buildExamples(extra, models).examples;
  const candidates = held.docs.map((d) => d.events);
  const lexicon = figures(heldOut, held.docs);
  for (let k = 0; k < folds; k++) {
    const train: TrainingExample[] = [...fixed];
    held.perArticle.forEach((ex, i) => {
      if (i % folds !== k) for (const e of ex) if (e) train.push(e);
    });
    const model = trainEventModel(train, opts);
    held.docs.forEach((doc, i) => {
      if (i % folds === k) doc.events = classifyEvents(doc, model);
    });
  }
  const model = figures(heldOut, held.docs);
  held.docs.forEach((d, i) => (d.events = candidates[i]!));
  return { folds, articles: heldOut.length, lexicon, model };
}

// Tunes and measures the event-location choice (src/stages/places/location.ts) on
// events-location-halterman: English sentences with one event verb and the span(s) where that
// event happened. Records whose index is a multiple of 5 are held out; the weights are searched on
// the others, and both figures are printed. Run after `npm run build`:
//   node scripts/tune-location.mjs [path/to/event_location.train.jsonl]
// It prints the weights; copy them into LOCATION_WEIGHTS by hand when they improve the held-out
// figure (the search is small on purpose: a handful of weights, no per-record fitting).
import { existsSync, readFileSync } from "node:fs";
import { analyze } from "../dist/analyze.js";
import { loadGazetteer } from "../dist/geo/gazetteer.js";
import { LOCATION_WEIGHTS, scorePlace } from "../dist/stages/places/location.js";
import { toponymsOf } from "../dist/stages/places/places.js";

const root = new URL("..", import.meta.url).pathname;
const file = process.argv[2] ?? `${root}../shared/data/events-location-halterman/event_location.train.jsonl`;
if (!existsSync(file)) {
  console.error(`tune-location: ${file} not found (the shared corpora are not here)`);
  process.exit(2);
}
const gaz = loadGazetteer();
const records = readFileSync(file, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l));

const cases = [];
let noCandidate = 0;
let candidateMissesGold = 0;
records.forEach((r, index) => {
  const verb = r.spans.find((s) => s.label === "VERB");
  const gold = r.spans.filter((s) => s.label === "LOCATION");
  if (!verb) return;
  const doc = analyze({ id: String(index), text: r.text, lang: "en" });
  const at = (c) => {
    for (let i = 0; i < doc.tokens.length; i++) if (doc.charRange({ start: i, end: i + 1 })[1] > c) return i;
    return doc.tokens.length - 1;
  };
  const start = at(verb.start);
  let end = at(verb.end - 1) + 1;
  if (end <= start) end = start + 1;
  const trigger = { start, end };
  const ev = doc.events.find((e) => e.trigger.start < end && e.trigger.end > start) ?? {
    type: "",
    source: [],
    target: [],
  };
  const sentence = doc.sentences[doc.sentenceOf(start)] ?? { start: 0, end: doc.tokens.length };
  const cands = toponymsOf(doc)
    .filter((t) => t.row !== undefined && t.span.start >= sentence.start && t.span.start < sentence.end)
    .map((t) => {
      const [s, e] = t.range;
      return { cand: t, hit: gold.some((g) => s < g.end && e > g.start) };
    });
  if (gold.length === 0) return;
  if (cands.length === 0) noCandidate++;
  else if (!cands.some((c) => c.hit)) candidateMissesGold++;
  cases.push({
    heldOut: index % 5 === 0,
    doc,
    ev: { ...ev, trigger },
    sentStart: sentence.start,
    cands,
  });
});

function accuracy(weights, heldOut, reachableOnly = false) {
  let right = 0;
  let n = 0;
  for (const c of cases) {
    if (c.heldOut !== heldOut) continue;
    if (reachableOnly && !c.cands.some((x) => x.hit)) continue;
    n++;
    let best;
    let bestScore = -Infinity;
    for (const x of c.cands) {
      const s = scorePlace(c.doc, gaz, "en", c.ev, x.cand, c.sentStart, weights);
      if (s > bestScore) {
        best = x;
        bestScore = s;
      }
    }
    if (best?.hit) right++;
  }
  return { accuracy: n ? right / n : 0, right, n };
}

const grid = {
  preposition: [1, 2, 3, 4],
  perToken: [0.02, 0.05, 0.08, 0.15],
  after: [-0.5, 0, 0.3, 0.8],
  country: [-1.5, -0.7, 0, 0.5],
  target: [-1.5, 0, 1],
};
let best = { ...LOCATION_WEIGHTS };
let bestAcc = accuracy(best, false).accuracy;
// Coordinate ascent: one weight at a time, twice over.
for (let round = 0; round < 2; round++) {
  for (const [k, values] of Object.entries(grid)) {
    for (const v of values) {
      const w = { ...best, [k]: v };
      const a = accuracy(w, false).accuracy;
      if (a > bestAcc) {
        best = w;
        bestAcc = a;
      }
    }
  }
}
const fmt = (r) => `${r.accuracy.toFixed(3)} (${r.right}/${r.n})`;
console.log(
  `records with a location: ${cases.length} (no place candidate in the sentence: ${noCandidate}; candidates but none on the gold span: ${candidateMissesGold})`,
);
console.log(
  `current weights: tuning part ${fmt(accuracy(LOCATION_WEIGHTS, false))}, held-out ${fmt(accuracy(LOCATION_WEIGHTS, true))}`,
);
console.log(
  `searched weights: tuning part ${fmt(accuracy(best, false))}, held-out ${fmt(accuracy(best, true))}`,
);
console.log(
  `held-out, where a candidate covers the gold span (the choice alone): current ${fmt(accuracy(LOCATION_WEIGHTS, true, true))}, searched ${fmt(accuracy(best, true, true))}`,
);
console.log(JSON.stringify(best));

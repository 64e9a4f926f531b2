// Speed benchmarks (npm run bench). Speed targets live here, never in tests.
// Reads the raw news of ../shared/data/news-raw-gilets-jaunes when present, else the examples.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../dist/analyze.js";
import { VDocument } from "../dist/doc/document.js";
import { getNer, getParser, getTagger } from "../dist/models/registry.js";
import { segmentDocument } from "../dist/stages/segment/segment.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const raw = join(root, "..", "shared", "data", "news-raw-gilets-jaunes");
const limit = Number(process.env.VIGIE_BENCH_ARTICLES ?? 300);
const fmt = (n) => Math.round(n).toLocaleString("en");

function load() {
  const sets = [];
  for (const lang of ["fr", "en", "es"]) {
    const file = join(raw, `${lang}.jsonl`);
    if (!existsSync(file)) continue;
    const rows = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .slice(0, limit)
      .map((l) => JSON.parse(l))
      .filter((r) => typeof r.text === "string" && r.text.trim());
    sets.push({ name: `news-raw ${lang}`, lang, rows });
  }
  if (sets.length === 0) {
    console.warn(`${raw} is absent: benchmarking the bundled examples only`);
    const rows = readFileSync(join(root, "examples", "articles.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
    for (const lang of ["fr", "en", "es"]) {
      sets.push({ name: `examples ${lang}`, lang, rows: rows.filter((r) => r.lang === lang) });
    }
  }
  return sets;
}

function time(fn) {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

const sets = load();
console.log(`node ${process.version}, one process (single core)\n`);
console.log("Full rule pipeline (vigie analyze):");
for (const { name, lang, rows } of sets) {
  for (const r of rows.slice(0, 5)) analyze({ id: "warm", text: r.text, lang });
  let tokens = 0;
  let events = 0;
  let failed = 0;
  const s = time(() =>
    rows.forEach((r, i) => {
      try {
        const doc = analyze({ id: String(r.id ?? i), text: r.text, lang, published: r.published ?? r.date });
        tokens += doc.tokenCount;
        events += doc.events.length;
      } catch {
        failed++;
      }
    }),
  );
  console.log(
    `  ${name.padEnd(16)} ${String(rows.length).padStart(5)} articles  ${(rows.length / s).toFixed(1).padStart(7)} articles/s  ` +
      `${fmt(tokens / s).padStart(9)} tokens/s  ${events} events  ${failed} failed`,
  );
}

console.log("\nStatistical models on the same text (tokens/s, sentences pre-segmented):");
const english = [];
for (const { name, lang, rows } of sets) {
  const sentences = [];
  for (const r of rows) {
    const doc = new VDocument(r.text, { id: "b", lang });
    segmentDocument(doc, lang);
    for (const sent of doc.sentences) {
      const words = [];
      for (let i = sent.start; i < sent.end; i++) words.push(doc.tokenText(i));
      sentences.push(words);
    }
    if (lang === "en") english.push(r.text);
  }
  const n = sentences.reduce((a, w) => a + w.length, 0);
  const tagger = getTagger(lang);
  const parser = getParser(lang);
  const ner = getNer(lang);
  const tags = sentences.map((w) => tagger.tag(w).upos);
  const tTag = time(() => sentences.forEach((w) => tagger.tag(w)));
  const tParse = time(() => sentences.forEach((w, i) => parser.parse(w, tags[i])));
  const tNer = time(() => sentences.forEach((w) => ner.tag(w)));
  const tAll = time(() =>
    sentences.forEach((w) => {
      parser.parse(w, tagger.tag(w).upos);
      ner.tag(w);
    }),
  );
  console.log(
    `  ${name.padEnd(16)} ${fmt(n).padStart(8)} tokens  tag ${fmt(n / tTag).padStart(8)}  parse ${fmt(n / tParse).padStart(8)}  ` +
      `ner ${fmt(n / tNer).padStart(8)}  all three ${fmt(n / tAll).padStart(8)}`,
  );
  if (lang === "en") sets.englishAll = n / tAll;
}

console.log(
  `\npeak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (rule pipeline + the three languages' models)`,
);

if (english.length) {
  const { default: winkNLP } = await import("wink-nlp");
  const { default: model } = await import("wink-eng-lite-web-model");
  const { default: nlp } = await import("compromise");
  const wink = winkNLP(model);
  const words = english.reduce(
    (a, t) =>
      a +
      [...new Intl.Segmenter("en", { granularity: "word" }).segment(t)].filter((s) => s.isWordLike).length,
    0,
  );
  const tWink = time(() => english.forEach((t) => wink.readDoc(t)));
  const tComp = time(() => english.forEach((t) => nlp(t).json()));
  const ours = sets.englishAll;
  console.log("\nPeers on the same English text (tokens = Intl.Segmenter words):");
  console.log(`  wink-nlp readDoc (tokens + POS, no NER)   ${fmt(words / tWink).padStart(9)} tokens/s`);
  console.log(`  compromise nlp().json()                   ${fmt(words / tComp).padStart(9)} tokens/s`);
  if (ours) {
    console.log(`  vigie tag+parse+ner / wink-nlp  ${(ours / (words / tWink)).toFixed(2)}x`);
    console.log(`  vigie tag+parse+ner / compromise ${(ours / (words / tComp)).toFixed(2)}x`);
  }
}
console.log(
  `\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (with wink-nlp and compromise loaded too)`,
);

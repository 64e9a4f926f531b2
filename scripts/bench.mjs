// Speed benchmark of the analysis pipeline (npm run bench). Targets live here, never in tests.
// Reads the raw news of ../shared/data/news-raw-gilets-jaunes when present, else the examples.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../dist/analyze.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const raw = join(root, "..", "shared", "data", "news-raw-gilets-jaunes");
const limit = Number(process.env.VIGIE_BENCH_ARTICLES ?? 300);

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
    sets.push({ name: "examples", lang: undefined, rows });
  }
  return sets;
}

const sets = load();
console.log(`node ${process.version}, one process (single core)`);
for (const { name, lang, rows } of sets) {
  for (const r of rows.slice(0, 5)) analyze({ id: "warm", text: r.text, lang: r.lang ?? lang });
  let tokens = 0;
  let events = 0;
  let failed = 0;
  const t0 = performance.now();
  rows.forEach((r, i) => {
    try {
      const doc = analyze({
        id: String(r.id ?? i),
        text: r.text,
        lang: r.lang ?? lang,
        published: r.published ?? r.date,
      });
      tokens += doc.tokenCount;
      events += doc.events.length;
    } catch {
      failed++;
    }
  });
  const s = (performance.now() - t0) / 1000;
  console.log(
    `${name.padEnd(16)} ${String(rows.length).padStart(5)} articles  ${(rows.length / s).toFixed(1).padStart(7)} articles/s  ` +
      `${Math.round(tokens / s)
        .toLocaleString("en")
        .padStart(9)} tokens/s  ${events} events  ${failed} failed`,
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

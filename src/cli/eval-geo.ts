import { readFile } from "node:fs/promises";
import { analyze } from "../analyze.js";
import type { Lang } from "../doc/types.js";
import { isLang } from "../doc/types.js";
import { VigieError } from "../errors.js";
import { parseGeoCorpus, scoreGeo, type PredictedToponym } from "../eval/geo.js";
import { loadGazetteer } from "../geo/gazetteer.js";
import { DATE_CASES, evalDates } from "../stages/dates/index.js";
import { toponymsOf } from "../stages/places/places.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";

export interface EvalGeoOptions {
  gold: string;
  json?: boolean;
  models?: boolean;
  limit?: number;
}

/** `vigie eval geo --gold FILE`: toponym detection and accuracy within 161 km on LGL or GeoVirus XML. */
export async function runEvalGeo(opts: EvalGeoOptions, io: CliIO): Promise<number> {
  let xml: string;
  try {
    xml = await readFile(opts.gold, "utf8");
  } catch (e) {
    throw new VigieError("INPUT_NOT_FOUND", `${opts.gold}: cannot read: ${(e as Error).message}`, {
      cause: e,
      input: opts.gold,
    });
  }
  let gold = parseGeoCorpus(xml, opts.gold);
  if (opts.limit !== undefined) {
    if (!Number.isInteger(opts.limit) || opts.limit < 1) {
      throw new VigieError("USAGE", `--limit: expected a positive integer, got ${String(opts.limit)}`);
    }
    gold = gold.slice(0, opts.limit);
  }
  const pred = new Map<string, PredictedToponym[]>();
  let failures = 0;
  for (const a of gold) {
    try {
      const doc = analyze({ id: a.id, text: a.text, lang: "en" }, { models: opts.models === true });
      const out: PredictedToponym[] = [];
      const gaz = loadGazetteer();
      for (const t of toponymsOf(doc)) {
        const p: PredictedToponym = { range: t.range };
        if (t.row !== undefined) p.geo = gaz.geo(t.row);
        out.push(p);
      }
      pred.set(a.id, out);
    } catch (e) {
      failures++;
      await write(io.stderr, `vigie: ${opts.gold}: article "${a.id}": ${(e as Error).message}\n`);
    }
  }
  const r = scoreGeo(gold, pred);
  const text =
    `articles: ${r.articles}\ngold toponyms: ${r.gold}${r.badOffsets ? ` (${r.badOffsets} skipped: offsets do not match the phrase)` : ""}\n` +
    `predicted: ${r.predicted}\ndetection: ${JSON.stringify(r.detection)}\n` +
    `accuracy@161km: ${r.accuracy161} (${r.resolved.within161}/${r.resolved.total} detected toponyms with coordinates; ${r.resolved.noCoordinates} not geocoded)\n`;
  await write(io.stdout, opts.json ? `${JSON.stringify(r)}\n` : text);
  return failures ? EXIT.FAILURE : EXIT.OK;
}

/** `vigie eval dates`: the table of date expressions per language (src/stages/dates/cases.ts). */
export async function runEvalDates(opts: { json?: boolean; lang?: string }, io: CliIO): Promise<number> {
  let lang: Lang | undefined;
  if (opts.lang !== undefined) {
    if (!isLang(opts.lang))
      throw new VigieError("USAGE", `--lang: expected fr, en or es, got "${opts.lang}"`);
    lang = opts.lang;
  }
  const langs: Lang[] = lang ? [lang] : ["fr", "en", "es"];
  const perLang = langs.map((l) => ({ lang: l, ...evalDates(DATE_CASES.filter((c) => c.lang === l)) }));
  const total = perLang.reduce((s, r) => s + r.total, 0);
  const correct = perLang.reduce((s, r) => s + r.correct, 0);
  const report = {
    total,
    correct,
    accuracy: +(total ? correct / total : 1).toFixed(3),
    by_language: Object.fromEntries(
      perLang.map((r) => [r.lang, { total: r.total, accuracy: +r.accuracy.toFixed(3) }]),
    ),
    failures: perLang.flatMap((r) =>
      r.failures.map((f) => ({
        lang: f.case.lang,
        published: f.case.published,
        expr: f.case.expr,
        expected: f.case.expected === null ? null : `${f.case.expected}/${f.case.precision}`,
        got: f.got,
      })),
    ),
  };
  if (opts.json) {
    await write(io.stdout, `${JSON.stringify(report)}\n`);
    return EXIT.OK;
  }
  let text = `date expressions: ${correct}/${total} = ${report.accuracy}\n`;
  for (const r of perLang) text += `  ${r.lang}: ${r.correct}/${r.total} = ${r.accuracy.toFixed(3)}\n`;
  for (const f of report.failures) {
    text += `  FAIL ${f.lang} (published ${f.published}) "${f.expr}": expected ${f.expected ?? "no date"}, got ${f.got}\n`;
  }
  await write(io.stdout, text);
  return EXIT.OK;
}

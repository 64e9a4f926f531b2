import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { analyze } from "../analyze.js";
import { VigieError } from "../errors.js";
import { toGold } from "../output/gold.js";
import { countCoref, corefReport, emptyCounts, type PopcornText } from "../eval/popcorn.js";
import { formatReport, scoreGold, type ScoreArticle } from "../eval/score.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";
import { pipelineOptions } from "./pipeline-options.js";

export async function readJsonlArticles(
  path: string,
): Promise<Map<string, ScoreArticle & { text?: string }>> {
  const rows = new Map<string, ScoreArticle & { text?: string }>();
  const stream = createReadStream(path, { encoding: "utf8" });
  const failed = new Promise<never>((_, reject) =>
    stream.on("error", (e) =>
      reject(
        new VigieError("INPUT_NOT_FOUND", `${path}: cannot read: ${e.message}`, { cause: e, input: path }),
      ),
    ),
  );
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  const reading = (async () => {
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch (e) {
        throw new VigieError("GOLD_FORMAT", `${path}:${n}: not JSON: ${(e as Error).message}`, {
          cause: e,
          input: path,
        });
      }
      if (!row || typeof row !== "object" || typeof (row as { id?: unknown }).id !== "string") {
        throw new VigieError("GOLD_FORMAT", `${path}:${n}: each line needs a string "id"`, { input: path });
      }
      const r = row as ScoreArticle & { text?: string };
      rows.set(r.id, r);
    }
  })();
  await Promise.race([reading, failed]);
  return rows;
}

export interface EvalOptions {
  gold: string;
  pred?: string;
  json?: boolean;
  models?: boolean;
  eventModel?: boolean | string;
}

/** Analyses the gold file's texts (or reads --pred) and prints the reference scorer's report. */
export async function runEvalEvents(opts: EvalOptions, io: CliIO): Promise<number> {
  const gold = await readJsonlArticles(opts.gold);
  let pred: Map<string, ScoreArticle>;
  let failures = 0;
  if (opts.pred) pred = await readJsonlArticles(opts.pred);
  else {
    const options = pipelineOptions(opts);
    pred = new Map();
    for (const g of gold.values()) {
      const row = g as ScoreArticle & { text?: string; published?: string; date?: string; title?: string };
      if (typeof row.text !== "string") {
        failures++;
        await write(io.stderr, `vigie: ${opts.gold}: article "${row.id}" has no text\n`);
        continue;
      }
      try {
        const input: Parameters<typeof analyze>[0] = { id: row.id, text: row.text };
        if (row.lang) input.lang = row.lang;
        const published = row.published ?? row.date;
        if (published) input.published = published;
        pred.set(row.id, toGold(analyze(input, options)));
      } catch (e) {
        failures++;
        await write(io.stderr, `vigie: ${opts.gold}: article "${row.id}": ${(e as Error).message}\n`);
      }
    }
  }
  const report = scoreGold(gold, pred);
  await write(io.stdout, opts.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
  return failures ? EXIT.FAILURE : EXIT.OK;
}

/** `vigie eval coref --popcorn FILE`: actor mentions and coreference on POPCORN (see src/eval/popcorn.ts). */
export async function runEvalCoref(opts: { popcorn: string; json?: boolean }, io: CliIO): Promise<number> {
  let raw: string;
  try {
    raw = await readFile(opts.popcorn, "utf8");
  } catch (e) {
    throw new VigieError("INPUT_NOT_FOUND", `${opts.popcorn}: cannot read: ${(e as Error).message}`, {
      cause: e,
      input: opts.popcorn,
    });
  }
  let data: Record<string, PopcornText>;
  try {
    data = JSON.parse(raw) as Record<string, PopcornText>;
  } catch (e) {
    throw new VigieError("GOLD_FORMAT", `${opts.popcorn}: not JSON: ${(e as Error).message}`, {
      cause: e,
      input: opts.popcorn,
    });
  }
  const counts = emptyCounts();
  let texts = 0;
  for (const [id, t] of Object.entries(data)) {
    if (typeof t?.text !== "string" || !Array.isArray(t.entities)) {
      throw new VigieError("GOLD_FORMAT", `${opts.popcorn}: text "${id}" lacks "text" or "entities"`, {
        input: opts.popcorn,
      });
    }
    countCoref(t, analyze({ id, text: t.text, lang: "fr" }), counts);
    texts++;
  }
  const report = { texts, ...corefReport(counts) };
  const line = (name: string, p: { precision: number; recall: number; f1: number }) =>
    `${name.padEnd(10)} P ${p.precision.toFixed(3)}  R ${p.recall.toFixed(3)}  F1 ${p.f1.toFixed(3)}`;
  await write(
    io.stdout,
    opts.json
      ? `${JSON.stringify(report)}\n`
      : `${texts} texts\n${line("mentions", report.mentions)}\n${line("links", report.links)}\n`,
  );
  return EXIT.OK;
}

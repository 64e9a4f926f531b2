import { analyze } from "../analyze.js";
import type { VDocument } from "../doc/document.js";
import { toVigieError, VigieError } from "../errors.js";
import { isInputFailure, readArticles } from "../input/read.js";
import { useUserKb } from "../kb/index.js";
import {
  ACLED_HEADER,
  CAMEO_HEADER,
  toAcled,
  toCameo,
  toGeoJsonFeatures,
  toPlover,
} from "../output/exports.js";
import { toGold } from "../output/gold.js";
import { toJson } from "../output/json.js";
import { toPretty } from "../output/pretty.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";
import { pipelineOptions } from "./pipeline-options.js";

export interface AnalyzeOptions {
  format: "gold" | "json" | "pretty" | "plover" | "cameo" | "acled" | "geojson";
  lang?: string;
  published?: string;
  id?: string;
  maxBytes?: number;
  models?: boolean;
  eventModel?: boolean | string;
  /** User knowledge-base files loaded into the shared knowledge base first. */
  kb?: string[];
}

/** Text written before the first article (table headers, the GeoJSON collection's opening). */
export function preamble(format: AnalyzeOptions["format"]): string {
  if (format === "cameo") return `${CAMEO_HEADER}\n`;
  if (format === "acled") return `${ACLED_HEADER}\n`;
  if (format === "geojson") return '{"type":"FeatureCollection","features":[\n';
  return "";
}

/**
 * One article in the chosen format, as whole lines ("" when it yields none). GeoJSON features are
 * comma-separated across articles, so the caller says whether one was written before.
 */
export function render(doc: VDocument, format: AnalyzeOptions["format"], featuresBefore = false): string {
  const lines = (xs: string[]) => xs.map((x) => `${x}\n`).join("");
  switch (format) {
    case "gold":
      return `${JSON.stringify(toGold(doc))}\n`;
    case "json":
      return `${JSON.stringify(toJson(doc))}\n`;
    case "pretty":
      return `${toPretty(doc)}\n\n`;
    case "plover":
      return lines(toPlover(doc).map((r) => JSON.stringify(r)));
    case "cameo":
      return lines(toCameo(doc));
    case "acled":
      return lines(toAcled(doc));
    case "geojson": {
      const f = toGeoJsonFeatures(doc).map((x) => JSON.stringify(x));
      return f.length ? `${featuresBefore ? "," : ""}${f.join(",\n")}\n` : "";
    }
  }
}

/**
 * Analyses every input in order. A failing article is reported on stderr with its origin and the
 * reason, and the batch goes on; the exit code then says that something failed.
 */
export async function runAnalyze(inputs: string[], opts: AnalyzeOptions, io: CliIO): Promise<number> {
  if (opts.id && inputs.length > 1) {
    throw new VigieError(
      "USAGE",
      "--id names a single article: give one input file, or put ids in a .jsonl file",
    );
  }
  if (opts.kb?.length) useUserKb(opts.kb);
  const options = pipelineOptions(opts);
  let failures = 0;
  let done = 0;
  const readOpts: Parameters<typeof readArticles>[1] = {
    stdin: io.stdin,
    onWarning: (msg) => void write(io.stderr, `vigie: warning: ${msg}\n`),
  };
  if (opts.lang) readOpts.lang = opts.lang;
  if (opts.published) readOpts.published = opts.published;
  if (opts.id) readOpts.id = opts.id;
  if (opts.maxBytes && Number.isFinite(opts.maxBytes)) readOpts.maxArticleBytes = opts.maxBytes;
  await write(io.stdout, preamble(opts.format));
  let features = false;
  for await (const item of readArticles(inputs.length ? inputs : ["-"], readOpts)) {
    if (isInputFailure(item)) {
      failures++;
      await write(
        io.stderr,
        `vigie: ${item.origin}${item.id ? ` (${item.id})` : ""}: ${stripOrigin(item.error.message, item.origin)}\n`,
      );
      continue;
    }
    try {
      const doc = analyze(item, options);
      const out = render(doc, opts.format, features);
      if (opts.format === "geojson" && out) features = true;
      await write(io.stdout, out);
      done++;
    } catch (e) {
      failures++;
      const err = toVigieError(e, "INTERNAL", item.id);
      await write(io.stderr, `vigie: ${item.origin} (${item.id}): ${stripOrigin(err.message, item.id)}\n`);
    }
  }
  if (opts.format === "geojson") await write(io.stdout, "]}\n");
  if (failures > 0) {
    await write(io.stderr, `vigie: ${done} article(s) analysed, ${failures} failed\n`);
    return EXIT.FAILURE;
  }
  return EXIT.OK;
}

/** Messages already name their input; avoid printing it twice. */
function stripOrigin(message: string, origin: string): string {
  return message.startsWith(`${origin}: `) ? message.slice(origin.length + 2) : message;
}

import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isVigieError, VigieError } from "../errors.js";
import { isInputFailure, readArticles } from "../input/read.js";
import { toGold } from "../output/gold.js";
import { toPretty } from "../output/pretty.js";
import { analyzeToGold } from "../server/analyze.js";
import { DEFAULT_DB, openStore, redactUrl } from "../store/index.js";
import type { EventStore } from "../store/types.js";
import { EXIT } from "./exit.js";
import { openAndServe, untilSignal } from "./serve.js";
import { write, type CliIO } from "./io.js";

/** The bundled examples: two levels up from dist/cli or src/cli. */
export function examplesPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const p = join(here, "..", "..", "examples", "articles.jsonl");
  if (!existsSync(p))
    throw new VigieError("INPUT_NOT_FOUND", `bundled examples not found at ${p}`, { input: p });
  return p;
}

export interface DemoOptions {
  out?: string;
  /** false (--no-serve): print the summary and stop, storing nothing unless --db is given. */
  serve?: boolean;
  db?: string;
  port?: string;
  host?: string;
}

export async function runDemo(opts: DemoOptions, io: CliIO, version = "0.1.0"): Promise<number> {
  const path = examplesPath();
  const serving = opts.serve !== false;
  const store = serving || opts.db ? await openStore(opts.db) : undefined;
  try {
    const failures = await analyzeExamples(path, opts, io, store);
    if (!store || !serving) return failures ? EXIT.FAILURE : EXIT.OK;
  } catch (e) {
    await store?.close();
    throw e;
  }
  await store?.close();
  const port = opts.port ?? "8080";
  let running;
  try {
    running = await openAndServe({ ...opts, port }, version);
  } catch (e) {
    // The demo must come up even when 8080 is taken: any free port will do.
    if (!(isVigieError(e) && e.code === "USAGE" && opts.port === undefined)) throw e;
    running = await openAndServe({ ...opts, port: "0" }, version);
  }
  await write(
    io.stdout,
    `\nThe web page is at ${running.server.url} (the API at ${running.server.url}api/openapi.json). Ctrl-C stops it.\n`,
  );
  await untilSignal();
  await running.server.close();
  await running.store.close();
  return EXIT.OK;
}

async function analyzeExamples(
  path: string,
  opts: DemoOptions,
  io: CliIO,
  store: EventStore | undefined,
): Promise<number> {
  const lines: string[] = [];
  let events = 0;
  let relations = 0;
  let entities = 0;
  let failures = 0;
  let stored = 0;
  const started = performance.now();
  for await (const item of readArticles([path])) {
    if (isInputFailure(item)) {
      failures++;
      await write(io.stderr, `vigie: ${item.origin}: ${item.error.message}\n`);
      continue;
    }
    const { doc, gold, diagnostics } = analyzeToGold(item);
    entities += doc.entities.length;
    events += doc.events.length;
    relations += doc.relations.length;
    lines.push(JSON.stringify(toGold(doc)));
    await write(io.stdout, `${toPretty(doc)}\n\n`);
    if (store) {
      const r = await store.putArticle(gold, { diagnostics });
      stored += r.created ? 1 : 0;
    }
  }
  const ms = performance.now() - started;
  await write(
    io.stdout,
    `${lines.length} example articles analysed in ${ms.toFixed(0)} ms: ${entities} actors, ${events} events, ${relations} relations.\n`,
  );
  if (opts.out) {
    await writeFile(opts.out, lines.join("\n") + "\n");
    await write(io.stdout, `Annotations written to ${opts.out}\n`);
  }
  if (store) {
    const where = redactUrl(opts.db ?? process.env.VIGIE_DB ?? DEFAULT_DB);
    await write(
      io.stdout,
      `${stored} new articles stored in ${where} (already stored ones are kept as they were).\n`,
    );
  }
  return failures;
}

import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../analyze.js";
import { VigieError } from "../errors.js";
import { isInputFailure, readArticles } from "../input/read.js";
import { toGold } from "../output/gold.js";
import { toPretty } from "../output/pretty.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";

/** The bundled examples: two levels up from dist/cli or src/cli. */
export function examplesPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const p = join(here, "..", "..", "examples", "articles.jsonl");
  if (!existsSync(p))
    throw new VigieError("INPUT_NOT_FOUND", `bundled examples not found at ${p}`, { input: p });
  return p;
}

export async function runDemo(opts: { out?: string }, io: CliIO): Promise<number> {
  const path = examplesPath();
  const lines: string[] = [];
  let events = 0;
  let relations = 0;
  let entities = 0;
  let failures = 0;
  const started = performance.now();
  for await (const item of readArticles([path])) {
    if (isInputFailure(item)) {
      failures++;
      await write(io.stderr, `vigie: ${item.origin}: ${item.error.message}\n`);
      continue;
    }
    const doc = analyze(item);
    entities += doc.entities.length;
    events += doc.events.length;
    relations += doc.relations.length;
    lines.push(JSON.stringify(toGold(doc)));
    await write(io.stdout, `${toPretty(doc)}\n\n`);
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
  return failures ? EXIT.FAILURE : EXIT.OK;
}

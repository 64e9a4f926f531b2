import { readFileSync, writeFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { VigieError } from "../errors.js";
import { KnowledgeBase } from "../kb/index.js";
import { parsePetrarch } from "../kb/petrarch.js";
import { formatUserKb, loadUserKb } from "../kb/user.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";

export interface KbImportOptions {
  petrarch: string;
  out?: string;
}

const SHOWN_WARNINGS = 5;

/** Converts a PETRARCH actor dictionary to the user knowledge-base format; counts go to stderr. */
export async function runKbImport(opts: KbImportOptions, io: CliIO): Promise<number> {
  let format: "yaml" | "json" = "yaml";
  if (opts.out) {
    const ext = extname(opts.out).toLowerCase();
    if (ext === ".json") format = "json";
    else if (ext !== ".yaml" && ext !== ".yml") {
      throw new VigieError("USAGE", `--out ${opts.out}: write a .yaml, .yml or .json file`);
    }
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(opts.petrarch);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    throw new VigieError(
      missing ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE",
      `${opts.petrarch}: ${missing ? "no such file" : "cannot read"}`,
      { cause: e, input: opts.petrarch },
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Older TABARI dictionaries predate UTF-8 and carry a few Latin-1 names.
    text = bytes.toString("latin1");
  }
  const { actors, stats, warnings } = parsePetrarch(text, basename(opts.petrarch));
  const out = formatUserKb(actors, format);
  if (opts.out) writeFileSync(opts.out, out);
  else await write(io.stdout, out);
  for (const w of warnings.slice(0, SHOWN_WARNINGS)) await write(io.stderr, `vigie: skipped: ${w}\n`);
  if (warnings.length > SHOWN_WARNINGS) {
    await write(io.stderr, `vigie: ... and ${warnings.length - SHOWN_WARNINGS} more skipped\n`);
  }
  await write(
    io.stderr,
    `vigie: ${stats.actors} actors, ${stats.aliases} aliases, ${stats.roles} date-bounded roles; ` +
      `${stats.skipped} skipped constructs, ${stats.uncoded} actors without a usable code\n`,
  );
  return EXIT.OK;
}

/**
 * Validates a user knowledge-base file, including its ids against the bundled knowledge base, and
 * says how many of its names the built-in entries also have (the user entries win those).
 */
export async function runKbCheck(file: string, io: CliIO): Promise<number> {
  const actors = loadUserKb(file);
  const kb = new KnowledgeBase();
  const shadowed = actors.filter((a) => [a.name, ...a.aliases].some((n) => kb.lookupName(n).length > 0));
  kb.extend(actors);
  const roles = actors.reduce((n, a) => n + a.roles.length, 0);
  await write(io.stdout, `${file}: ${actors.length} actors, ${roles} roles: ok\n`);
  if (shadowed.length) {
    await write(
      io.stderr,
      `vigie: ${shadowed.length} actor(s) share a name with a built-in entry and come first for it: ` +
        `${shadowed
          .slice(0, SHOWN_WARNINGS)
          .map((a) => a.name)
          .join(", ")}${shadowed.length > SHOWN_WARNINGS ? ", ..." : ""}\n`,
    );
  }
  return EXIT.OK;
}

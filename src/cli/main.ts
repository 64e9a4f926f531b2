import { Argument, Command, CommanderError, Option } from "commander";
import { isVigieError, VigieError } from "../errors.js";
import { runAnalyze } from "./analyze.js";
import { runDemo } from "./demo.js";
import { runServe } from "./serve.js";
import { runEvalCoref, runEvalEvents } from "./eval.js";
import { runEvalDates, runEvalGeo } from "./eval-geo.js";
import { EXIT, exitCodeFor } from "./exit.js";
import { write, type CliIO } from "./io.js";
import { runKbCheck, runKbImport } from "./kb.js";
import { registerStoreCommands } from "./store-commands.js";
import {
  MODEL_KINDS,
  MODEL_LANGS,
  runEvalNer,
  runEvalParse,
  runNer,
  runParse,
  runTrain,
  runTrainEvents,
} from "./models.js";

export const VERSION = "0.1.0";

const langOption = () =>
  new Option("--lang <lang>", "language of the model").choices(MODEL_LANGS).makeOptionMandatory();
const modelsOption = () =>
  new Option(
    "--models <dir>",
    "folder holding <lang>/{tagger,parser,ner}.bin (default: the package's models/)",
  );

function program(io: CliIO, setCode: (c: number) => void): Command {
  const cmd = new Command("vigie")
    .description(
      "Turn news articles (French, English, Spanish) into event data: actors, events, dates, places, alliances.",
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError("(run with --help for usage)");

  cmd
    .command("analyze")
    .description(
      "Analyse articles and print their annotations. Reads .txt (one article), .html, .json, .jsonl " +
        "(one article per line: id, text, optional lang, published|date, title, url, source) or - for stdin.",
    )
    .argument("[inputs...]", "files to analyse, or - for standard input", ["-"])
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["gold", "json", "pretty", "plover", "cameo", "acled", "geojson"])
        .default("pretty"),
    )
    .option("--lang <lang>", "language of .txt/.html/stdin input (fr, en, es); detected when omitted")
    .option(
      "--published <date>",
      "publication date of .txt/.html/stdin input (YYYY-MM-DD), anchors relative dates",
    )
    .option("--id <id>", "article id for .txt/.html/stdin input (default: the file name)")
    .option(
      "--max-bytes <n>",
      "refuse articles larger than this many bytes",
      (v) => Number.parseInt(v, 10),
      5 * 1024 * 1024,
    )
    .option("--models", "also run the statistical tagger, parser and NER (slower; see README)")
    .option(
      "--event-model [file]",
      "let the event classifier drop unlikely events (models/events.bin, or FILE from `vigie train events`)",
    )
    .option(
      "--kb <file>",
      "user knowledge base (.yaml/.json) loaded before analysing; repeat for several",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 every article analysed, 1 some article failed (reported on stderr, the others are\n" +
        "still written), 2 usage error.\n\nExamples:\n  vigie analyze --format gold articles.jsonl > out.jsonl\n" +
        "  echo 'Le FLN a quitté les pourparlers mardi.' | vigie analyze --lang fr --published 2020-02-20 -",
    )
    .action(async (inputs: string[], opts) => setCode(await runAnalyze(inputs, opts, io)));

  const evalCmd = cmd.command("eval").description("Evaluate Vigie against annotated data");
  evalCmd
    .command("events")
    .description(
      "Analyse the texts of a gold JSONL file (shared/spec/gold-format.md) and score entities, mentions, " +
        "events and relations exactly as shared/tools/score-gold.mjs does.",
    )
    .requiredOption("--gold <file>", "gold JSONL file")
    .option("--json", "print the report as one JSON object")
    .option("--pred <file>", "score this prediction file instead of analysing the texts")
    .option("--models", "analyse with the statistical tagger, parser and NER too")
    .option("--event-model [file]", "with the event classifier (models/events.bin, or FILE)")
    .action(async (opts) => setCode(await runEvalEvents(opts, io)));
  evalCmd
    .command("coref")
    .description(
      "Score actor mentions (exact spans of capitalised mentions) and within-article coreference " +
        "(pairwise links) on a POPCORN-format French file (see src/eval/popcorn.ts for the conventions).",
    )
    .requiredOption("--popcorn <file>", "POPCORN JSON file: {id: {text, entities: [{id, type, mentions}]}}")
    .option("--json", "print the report as one JSON object")
    .action(async (opts) => setCode(await runEvalCoref(opts, io)));
  evalCmd
    .command("parse")
    .description(
      "Tag and parse the gold tokenisation of a CoNLL-U file and score UPOS, features, lemmas, UAS and LAS " +
        "(punctuation included, LAS on universal relations), on surface tokens and on syntactic words.",
    )
    .argument("<file>", "gold CoNLL-U file, or - for standard input")
    .addOption(langOption())
    .option("--json", "print the report as one JSON object")
    .addOption(modelsOption())
    .action(async (file: string, opts) => setCode(await runEvalParse(file, opts, io)));
  evalCmd
    .command("ner")
    .description(
      "Tag the tokens of a CoNLL NER file (IOB1/IOB2 tags in the last column) and score exact spans " +
        "(conlleval precision, recall, F1) per type and overall.",
    )
    .argument("<file>", "gold CoNLL file, or - for standard input")
    .addOption(langOption())
    .option("--json", "print the report as one JSON object")
    .option("--ignore-misc", "leave MISC out of the overall figure (default)", true)
    .option("--no-ignore-misc", "count MISC in the overall figure")
    .addOption(modelsOption())
    .action(async (file: string, opts) => setCode(await runEvalNer(file, opts, io)));
  evalCmd
    .command("geo")
    .description(
      "Geoparse the articles of an LGL or GeoVirus XML file and score toponym detection (overlap " +
        "precision, recall, F1) and resolution (accuracy within 161 km on the detected toponyms).",
    )
    .requiredOption("--gold <file>", "LGL (<toponym>) or GeoVirus (<location>) XML file")
    .option("--json", "print the report as one JSON object")
    .option("--models", "detect toponyms with the statistical NER too")
    .option("--limit <n>", "only the first n articles", (v) => Number(v))
    .action(async (opts) => setCode(await runEvalGeo(opts, io)));
  evalCmd
    .command("dates")
    .description(
      "Resolve the table of date expressions (French, English, Spanish, each with its reference date) " +
        "and report accuracy of value and precision per language, with every failure.",
    )
    .option("--lang <lang>", "only this language (fr, en, es)")
    .option("--json", "print the report as one JSON object")
    .action(async (opts) => setCode(await runEvalDates(opts, io)));

  cmd
    .command("parse")
    .description(
      "Tag and parse text into CoNLL-U: raw text is tokenised and split into sentences; --conllu keeps " +
        "the given tokenisation and fills LEMMA, UPOS, FEATS, HEAD and DEPREL.",
    )
    .argument("[input]", "text file, or - for standard input")
    .addOption(langOption())
    .option("--conllu <file>", "CoNLL-U input whose tokenisation is kept (- for standard input)")
    .addOption(modelsOption())
    .action(async (input: string | undefined, opts) => setCode(await runParse(input, opts, io)));

  cmd
    .command("ner")
    .description(
      "Tag named entities (PER, ORG, LOC, MISC) in a CoNLL file: one token per line in the first column, " +
        "blank lines between sentences; each line is written back with a TAB and its IOB2 tag.",
    )
    .requiredOption("--conll <file>", "CoNLL input (- for standard input)")
    .addOption(langOption())
    .addOption(modelsOption())
    .action(async (opts) => setCode(await runNer(opts, io)));

  cmd
    .command("train")
    .description(
      "Retrain a model from the shared corpora (src/models/SPLITS.md), deterministically: the same data " +
        "gives the committed weights. Train the tagger before the parser of the same language.",
    )
    .addArgument(new Argument("<model>", "model to train").choices([...MODEL_KINDS, "events"]))
    .addOption(
      new Option("--lang <lang>", "language of the model (tagger, parser, ner)").choices(MODEL_LANGS),
    )
    .option("--data <dir>", "corpora folder (default: $VIGIE_DATA or ../shared/data beside the package)")
    .option(
      "--out <path>",
      "folder receiving <lang>/<model>.bin and .json (default: the package's models/); for events, the .bin file",
    )
    .option(
      "--gold <file>",
      "events: gold-format JSONL training file (shared/spec/gold-format.md); repeat for several",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option("--epochs <n>", "events: training epochs", (v) => Number.parseInt(v, 10))
    .option("--seed <n>", "events: shuffle seed", (v) => Number.parseInt(v, 10))
    .option(
      "--retype-margin <n>",
      "events: let the model re-type a proposal when another type wins by more than this (default: never)",
      Number.parseFloat,
    )
    .option(
      "--cv <file>",
      "events: instead of writing a model, cross-validate on this gold file (k folds by article; the --gold " +
        "files are always in training) and print the scores without and with the model",
    )
    .option("--folds <n>", "events: folds for --cv (default: one per article)", (v) => Number.parseInt(v, 10))
    .option(
      "--models",
      "events: read the candidates with the tagger, parser and NER (the pipeline of analyze --models)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  vigie train tagger --lang fr\n  vigie train events --gold my-annotations.jsonl --out models/events.bin",
    )
    .action(async (model: string, opts) =>
      setCode(model === "events" ? await runTrainEvents(opts, io) : await runTrain(model, opts, io)),
    );

  const kbCmd = cmd
    .command("kb")
    .description("Manage user knowledge bases (see README, User knowledge base)");
  kbCmd
    .command("import")
    .description(
      "Convert a PETRARCH/TABARI actor dictionary to a user knowledge base (YAML on stdout by default); " +
        "counts of actors, aliases, date-bounded roles and skipped lines go to stderr.",
    )
    .requiredOption("--petrarch <file>", "PETRARCH actor dictionary (*.actors.txt)")
    .option("--out <file>", "write here instead of stdout; .json writes JSON, .yaml/.yml YAML")
    .action(async (opts) => setCode(await runKbImport(opts, io)));
  kbCmd
    .command("check")
    .description("Validate a user knowledge-base file; errors name the file and line (exit 1).")
    .argument("<file>", "user knowledge base (.yaml, .yml or .json)")
    .action(async (file: string) => setCode(await runKbCheck(file, io)));

  cmd
    .command("demo")
    .description(
      "Analyse the bundled example articles, print a readable summary, store them and serve the web page " +
        "(port 8080, or a free one when it is taken)",
    )
    .option("--out <file>", "also write the gold-format annotations to this JSONL file")
    .option(
      "--db <url>",
      "store: a SQLite path, sqlite:PATH or postgres://… (default: $VIGIE_DB or ./vigie.db)",
    )
    .option("--port <port>", "port of the web page (default 8080)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--no-serve", "print the summary and stop (stores nothing unless --db is given)")
    .action(async (opts) => setCode(await runDemo(opts, io, VERSION)));

  cmd
    .command("serve")
    .description(
      "Serve the JSON API (/api/..., described at /api/openapi.json) and the web page over a store. " +
        "Writes (POST /api/ingest) need `Authorization: Bearer <token>`; without a token they are refused.",
    )
    .option(
      "--db <url>",
      "store: a SQLite path, sqlite:PATH or postgres://… (default: $VIGIE_DB or ./vigie.db)",
    )
    .option("--port <port>", "port to listen on (0: any free port)", "8080")
    .option("--host <host>", "address to listen on; anything but loopback exposes the API", "127.0.0.1")
    .option("--token <token>", "bearer token required by writes (default: $VIGIE_TOKEN)")
    .option(
      "--max-bytes <n>",
      "largest request body accepted, in bytes",
      (v) => Number.parseInt(v, 10),
      5 * 1024 * 1024,
    )
    .action(async (opts) => setCode(await runServe({ ...opts, maxBodyBytes: opts.maxBytes }, VERSION, io)));

  registerStoreCommands(cmd, io, setCode);

  return cmd;
}

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can call it. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.OK;
  const cmd = program(io, (c) => {
    code = c;
  });
  try {
    if (argv.length === 0) {
      cmd.outputHelp();
      return EXIT.USAGE;
    }
    await cmd.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return EXIT.OK;
      if (e.code === "commander.help") return EXIT.OK;
      return EXIT.USAGE;
    }
    if (isVigieError(e)) {
      await write(io.stderr, `vigie: ${e.message}\n`);
      return exitCodeFor(e.code);
    }
    const err = e instanceof Error ? e : new Error(String(e));
    await write(io.stderr, `vigie: internal error: ${err.stack ?? err.message}\n`);
    return EXIT.FAILURE;
  }
}

export { VigieError };

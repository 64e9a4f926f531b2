import { Argument, type Command, InvalidArgumentError, Option } from "commander";
import { GRAPH_FORMATS, runGraph } from "./graph.js";
import { parseWorkers, runIngest } from "./ingest.js";
import type { CliIO } from "./io.js";
import { QUERY_FORMATS, QUERY_KINDS, runQuery } from "./query.js";
import { runStats } from "./stats.js";
import { runWorkerCli } from "./worker.js";

const dbOption = () =>
  new Option(
    "--db <url>",
    "store: a SQLite path, sqlite:PATH or postgres://… (default: $VIGIE_DB or ./vigie.db)",
  );
const int = (flag: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`${flag} wants a whole number, not "${v}"`);
  return n;
};
const kbOption = () =>
  new Option(
    "--kb <file>",
    "user knowledge base (.yaml/.json) loaded before analysing; repeat for several",
  ).argParser((v: string, prev: string[] = []) => [...prev, v]);

/** The store commands: ingest, worker, query, graph, stats. */
export function registerStoreCommands(cmd: Command, io: CliIO, setCode: (c: number) => void): void {
  cmd
    .command("ingest")
    .description(
      "Analyse articles and store them: files, folders (recursively), .txt, .html, .json, .jsonl, RSS/Atom " +
        "feeds (.rss, .atom, .xml) and - for stdin. Storing the same article twice changes nothing; a killed " +
        "run can simply be re-run. With --queue, articles become jobs for `vigie worker` instead.",
    )
    .argument("<inputs...>", "files, folders, feeds, or - for standard input")
    .addOption(dbOption())
    .option("--workers <n>", "analysis threads (default: one per core)", parseWorkers)
    .option("--json", "print progress as JSON lines on stdout, then a final {done: ...} line")
    .option("--no-progress", "no progress bar on the terminal")
    .option("--lang <lang>", "language of articles that do not state one (fr, en, es)")
    .option("--published <date>", "publication date of articles that do not state one")
    .option(
      "--max-bytes <n>",
      "refuse articles larger than this many bytes",
      int("--max-bytes"),
      5 * 1024 * 1024,
    )
    .option("--models", "also run the statistical tagger, parser and NER (slower)")
    .addOption(kbOption())
    .option(
      "--queue <url>",
      "enqueue analysis jobs on this Redis (redis://HOST:PORT) instead of analysing here",
    )
    .option("--queue-name <name>", "with --queue: the queue's name", "vigie")
    .addHelpText(
      "after",
      "\nExit codes: 0 every article stored (or already there), 1 some failed (recorded in the store), 2 usage.\n" +
        "\nExamples:\n  vigie ingest --db news.db articles/ feed.rss\n" +
        "  vigie ingest --queue redis://127.0.0.1:6379 --db postgres://vigie@db/vigie articles.jsonl",
    )
    .action(async (inputs: string[], opts) =>
      setCode(
        await runIngest(inputs, { ...opts, progress: opts.progress === false ? false : undefined }, io),
      ),
    );

  cmd
    .command("worker")
    .description(
      "Consume analysis jobs from a Redis queue into the store; run any number, on any machines. Failed jobs " +
        "are retried with backoff, then put on a dead-letter list (see --dead) and in the store's failures.",
    )
    .requiredOption("--queue <url>", "Redis URL (redis://HOST:PORT)")
    .addOption(dbOption())
    .option("--name <name>", "queue name", "vigie")
    .option("--concurrency <n>", "jobs at once in this process", int("--concurrency"), 1)
    .option("--lock-ms <ms>", "job lock; a dead worker's job is retried after it", int("--lock-ms"), 30_000)
    .option("--drain", "exit once the queue is empty")
    .option("--status", "print the queue's job counts as JSON and exit")
    .option("--dead", "print the dead-letter list as JSON lines and exit")
    .option("--json", "print one JSON line per job")
    .option("--models", "also run the statistical tagger, parser and NER (slower)")
    .addOption(kbOption())
    .addOption(
      new Option("--delay-ms <ms>", "pause before each job (testing crash recovery)")
        .argParser(int("--delay-ms"))
        .hideHelp(),
    )
    .action(async (opts) => setCode(await runWorkerCli(opts, io)));

  cmd
    .command("query")
    .description("Export stored events, actors or articles, filtered")
    .addArgument(new Argument("<what>", "events, actors or articles").choices(QUERY_KINDS))
    .addOption(dbOption())
    .addOption(
      new Option("-f, --format <format>", "output format (events: all; actors, articles: jsonl, csv)")
        .choices(QUERY_FORMATS)
        .default("jsonl"),
    )
    .option("--actor <actor>", "events: actor id or name; actors: name search")
    .option("--type <type>", "events: PLOVER type; actors: entity type (PER, ORG, GPE, ...)")
    .option("--from <date>", "events: event date from; articles: publication date from (inclusive)")
    .option("--to <date>", "until this date (inclusive; YYYY-MM takes the whole month)")
    .option("--country <iso3>", "events: country of the place; actors: country")
    .option("--modality <m>", "events: asserted, reported, alleged, denied, negated, planned, hypothetical")
    .option("--article <id>", "events reported by this article")
    .option("--bbox <box>", "events whose place lies in minLon,minLat,maxLon,maxLat")
    .option("--search <words>", "articles: words in the title or text; actors: name")
    .option("--lang <lang>", "articles: language")
    .option("--limit <n>", "at most this many rows", int("--limit"))
    .option("--offset <n>", "skip this many rows first", int("--offset"))
    .action(async (what: string, opts) => setCode(await runQuery(what, opts, io)));

  cmd
    .command("graph")
    .description(
      "Export the actor network: actors with country and sector; relations and event counts by type",
    )
    .addOption(dbOption())
    .addOption(
      new Option("-f, --format <format>", "json, gexf (Gephi) or graphml")
        .choices(GRAPH_FORMATS)
        .default("json"),
    )
    .option("--from <date>", "only events and relations seen from this date")
    .option("--to <date>", "only events and relations seen until this date")
    .option("--min-weight <n>", "drop edges seen fewer times", int("--min-weight"))
    .action(async (opts) => setCode(await runGraph(opts, io)));

  cmd
    .command("stats")
    .description("Count what the store holds: articles, events, actors, relations, failures")
    .addOption(dbOption())
    .option("--json", "print one JSON object")
    .action(async (opts) => setCode(await runStats(opts, io)));
}

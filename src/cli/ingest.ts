import { InvalidArgumentError } from "commander";
import { type IngestProgress, defaultWorkers, ingest } from "../ingest/ingest.js";
import { countArticles } from "../ingest/sources.js";
import { openStore } from "../store/index.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";

export interface IngestCliOptions {
  db?: string;
  workers?: number;
  json?: boolean;
  progress?: boolean;
  lang?: string;
  published?: string;
  maxBytes?: number;
  models?: boolean;
  kb?: string[];
  queue?: string;
  queueName?: string;
}

const clock = (s: number) => {
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
};

/** One line of the terminal progress bar (redrawn in place with \r). */
export function progressLine(p: IngestProgress, width = 24): string {
  const done = p.stored + p.duplicates + p.failed;
  const frac = p.total ? Math.min(1, done / p.total) : undefined;
  const bar =
    frac === undefined
      ? ""
      : `[${"#".repeat(Math.round(frac * width)).padEnd(width, "-")}] ${(frac * 100).toFixed(0).padStart(3)}% `;
  const count = p.total ? `${done}/${p.total}` : `${done}`;
  const eta = p.eta_s === undefined ? "" : ` ETA ${clock(p.eta_s)}`;
  return `${bar}${count} articles, ${p.rate.toFixed(1)}/s${eta}, ${p.failed} failed, ${p.duplicates} already stored`;
}

export function parseWorkers(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new InvalidArgumentError(`--workers must be a whole number from 1 to 256, not "${v}"`);
  }
  return n;
}

/**
 * `vigie ingest`: analyses and stores articles, or with --queue hands them to queue workers. Exit 0
 * when every article was stored (or already was), 1 when some failed (they are in the store's
 * failures and on stderr).
 */
export async function runIngest(inputs: string[], opts: IngestCliOptions, io: CliIO): Promise<number> {
  if (opts.queue) {
    const { runEnqueue } = await import("./worker.js");
    return runEnqueue(inputs, opts, io);
  }
  const tty = opts.progress ?? (!opts.json && (io.stderr as { isTTY?: boolean }).isTTY === true);
  const store = await openStore(opts.db);
  const warnings: string[] = [];
  const onWarning = (m: string) => {
    warnings.push(m);
    void write(io.stderr, `${tty ? "\r\x1b[K" : ""}vigie: warning: ${m}\n`);
  };
  const total = tty || opts.json ? await countArticles(inputs) : undefined;
  let last = "";
  let result: IngestProgress;
  try {
    result = await ingest(inputs, store, {
      workers: opts.workers ?? defaultWorkers(),
      models: opts.models,
      kb: opts.kb,
      total,
      read: {
        stdin: io.stdin,
        lang: opts.lang,
        published: opts.published,
        maxArticleBytes: opts.maxBytes,
        onWarning,
      },
      onProgress: (p) => {
        if (opts.json) {
          const line = JSON.stringify({ progress: p });
          if (line !== last) void write(io.stdout, `${line}\n`);
          last = line;
        } else if (tty) void write(io.stderr, `\r\x1b[K${progressLine(p)}`);
      },
      onFailure: (f) => void write(io.stderr, `${tty ? "\r\x1b[K" : ""}vigie: ${f.message}\n`),
    });
  } finally {
    await store.close();
  }
  if (tty) await write(io.stderr, `\r\x1b[K${progressLine(result)}\n`);
  if (opts.json) await write(io.stdout, `${JSON.stringify({ done: result })}\n`);
  else if (!tty) {
    await write(
      io.stderr,
      `ingested ${result.stored} articles (${result.duplicates} already stored, ${result.failed} failed) ` +
        `in ${result.elapsed_s.toFixed(1)} s, ${result.rate.toFixed(1)} articles/s\n`,
    );
  }
  return result.failed > 0 ? EXIT.FAILURE : EXIT.OK;
}

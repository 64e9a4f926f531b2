import { availableParallelism } from "node:os";
import { type ArticleInput, isInputFailure, type ReadOptions } from "../input/read.js";
import type { GoldArticle } from "../output/gold.js";
import { contentHash } from "../store/sql-store.js";
import type { EventStore, StoredDiagnostic } from "../store/types.js";
import type { Analysis, AnalyzerSettings } from "./analyze-one.js";
import { type Analyzer, createAnalyzer } from "./pool.js";
import { readSources } from "./sources.js";

export interface IngestProgress {
  /** Articles read so far (including failed and already-stored ones). */
  read: number;
  stored: number;
  /** Articles already in the store (or twice in the input): skipped, nothing changed. */
  duplicates: number;
  failed: number;
  /** Articles expected in all, when it could be counted up front. */
  total?: number;
  elapsed_s: number;
  /** Articles finished per second since the start. */
  rate: number;
  eta_s?: number;
}

export interface IngestOptions extends AnalyzerSettings {
  /** Analysis threads (default: every core). */
  workers?: number;
  read?: ReadOptions;
  /** Articles expected, for the ETA. */
  total?: number;
  onProgress?: (p: IngestProgress) => void;
  /** Called per failure (input, analysis or storage), after it is recorded in the store. */
  onFailure?: (f: { origin: string; code: string; message: string }) => void;
  /** Analyser to use instead of creating one (tests, the queue worker). */
  analyzer?: Analyzer;
}

/** Articles per write transaction. */
const WRITE_BATCH = 64;

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/**
 * Reads, analyses and stores articles. Articles already stored (same id and text) are skipped
 * before analysis, which makes a re-run after a crash cheap; articles are stored in small
 * transactions, so a killed process leaves every article either fully stored or absent. A failing
 * article is recorded in the store (failures) and the batch goes on.
 */
export async function ingest(
  paths: string[],
  store: EventStore,
  opts: IngestOptions = {},
): Promise<IngestProgress> {
  const start = performance.now();
  const threads = opts.workers ?? defaultWorkers();
  const analyzer =
    opts.analyzer ?? createAnalyzer(threads, { models: opts.models, kb: opts.kb }, opts.read?.onWarning);
  const maxInFlight = Math.max(4, analyzer.threads * 8);
  const p: IngestProgress = { read: 0, stored: 0, duplicates: 0, failed: 0, elapsed_s: 0, rate: 0 };
  if (opts.total !== undefined) p.total = opts.total;
  const seen = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  // Analysed articles wait here and are written in batches, one transaction each: far fewer
  // commits, and a kill still leaves every article either fully stored or absent.
  // Written in input order whatever order the threads finish in: merging reports of one event
  // depends on which came first, and the same input must give the same store.
  const ready = new Map<number, { input: ArticleInput; result: Analysis }>();
  let nextSeq = 0;
  let writeSeq = 0;
  let writing: Promise<void> | undefined;
  let lastReport = 0;

  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < 250) return;
    lastReport = now;
    p.elapsed_s = (now - start) / 1000;
    const finished = p.stored + p.duplicates + p.failed;
    p.rate = p.elapsed_s > 0 ? finished / p.elapsed_s : 0;
    if (p.total !== undefined && p.rate > 0) p.eta_s = Math.max(0, (p.total - finished) / p.rate);
    opts.onProgress?.({ ...p });
  };
  const fail = async (origin: string, code: string, message: string, articleId?: string) => {
    p.failed++;
    await store.recordFailure(
      articleId === undefined ? { origin, code, message } : { origin, articleId, code, message },
    );
    opts.onFailure?.({ origin, code, message });
  };

  const writeBatch = async (batch: { input: ArticleInput; result: Analysis }[]) => {
    const ok: { input: ArticleInput; article: GoldArticle; diagnostics: StoredDiagnostic[] }[] = [];
    for (const b of batch) {
      if (b.result.ok) ok.push({ input: b.input, article: b.result.gold, diagnostics: b.result.diagnostics });
      else await fail(b.input.origin, b.result.code, b.result.message, b.input.id);
    }
    if (ok.length === 0) return;
    const results = await store.putArticles(ok);
    for (const [i, r] of results.entries()) {
      if ("error" in r) await fail(ok[i]!.input.origin, r.error.code, r.error.message, ok[i]!.input.id);
      else if (r.created) p.stored++;
      else p.duplicates++;
    }
  };
  const flush = (): Promise<void> => {
    if (writing) return writing;
    const run = async () => {
      // Yield first, so that `writing` is set before the loop can finish and clear it; after the
      // last empty check nothing awaits before the clearing, so no result is ever left behind.
      await Promise.resolve();
      try {
        for (;;) {
          const batch = [];
          for (let r = ready.get(writeSeq); r && batch.length < WRITE_BATCH; r = ready.get(writeSeq)) {
            batch.push(r);
            ready.delete(writeSeq++);
          }
          if (batch.length === 0) break;
          await writeBatch(batch);
          report();
        }
      } finally {
        writing = undefined;
      }
    };
    writing = run();
    return writing;
  };

  const process = async (input: ArticleInput, seq: number) => {
    ready.set(seq, { input, result: await analyzer.analyze(input) });
    await flush();
  };

  try {
    for await (const item of readSources(paths, opts.read)) {
      p.read++;
      if (isInputFailure(item)) {
        await fail(item.origin, item.error.code, item.error.message, item.id);
        report();
        continue;
      }
      const hash = contentHash(item.id, item.text);
      if (seen.has(hash) || (await store.hasHash(hash))) {
        p.duplicates++;
        report();
        continue;
      }
      seen.add(hash);
      const task = process(item, nextSeq++).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await flush();
  } finally {
    if (!opts.analyzer) await analyzer.close();
  }
  report(true);
  return { ...p };
}

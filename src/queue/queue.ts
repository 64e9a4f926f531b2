import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { AnalyzeInput } from "../analyze.js";
import { VigieError } from "../errors.js";
import { type AnalyzerSettings, makeAnalyzeOne } from "../ingest/analyze-one.js";
import { isInputFailure, type ReadOptions } from "../input/read.js";
import { readSources } from "../ingest/sources.js";
import { contentHash } from "../store/sql-store.js";
import type { EventStore } from "../store/types.js";

export const DEFAULT_QUEUE = "vigie";
/** Attempts per article before it goes to the dead-letter list. */
export const DEFAULT_ATTEMPTS = 5;

export interface JobData {
  input: AnalyzeInput;
  origin: string;
}

export interface DeadLetter {
  origin: string;
  id?: string;
  code: string;
  message: string;
  attempts: number;
  at: string;
}

const redisUrl = (url: string) => {
  if (!/^rediss?:\/\//iu.test(url)) {
    throw new VigieError("USAGE", `--queue wants a Redis URL (redis://HOST:PORT), not "${url}"`);
  }
  return url;
};

/** Redis connection options: BullMQ workers need maxRetriesPerRequest null (blocking commands). */
const connection = (url: string) => ({
  url: redisUrl(url),
  maxRetriesPerRequest: null,
  enableOfflineQueue: true,
});

const queueError = (e: unknown, url: string) =>
  new VigieError(
    "QUEUE",
    `queue ${url.replace(/\/\/[^@]*@/u, "//***@")}: ${e instanceof Error ? e.message : String(e)}`,
    {
      cause: e,
    },
  );

export interface EnqueueSummary {
  read: number;
  enqueued: number;
  /** Already stored (when a store is given) or given twice. */
  duplicates: number;
  failed: number;
}

/**
 * Reads articles and adds one analysis job per article. The job id is the article's content hash,
 * so enqueueing the same article again while its job exists adds nothing; unreadable inputs go
 * straight to the dead-letter list (and the store's failures when a store is given).
 */
export async function enqueue(
  paths: string[],
  url: string,
  opts: {
    name?: string;
    read?: ReadOptions;
    store?: EventStore;
    attempts?: number;
    onFailure?: (f: { origin: string; message: string }) => void;
  } = {},
): Promise<EnqueueSummary> {
  const name = opts.name ?? DEFAULT_QUEUE;
  const queue = new Queue<JobData>(name, { connection: connection(url) });
  const dead = new Queue<DeadLetter>(`${name}-dead`, { connection: connection(url) });
  const s: EnqueueSummary = { read: 0, enqueued: 0, duplicates: 0, failed: 0 };
  const seen = new Set<string>();
  let batch: { name: string; data: JobData; opts: { jobId: string } }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await queue.addBulk(
      batch.map((b) => ({
        ...b,
        opts: {
          ...b.opts,
          attempts: opts.attempts ?? DEFAULT_ATTEMPTS,
          backoff: { type: "exponential", delay: 1000 },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      })),
    );
    batch = [];
  };
  try {
    await queue.waitUntilReady();
    for await (const item of readSources(paths, opts.read)) {
      s.read++;
      if (isInputFailure(item)) {
        s.failed++;
        const d: DeadLetter = {
          origin: item.origin,
          code: item.error.code,
          message: item.error.message,
          attempts: 0,
          at: new Date().toISOString(),
        };
        if (item.id !== undefined) d.id = item.id;
        await dead.add("input", d);
        await opts.store?.recordFailure({
          origin: item.origin,
          articleId: item.id,
          code: d.code,
          message: d.message,
        });
        opts.onFailure?.({ origin: item.origin, message: item.error.message });
        continue;
      }
      const hash = contentHash(item.id, item.text);
      if (seen.has(hash) || (opts.store && (await opts.store.hasHash(hash)))) {
        s.duplicates++;
        continue;
      }
      seen.add(hash);
      const { origin, ...input } = item;
      batch.push({ name: "analyze", data: { input, origin }, opts: { jobId: hash } });
      s.enqueued++;
      if (batch.length >= 200) await flush();
    }
    await flush();
  } catch (e) {
    throw e instanceof VigieError ? e : queueError(e, url);
  } finally {
    await queue.close();
    await dead.close();
  }
  return s;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  dead: number;
}

export async function queueCounts(url: string, name = DEFAULT_QUEUE): Promise<QueueCounts> {
  const queue = new Queue(name, { connection: connection(url) });
  const dead = new Queue(`${name}-dead`, { connection: connection(url) });
  try {
    const c = await queue.getJobCounts("waiting", "active", "delayed", "failed", "prioritized");
    const d = await dead.getJobCounts("waiting");
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
      dead: d.waiting ?? 0,
    };
  } catch (e) {
    throw queueError(e, url);
  } finally {
    await queue.close();
    await dead.close();
  }
}

/** The dead-letter list: articles that failed every attempt or could not be analysed at all. */
export async function deadLetters(url: string, name = DEFAULT_QUEUE): Promise<DeadLetter[]> {
  const dead = new Queue<DeadLetter>(`${name}-dead`, { connection: connection(url) });
  try {
    const jobs = await dead.getJobs(["waiting"], 0, -1, true);
    return jobs.map((j) => j.data);
  } catch (e) {
    throw queueError(e, url);
  } finally {
    await dead.close();
  }
}

/** Analysis errors about the article itself: retrying cannot help, so they skip the retries. */
const PERMANENT = new Set([
  "INPUT_BINARY",
  "INPUT_ENCODING",
  "INPUT_EMPTY",
  "INPUT_TOO_LARGE",
  "INPUT_JSON",
  "INPUT_HTML",
  "INPUT_FEED",
  "INPUT_FIELD",
  "LANG_UNSUPPORTED",
  "LANG_UNKNOWN",
]);

export interface WorkerOptions extends AnalyzerSettings {
  name?: string;
  /** Jobs processed at once by this process (analysis is synchronous; >1 only overlaps writes). */
  concurrency?: number;
  /** How long a job's lock lasts without renewal: a killed worker's job is retried after it. */
  lockMs?: number;
  /** Stop once the queue has nothing waiting, delayed or active. */
  drain?: boolean;
  /** Stops taking jobs when aborted; the job in progress is finished first. */
  signal?: AbortSignal;
  /** Testing aid: a pause before each job, to make "killed mid-job" likely. */
  delayMs?: number;
  onJob?: (e: { id: string; origin: string; ok: boolean; created?: boolean; message?: string }) => void;
  onStart?: (e: { id: string; origin: string; article: string }) => void;
}

/**
 * Consumes analysis jobs into the store until stopped (or, with drain, until the queue is empty).
 * Storing is idempotent by content hash, so a job retried after its worker died mid-way (after or
 * before its commit) leaves exactly one copy. Failed attempts back off exponentially; a job that
 * fails every attempt, or fails for a reason retrying cannot fix, is recorded in the store's
 * failures and added to the dead-letter list.
 */
export async function runWorker(
  url: string,
  store: EventStore,
  opts: WorkerOptions = {},
): Promise<{ processed: number }> {
  const name = opts.name ?? DEFAULT_QUEUE;
  const analyzeOne = makeAnalyzeOne(opts);
  const dead = new Queue<DeadLetter>(`${name}-dead`, { connection: connection(url) });
  let processed = 0;
  const lockMs = opts.lockMs ?? 30_000;
  const worker = new Worker<JobData>(
    name,
    async (job: Job<JobData>) => {
      opts.onStart?.({ id: job.id ?? "", origin: job.data.origin, article: job.data.input.id });
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const result = analyzeOne(job.data.input);
      if (!result.ok) {
        if (PERMANENT.has(result.code)) throw new UnrecoverableError(`${result.code}: ${result.message}`);
        throw new Error(`${result.code}: ${result.message}`);
      }
      const r = await store.putArticle(result.gold, { diagnostics: result.diagnostics });
      processed++;
      opts.onJob?.({ id: job.id ?? "", origin: job.data.origin, ok: true, created: r.created });
      return r;
    },
    {
      connection: connection(url),
      concurrency: opts.concurrency ?? 1,
      lockDuration: lockMs,
      stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
      maxStalledCount: 3,
      autorun: false,
    },
  );
  worker.on("failed", (job, err) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final =
      err instanceof UnrecoverableError || err.name === "UnrecoverableError" || job.attemptsMade >= attempts;
    opts.onJob?.({ id: job.id ?? "", origin: job.data.origin, ok: false, message: err.message });
    if (!final) return;
    const code = /^([A-Z_]+): /u.exec(err.message)?.[1] ?? "INTERNAL";
    const message = err.message.replace(/^[A-Z_]+: /u, "");
    const d: DeadLetter = {
      origin: job.data.origin,
      id: job.data.input.id,
      code,
      message,
      attempts: job.attemptsMade,
      at: new Date().toISOString(),
    };
    void dead.add("job", d, { jobId: job.id }).catch(() => {});
    void store.recordFailure({ origin: d.origin, articleId: d.id, code, message }).catch(() => {});
  });
  // A lost connection is retried by ioredis; the error event must exist or it would crash the process.
  worker.on("error", () => {});
  const running = worker.run();
  opts.signal?.addEventListener("abort", () => void worker.close(), { once: true });
  try {
    await worker.waitUntilReady();
  } catch (e) {
    await worker.close(true).catch(() => {});
    await dead.close().catch(() => {});
    throw queueError(e, url);
  }
  if (opts.drain && !opts.signal?.aborted) {
    const q = new Queue(name, { connection: connection(url) });
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 500));
        if (opts.signal?.aborted) break;
        const c = await q.getJobCounts("waiting", "active", "delayed", "prioritized");
        if (Object.values(c).every((n) => n === 0)) break;
      }
    } finally {
      await q.close();
    }
    await worker.close();
  }
  await running;
  await dead.close();
  return { processed };
}

export async function clearQueue(url: string, name = DEFAULT_QUEUE): Promise<void> {
  for (const n of [name, `${name}-dead`]) {
    const q = new Queue(n, { connection: connection(url) });
    try {
      await q.obliterate({ force: true });
    } finally {
      await q.close();
    }
  }
}

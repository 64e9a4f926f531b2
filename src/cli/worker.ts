import { openStore } from "../store/index.js";
import { EXIT } from "./exit.js";
import type { IngestCliOptions } from "./ingest.js";
import { write, type CliIO } from "./io.js";

/** `vigie ingest --queue URL`: enqueues analysis jobs instead of analysing here. */
export async function runEnqueue(inputs: string[], opts: IngestCliOptions, io: CliIO): Promise<number> {
  // The store is optional here: given, articles it already holds are not enqueued again.
  const { enqueue } = await import("../queue/queue.js");
  const store = opts.db ? await openStore(opts.db) : undefined;
  try {
    const s = await enqueue(inputs, opts.queue!, {
      name: opts.queueName,
      store,
      read: {
        stdin: io.stdin,
        lang: opts.lang,
        published: opts.published,
        maxArticleBytes: opts.maxBytes,
        onWarning: (m) => void write(io.stderr, `vigie: warning: ${m}\n`),
      },
      onFailure: (f) => void write(io.stderr, `vigie: ${f.message}\n`),
    });
    if (opts.json) await write(io.stdout, `${JSON.stringify({ done: s })}\n`);
    else {
      await write(
        io.stderr,
        `enqueued ${s.enqueued} articles (${s.duplicates} already stored or repeated, ${s.failed} unreadable, on the dead-letter list)\n`,
      );
    }
    return s.failed > 0 ? EXIT.FAILURE : EXIT.OK;
  } finally {
    await store?.close();
  }
}

export interface WorkerCliOptions {
  queue: string;
  db?: string;
  name?: string;
  concurrency?: number;
  lockMs?: number;
  drain?: boolean;
  delayMs?: number;
  status?: boolean;
  dead?: boolean;
  json?: boolean;
  models?: boolean;
  kb?: string[];
}

/** `vigie worker`: consumes the queue into the store; --status and --dead only report. */
export async function runWorkerCli(opts: WorkerCliOptions, io: CliIO): Promise<number> {
  // BullMQ and ioredis load only for the commands that use them.
  const { deadLetters, queueCounts, runWorker } = await import("../queue/queue.js");
  if (opts.status) {
    await write(io.stdout, `${JSON.stringify(await queueCounts(opts.queue, opts.name))}\n`);
    return EXIT.OK;
  }
  if (opts.dead) {
    for (const d of await deadLetters(opts.queue, opts.name))
      await write(io.stdout, `${JSON.stringify(d)}\n`);
    return EXIT.OK;
  }
  const store = await openStore(opts.db);
  // Ctrl-C or a service manager's SIGTERM: finish the current job, then stop.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const done = runWorker(opts.queue, store, {
      name: opts.name,
      concurrency: opts.concurrency,
      lockMs: opts.lockMs,
      drain: opts.drain,
      signal: stop.signal,
      delayMs: opts.delayMs,
      models: opts.models,
      kb: opts.kb,
      onStart: (j) => {
        if (opts.json) void write(io.stdout, `${JSON.stringify({ start: j })}\n`);
      },
      onJob: (j) => {
        if (opts.json) void write(io.stdout, `${JSON.stringify({ job: j })}\n`);
        else if (!j.ok) void write(io.stderr, `vigie: ${j.origin}: ${j.message ?? "failed"}\n`);
      },
    });
    const r = await done;
    if (opts.json) await write(io.stdout, `${JSON.stringify({ done: r })}\n`);
    else await write(io.stderr, `worker stored ${r.processed} articles\n`);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await store.close();
  }
  return EXIT.OK;
}

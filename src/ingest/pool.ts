import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AnalyzeInput } from "../analyze.js";
import { type Analysis, type AnalyzerSettings, makeAnalyzeOne } from "./analyze-one.js";

export interface Analyzer {
  /** Threads analysing in parallel (1: the calling thread itself). */
  readonly threads: number;
  analyze(input: AnalyzeInput): Promise<Analysis>;
  close(): Promise<void>;
}

/**
 * The compiled worker script. Under vitest this module is TypeScript, which a worker thread cannot
 * load, so the build in dist/ is used; undefined when there is none (run `npm run build`).
 */
export function workerScript(): string | undefined {
  const here = new URL("./analyze-worker.js", import.meta.url);
  const built = new URL("../../dist/ingest/analyze-worker.js", import.meta.url);
  for (const u of [here, built]) {
    const p = fileURLToPath(u);
    if (existsSync(p)) return p;
  }
  return undefined;
}

class InlineAnalyzer implements Analyzer {
  readonly threads = 1;
  private readonly run: (input: AnalyzeInput) => Analysis;
  constructor(settings: AnalyzerSettings) {
    this.run = makeAnalyzeOne(settings);
  }
  analyze(input: AnalyzeInput): Promise<Analysis> {
    return Promise.resolve(this.run(input));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Slot {
  worker: Worker;
  pending: Map<number, (a: Analysis) => void>;
}

/**
 * Worker threads, each analysing the articles sent to it. A thread that dies fails its pending
 * articles (recorded as INTERNAL failures by the caller) and is replaced, so a pathological article
 * cannot stop a batch.
 */
class ThreadAnalyzer implements Analyzer {
  private readonly slots: Slot[] = [];
  private seq = 0;
  private closing = false;

  constructor(
    readonly threads: number,
    private readonly script: string,
    private readonly settings: AnalyzerSettings,
  ) {
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, { workerData: this.settings });
    const slot: Slot = { worker, pending: new Map() };
    worker.on("message", (m: { seq: number; result: Analysis }) => {
      const done = slot.pending.get(m.seq);
      slot.pending.delete(m.seq);
      done?.(m.result);
    });
    const fail = (why: string) => {
      for (const done of slot.pending.values()) done({ ok: false, code: "INTERNAL", message: why });
      slot.pending.clear();
      if (this.closing) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
    };
    worker.on("error", (e) => fail(`the analysis thread failed: ${e.message}`));
    worker.on("exit", (code) => {
      if (!this.closing) fail(`the analysis thread exited (code ${code})`);
    });
    return slot;
  }

  analyze(input: AnalyzeInput): Promise<Analysis> {
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const seq = ++this.seq;
    const target = slot;
    return new Promise((resolve) => {
      target.pending.set(seq, resolve);
      const { id, text, lang, published, title, url, source } = input;
      target.worker.postMessage({ seq, input: { id, text, lang, published, title, url, source } });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/**
 * An analyzer on `threads` threads: worker threads when more than one is asked for and the compiled
 * worker exists, else the calling thread (onWarning says why when threads were asked for).
 */
export function createAnalyzer(
  threads: number,
  settings: AnalyzerSettings = {},
  onWarning: (m: string) => void = () => {},
): Analyzer {
  if (threads <= 1) return new InlineAnalyzer(settings);
  const script = workerScript();
  if (script === undefined) {
    onWarning("the compiled analysis worker is missing (run `npm run build`): analysing on one thread");
    return new InlineAnalyzer(settings);
  }
  return new ThreadAnalyzer(threads, script, settings);
}

import { spawn } from "node:child_process";
import { openStore } from "../store/index.js";
import type { StoreStats } from "../store/types.js";

export interface CrashReport {
  /** Ingest runs killed with SIGKILL before the final, complete run. */
  kills: number;
  /** Articles in the store at each kill. */
  storedAtKill: number[];
  final: StoreStats;
  expected: number;
  lost: number;
  duplicated: number;
  /** Articles whose events were not all stored (a torn write). */
  torn: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `vigie ingest` on the inputs, kills it with SIGKILL once a few more articles are stored,
 * again and again, then lets a last run finish, and checks the store: every article exactly once,
 * each with all its events. Used by the crash test (a few cycles) and the benchmark (twenty).
 */
export async function crashCycles(opts: {
  bin: string;
  db: string;
  inputs: string[];
  expected: number;
  cycles: number;
  workers?: number;
  /** Articles to wait for between kills (default 3). */
  gain?: number;
  onCycle?: (i: number, stored: number) => void;
}): Promise<CrashReport> {
  const storedAtKill: number[] = [];
  const run = () =>
    spawn(
      process.execPath,
      [
        opts.bin,
        "ingest",
        "--db",
        opts.db,
        "--workers",
        String(opts.workers ?? 1),
        "--no-progress",
        ...opts.inputs,
      ],
      {
        stdio: "ignore",
      },
    );
  const store = await openStore(opts.db);
  try {
    let before = (await store.stats()).articles;
    for (let i = 0; i < opts.cycles; i++) {
      const child = run();
      let exited = false;
      const done = new Promise<void>((r) =>
        child.on("exit", () => {
          exited = true;
          r();
        }),
      );
      for (;;) {
        await sleep(25);
        if (exited) break;
        const n = (await store.stats()).articles;
        if (n >= before + (opts.gain ?? 3)) break;
      }
      if (exited) break;
      child.kill("SIGKILL");
      await done;
      before = (await store.stats()).articles;
      storedAtKill.push(before);
      opts.onCycle?.(i + 1, before);
      if (before >= opts.expected) break;
    }
    const last = run();
    await new Promise<void>((r) => last.on("exit", () => r()));
    const final = await store.stats();
    let torn = 0;
    let duplicated = 0;
    for (let offset = 0; ; offset += 500) {
      const page = await store.listArticles({ limit: 500, offset });
      for (const a of page.items) {
        if (a.id.includes("~")) duplicated++;
        const full = await store.getArticle(a.id);
        if (!full || full.events.some((e) => e.event_id === "")) torn++;
      }
      if (page.items.length < 500) break;
    }
    return {
      kills: storedAtKill.length,
      storedAtKill,
      final,
      expected: opts.expected,
      lost: Math.max(0, opts.expected - (final.articles - duplicated)),
      duplicated,
      torn,
    };
  } finally {
    await store.close();
  }
}

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { inventedArticles, writeJsonl } from "../ingest/test-utils/articles.js";
import { runCli } from "../cli/test-utils/run.js";
import { openStore } from "../store/index.js";
import { TEST_PG, TEST_REDIS, freshPgSchema } from "../store/test-utils/stores.js";
import { clearQueue, deadLetters, enqueue, queueCounts } from "./queue.js";

const BIN = resolve(import.meta.dirname, "../../dist/cli/bin.js");
const ready = Boolean(TEST_PG && TEST_REDIS && existsSync(BIN));
if (!ready) {
  console.log(
    "VIGIE_TEST_PG, VIGIE_TEST_REDIS or dist/cli/bin.js missing: the distributed ingest test is skipped",
  );
}

const tmp = mkdtempSync(join(tmpdir(), "vigie-queue-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Worker {
  child: ChildProcess;
  jobs: number;
  /** The article of the job started last. */
  current?: string;
  exited: Promise<number | null>;
}

function startWorker(queue: string, name: string, db: string): Worker {
  const child = spawn(
    process.execPath,
    [
      BIN,
      "worker",
      "--queue",
      queue,
      "--name",
      name,
      "--db",
      db,
      "--lock-ms",
      "2000",
      "--delay-ms",
      "150",
      "--drain",
      "--json",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const w: Worker = {
    child,
    jobs: 0,
    exited: new Promise((r) => child.on("exit", (code) => r(code))),
  };
  createInterface({ input: child.stdout! }).on("line", (l) => {
    if (l.startsWith('{"job"')) w.jobs++;
    if (l.startsWith('{"start"')) w.current = (JSON.parse(l) as { start: { article: string } }).start.article;
  });
  return w;
}

describe.skipIf(!ready)("distributed ingest (BullMQ on Redis, PostgreSQL)", () => {
  it(
    "stores every job once with three workers, one of them killed mid-job",
    { timeout: 240_000 },
    async () => {
      const redis = TEST_REDIS!;
      const name = `vt-${process.pid}-${Date.now()}`;
      const pg = await freshPgSchema(TEST_PG!);
      const n = 24;
      const input = join(tmp, "jobs.jsonl");
      writeJsonl(input, [
        ...inventedArticles(n),
        // A language Vigie does not analyse: it fails at once, without retries, onto the dead-letter list.
        { id: "poison", lang: "de", text: "Der Bürgermeister von Tarvanien hat heute eine Rede gehalten." },
      ]);
      try {
        const r = await runCli([
          "ingest",
          "--queue",
          redis,
          "--queue-name",
          name,
          "--json",
          input,
          join(tmp, "missing.jsonl"),
        ]);
        expect(r.code).toBe(1);
        expect(JSON.parse(r.out)).toEqual({
          done: { read: n + 2, enqueued: n + 1, duplicates: 0, failed: 1 },
        });
        // Enqueueing again adds nothing: job ids are content hashes.
        await enqueue([input], redis, { name });
        expect((await queueCounts(redis, name)).waiting).toBe(n + 1);

        const workers = [0, 1, 2].map(() => startWorker(redis, name, pg.url));
        const victim = workers[0]!;
        const deadline = Date.now() + 120_000;
        while (victim.jobs < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        // Its next job has started (each job waits 150 ms before analysing): kill it in the middle.
        await new Promise((r) => setTimeout(r, 60));
        victim.child.kill("SIGKILL");
        const interrupted = victim.current;
        expect(interrupted).toBeDefined();
        const codes = await Promise.all(workers.map((w) => w.exited));
        expect(codes.slice(1)).toEqual([0, 0]);

        const store = await openStore(pg.url);
        try {
          const st = await store.stats();
          expect(st.articles).toBe(n);
          expect(st.failures).toBe(1);
          const page = await store.listArticles({ limit: 100 });
          expect(new Set(page.items.map((a) => a.id)).size).toBe(n);
          expect(page.items.some((a) => a.id.includes("~"))).toBe(false);
          expect(page.items.map((a) => a.id)).toContain(interrupted);
        } finally {
          await store.close();
        }
        const dead = await deadLetters(redis, name);
        expect(dead.map((d) => [d.origin.replace(/^.*\//u, ""), d.code]).sort()).toEqual([
          ["jobs.jsonl:25", "LANG_UNSUPPORTED"],
          ["missing.jsonl", "INPUT_NOT_FOUND"],
        ]);
        expect(await queueCounts(redis, name)).toMatchObject({ waiting: 0, active: 0, delayed: 0, dead: 2 });
      } finally {
        await clearQueue(redis, name);
        await pg.drop();
      }
    },
  );
});

describe("queue URLs", () => {
  it.each(["postgres://x/y", "127.0.0.1:6379", ""])("refuses %j", async (url) => {
    await expect(enqueue([], url)).rejects.toMatchObject({ code: "USAGE" });
  });
});

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../store/index.js";
import { crashCycles } from "./crash-check.js";
import { inventedArticles, writeJsonl } from "./test-utils/articles.js";

const BIN = resolve(import.meta.dirname, "../../dist/cli/bin.js");
const built = existsSync(BIN);
if (!built) console.log("dist/cli/bin.js is missing (run npm run build): the kill -9 ingest test is skipped");

const tmp = mkdtempSync(join(tmpdir(), "vigie-crash-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!built)("ingest killed with SIGKILL", () => {
  it("stores every article exactly once after five kills and a re-run", { timeout: 240_000 }, async () => {
    const input = join(tmp, "articles.jsonl");
    const n = 60;
    writeJsonl(input, inventedArticles(n));
    const report = await crashCycles({
      bin: BIN,
      db: join(tmp, "crash.db"),
      inputs: [input],
      expected: n,
      cycles: 5,
    });
    expect(report.kills).toBeGreaterThanOrEqual(1);
    expect(report.storedAtKill[0]).toBeLessThan(n);
    expect({
      articles: report.final.articles,
      lost: report.lost,
      duplicated: report.duplicated,
      torn: report.torn,
    }).toEqual({
      articles: n,
      lost: 0,
      duplicated: 0,
      torn: 0,
    });
    // The same input ingested in one clean run gives the same store.
    const clean = await crashCycles({
      bin: BIN,
      db: join(tmp, "clean.db"),
      inputs: [input],
      expected: n,
      cycles: 0,
    });
    expect(clean.final).toEqual(report.final);
  });

  it("lets two ingest processes write one SQLite file at the same time", { timeout: 240_000 }, async () => {
    const rows = inventedArticles(40);
    const a = join(tmp, "first.jsonl");
    const b = join(tmp, "second.jsonl");
    writeJsonl(a, rows.slice(0, 20));
    writeJsonl(b, rows.slice(20));
    const db = join(tmp, "shared.db");
    const run = (input: string) =>
      new Promise<number | null>((done) =>
        spawn(process.execPath, [BIN, "ingest", "--db", db, "--workers", "1", input], { stdio: "ignore" }).on(
          "exit",
          done,
        ),
      );
    expect(await Promise.all([run(a), run(b)])).toEqual([0, 0]);
    const store = await openStore(db);
    try {
      expect(await store.stats()).toMatchObject({ articles: 40, failures: 0 });
    } finally {
      await store.close();
    }
  });
});

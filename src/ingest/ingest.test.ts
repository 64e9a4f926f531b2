import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isInputFailure } from "../input/read.js";
import { openStore } from "../store/index.js";
import { ingest } from "./ingest.js";
import { workerScript } from "./pool.js";
import { countArticles, readSources } from "./sources.js";
import { inventedArticles, writeJsonl } from "./test-utils/articles.js";

const tmp = mkdtempSync(join(tmpdir(), "vigie-ingest-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dir = join(tmp, "tree");
mkdirSync(join(dir, "b", "c"), { recursive: true });
writeFileSync(join(dir, "a.txt"), "Le maire de Lyon a démissionné hier.");
writeFileSync(join(dir, "b", "x.jsonl"), '{"id":"x1","text":"Un texte."}\n{"id":"x2","text":"Un autre."}\n');
writeFileSync(
  join(dir, "b", "c", "f.xml"),
  "<rss><channel><item><guid>i1</guid><description>Texte du flux.</description></item></channel></rss>",
);
writeFileSync(join(dir, "b", "c", "page.xml"), "<html><body>not a feed</body></html>");
writeFileSync(join(dir, "b", "image.png"), Buffer.from([0x89, 0x50]));
writeFileSync(join(dir, ".hidden.txt"), "secret");

describe("readSources", () => {
  it("walks folders in name order, reads feeds, skips other files with a warning", async () => {
    const warnings: string[] = [];
    const got: string[] = [];
    for await (const item of readSources([dir], { onWarning: (m) => warnings.push(m) })) {
      got.push(isInputFailure(item) ? `!${item.error.code}` : item.id);
    }
    expect(got).toEqual(["a", "i1", "!INPUT_FEED", "x1", "x2"]);
    expect(warnings).toEqual([expect.stringContaining("image.png: skipped")]);
  });

  it("reports a missing path and goes on", async () => {
    const got: string[] = [];
    for await (const item of readSources([join(tmp, "nope"), join(dir, "a.txt")])) {
      got.push(isInputFailure(item) ? `!${item.error.code}` : item.id);
    }
    expect(got).toEqual(["!INPUT_NOT_FOUND", "a"]);
  });

  it("counts articles ahead for the ETA", async () => {
    expect(await countArticles([dir])).toBe(5);
    expect(await countArticles([dir, "-"])).toBeUndefined();
  });
});

const built = workerScript() !== undefined;
if (!built)
  console.log(
    "the compiled analysis worker is missing (run npm run build): the worker-thread ingest test is skipped",
  );

describe.skipIf(!built)("ingest on worker threads", () => {
  it("stores the same as on one thread", { timeout: 120_000 }, async () => {
    const input = join(tmp, "in.jsonl");
    writeJsonl(input, inventedArticles(12));
    const results = [];
    for (const workers of [1, 2]) {
      const store = await openStore(join(tmp, `w${workers}.db`));
      try {
        const p = await ingest([input], store, { workers });
        expect(p).toMatchObject({ read: 12, stored: 12, failed: 0 });
        results.push(await store.stats());
      } finally {
        await store.close();
      }
    }
    expect(results[1]).toEqual(results[0]);
    expect(existsSync(join(tmp, "w2.db"))).toBe(true);
  });
});

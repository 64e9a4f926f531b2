// Store and ingest benchmark (npm run bench): the full pipeline into SQLite on worker threads, the
// store's own write speed (SQLite, and PostgreSQL when VIGIE_BENCH_PG or VIGIE_TEST_PG is set),
// kill -9 cycles, peak RSS. Reads ../shared/data/news-raw-gilets-jaunes/fr.jsonl.
// VIGIE_BENCH_STORE_ARTICLES limits the articles (default: all 2,578); VIGIE_BENCH_KILLS sets the
// kill -9 cycles (default 20); VIGIE_BENCH_WORKERS the analysis threads (default: every core).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crashCycles } from "../dist/ingest/crash-check.js";
import { ingest } from "../dist/ingest/ingest.js";
import { openStore } from "../dist/store/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const file = join(root, "..", "shared", "data", "news-raw-gilets-jaunes", "fr.jsonl");
if (!existsSync(file)) {
  console.log(`${file} is absent: store benchmark skipped`);
  process.exit(0);
}
const limit = Number(process.env.VIGIE_BENCH_STORE_ARTICLES ?? Infinity);
const kills = Number(process.env.VIGIE_BENCH_KILLS ?? 20);
const workers = Number(process.env.VIGIE_BENCH_WORKERS ?? availableParallelism());
const pgUrl = process.env.VIGIE_BENCH_PG ?? process.env.VIGIE_TEST_PG;
const tmp = mkdtempSync(join(tmpdir(), "vigie-bench-store-"));
const lines = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .slice(0, limit);
const input = join(tmp, "fr.jsonl");
writeFileSync(input, lines.map((l) => `${l}\n`).join(""));
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

try {
  console.log(
    `${lines.length} French articles, ${workers} analysis threads, ${availableParallelism()} cores`,
  );

  // 1. Full pipeline (read, analyse on worker threads, store) into a fresh SQLite file.
  const dbPath = join(tmp, "full.db");
  let store = await openStore(dbPath);
  const cpu0 = cpu();
  const p = await ingest([input], store, { workers });
  const mainCpu = cpu() - cpu0;
  const stats = await store.stats();
  await store.close();
  console.log(
    `ingest, full pipeline -> SQLite: ${p.stored} stored, ${p.failed} failed in ${p.elapsed_s.toFixed(1)} s = ` +
      `${p.rate.toFixed(1)} articles/s (process CPU incl. threads ${mainCpu.toFixed(1)} s, ` +
      `${(p.stored / mainCpu).toFixed(1)} articles per CPU-second)`,
  );
  console.log(`  store: ${JSON.stringify(stats)}`);

  // 2. The store alone: the same analysed articles written again into empty stores.
  store = await openStore(dbPath);
  const golds = [];
  for (let offset = 0; ; offset += 500) {
    const page = await store.listArticles({ limit: 500, offset });
    for (const a of page.items) {
      const g = await store.getArticle(a.id);
      golds.push({
        id: g.id,
        lang: g.lang,
        published: g.published,
        text: g.text,
        entities: g.entities,
        events: g.events,
        relations: g.relations,
      });
    }
    if (page.items.length < 500) break;
  }
  await store.close();
  const targets = [["SQLite", join(tmp, "write.db")]];
  if (pgUrl) targets.push(["PostgreSQL", pgUrl]);
  else console.log("  (PostgreSQL: set VIGIE_BENCH_PG=postgres://... to measure it)");
  for (const [name, url] of targets) {
    const s = await openStore(url);
    if (name === "PostgreSQL" && (await s.stats()).articles > 0) {
      console.log(`  ${name}: the database is not empty, skipped`);
      await s.close();
      continue;
    }
    const t0 = performance.now();
    for (const g of golds) await s.putArticle(g);
    const secs = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    let dup = 0;
    for (const g of golds) if (!(await s.putArticle(g)).created) dup++;
    const secsDup = (performance.now() - t1) / 1000;
    const q0 = performance.now();
    await s.queryEvents({ actor: "Emmanuel Macron", limit: 100 });
    await s.graph({});
    const qs = (performance.now() - q0) / 1000;
    console.log(
      `store writes only -> ${name}: ${golds.length} articles in ${secs.toFixed(1)} s = ${(golds.length / secs).toFixed(0)} ` +
        `articles/s; again (all duplicates: ${dup}) ${(golds.length / secsDup).toFixed(0)} articles/s; ` +
        `actor query + whole graph ${qs.toFixed(2)} s`,
    );
    await s.close();
  }

  // 3. kill -9 in the middle of ingests, again and again, then a complete run.
  if (kills > 0) {
    const subset = join(tmp, "kill.jsonl");
    const n = Math.min(lines.length, 400);
    writeFileSync(
      subset,
      lines
        .slice(0, n)
        .map((l) => `${l}\n`)
        .join(""),
    );
    const r = await crashCycles({
      bin: join(root, "dist", "cli", "bin.js"),
      db: join(tmp, "kill.db"),
      inputs: [subset],
      expected: n,
      cycles: kills,
      workers,
      gain: Math.max(3, Math.floor(n / (kills + 5))),
    });
    console.log(
      `kill -9 cycles: ${r.kills} kills (stored at each: ${r.storedAtKill.join(", ")}), then a full run: ` +
        `${r.final.articles}/${r.expected} articles, ${r.lost} lost, ${r.duplicated} duplicated, ${r.torn} torn`,
    );
  }
  console.log(`peak RSS (this process, analysis threads included): ${mb(process.resourceUsage().maxRSS)}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

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
import pg from "pg";
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

  let dropSchema;
  let pgSchemaUrl;
  if (pgUrl) {
    // A schema of its own, so that the figures never depend on what the database already holds.
    const schema = `vigie_bench_${process.pid}`;
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    dropSchema = async () => {
      const d = new pg.Client({ connectionString: pgUrl });
      await d.connect();
      await d.query(`drop schema ${schema} cascade`);
      await d.end();
    };
    const sep = pgUrl.includes("?") ? "&" : "?";
    pgSchemaUrl = `${pgUrl}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  } else console.log("  (PostgreSQL: set VIGIE_BENCH_PG=postgres://... to measure it)");

  // 1. Full pipeline (read, analyse on worker threads, store) into a fresh SQLite file, and PostgreSQL.
  const dbPath = join(tmp, "full.db");
  const full = [["SQLite", dbPath]];
  if (pgSchemaUrl) full.push(["PostgreSQL", pgSchemaUrl]);
  for (const [name, url] of full) {
    const s = await openStore(url);
    const cpu0 = cpu();
    const p = await ingest([input], s, { workers });
    const used = cpu() - cpu0;
    const stats = await s.stats();
    await s.close();
    console.log(
      `ingest, full pipeline -> ${name}: ${p.stored} stored, ${p.failed} failed in ${p.elapsed_s.toFixed(1)} s = ` +
        `${p.rate.toFixed(1)} articles/s (process CPU incl. threads ${used.toFixed(1)} s, ` +
        `${(p.stored / used).toFixed(1)} articles per CPU-second)`,
    );
    console.log(`  store: ${JSON.stringify(stats)}`);
  }

  // 2. The store alone: the same analysed articles written again into empty stores.
  let store = await openStore(dbPath);
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
  const targets = [
    ["SQLite, one transaction per article", join(tmp, "write1.db"), 1],
    ["SQLite, 64 articles per transaction", join(tmp, "write64.db"), 64],
  ];
  if (pgSchemaUrl) {
    // The full-pipeline run filled the schema: empty it for the write-only figure.
    const c = new pg.Client({ connectionString: pgSchemaUrl });
    await c.connect();
    await c.query(
      "truncate articles, actors, article_entities, mentions, events, event_actors, event_reports, relations, relation_evidence, failures",
    );
    await c.end();
    targets.push(["PostgreSQL, 64 articles per transaction", pgSchemaUrl, 64]);
  }
  for (const [name, url, batch] of targets) {
    const s = await openStore(url);
    const t0 = performance.now();
    for (let i = 0; i < golds.length; i += batch) {
      if (batch === 1) await s.putArticle(golds[i]);
      else await s.putArticles(golds.slice(i, i + batch).map((article) => ({ article })));
    }
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
  await dropSchema?.();

  // 3. kill -9 in the middle of ingests, again and again, then a complete run.
  if (kills > 0) {
    const subset = join(tmp, "kill.jsonl");
    const n = Math.min(lines.length, 1000);
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
      // Half the articles go in during the killed runs, so that every kill falls mid-run.
      gain: Math.max(3, Math.floor(n / (kills * 2))),
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

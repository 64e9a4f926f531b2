// Load benchmark of the HTTP API: 200 concurrent clients for 60 s of event queries on loopback
// (autocannon), against `vigie serve` running in its own process over a temporary SQLite store
// that holds the bundled examples plus the first articles of ../shared/data/news-raw-gilets-jaunes
// when it is there. Needs `npm run build` (npm run bench does it).
//   node scripts/bench-server.mjs [--connections 200] [--duration 60] [--articles 300] [--db PATH]
// (--db keeps the store in PATH and reuses it when it already holds articles)
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const connections = arg("connections", 200);
const duration = arg("duration", 60);
const maxArticles = arg("articles", 300);
const dbIndex = process.argv.indexOf("--db");
const keptDb = dbIndex > 0 ? process.argv[dbIndex + 1] : undefined;

const { openStore } = await import(join(root, "dist/store/index.js"));
const { readArticles, isInputFailure } = await import(join(root, "dist/input/read.js"));
const { analyzeToGold } = await import(join(root, "dist/server/analyze.js"));
const { examplesPath } = await import(join(root, "dist/cli/demo.js"));

const dir = mkdtempSync(join(tmpdir(), "vigie-bench-server-"));
const db = keptDb ?? join(dir, "bench.db");
const store = await openStore(db);
const raw = join(root, "..", "shared", "data", "news-raw-gilets-jaunes");
const inputs = [examplesPath()];
if (existsSync(raw)) inputs.push(...["fr", "en", "es"].map((l) => join(raw, `${l}.jsonl`)));
else console.log(`(${raw} is absent: the store holds the bundled examples only)`);
let stored = 0;
const t0 = performance.now();
for (const input of (await store.stats()).articles > 0 ? [] : inputs) {
  let fromFile = 0;
  for await (const item of readArticles([input], { onWarning: () => {} })) {
    if (isInputFailure(item)) continue;
    if (stored >= maxArticles + 6 || fromFile >= Math.ceil(maxArticles / 3) + 6) break;
    try {
      const { gold, diagnostics } = analyzeToGold(item);
      await store.putArticle(gold, { diagnostics });
      stored++;
      fromFile++;
    } catch {
      // A failing article is the ingest's business, not this benchmark's.
    }
  }
}
const stats = await store.stats();
const actors = (await store.queryActors({ limit: 5 })).items.map((a) => a.name);
await store.close();
console.log(
  `store: ${stats.articles} articles, ${stats.events} events, ${stats.actors} actors (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);

const server = spawn(process.execPath, [join(root, "dist/cli/bin.js"), "serve", "--db", db, "--port", "0"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += String(d);
    const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
    if (m) resolve(m[1]);
  });
  server.once("exit", (code) => reject(new Error(`vigie serve exited with ${code}: ${out}`)));
});

const paths = [
  "/api/events?limit=50",
  "/api/events?type=ASSAULT&limit=50",
  "/api/events?modality=reported",
  "/api/events?from=2019-01-01&to=2019-06-30",
  "/api/events?country=FRA",
  "/api/events?bbox=-5,41,10,51",
  ...actors.map((a) => `/api/events?actor=${encodeURIComponent(a)}`),
];
console.log(`${connections} connections for ${duration} s, cycling over ${paths.length} event queries`);
const result = await autocannon({
  url,
  connections,
  duration,
  requests: paths.map((path) => ({ method: "GET", path })),
});
server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));
rmSync(dir, { recursive: true, force: true });

const l = result.latency;
console.log(
  `requests: ${result.requests.total} (${result.requests.average.toFixed(0)} req/s), ` +
    `latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms; ` +
    `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
);
process.exit(result.errors || result.timeouts || result.non2xx ? 1 : 0);

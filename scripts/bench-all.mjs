// npm run bench: the pipeline benchmark, then every scripts/bench-*.mjs in its own process so that
// each reports its own peak RSS.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = [
  "bench.mjs",
  ...readdirSync(here)
    .filter((f) => /^bench-.+\.mjs$/.test(f) && f !== "bench-all.mjs")
    .sort(),
].filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let failed = 0;
for (const f of scripts) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, [join(here, f)], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.error(`${f} failed with status ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);

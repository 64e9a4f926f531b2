// Gazetteer benchmark: load time, memory, and name lookups with disambiguation per second.
// Run after `npm run build` (npm run bench does both).
import { performance } from "node:perf_hooks";
import { loadGazetteer } from "../dist/geo/gazetteer.js";
import { resolveName } from "../dist/geo/resolve.js";

const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const gaz = loadGazetteer();
const loadMs = performance.now() - t0;
const rss1 = process.memoryUsage().rss;

// A mix of names as they come out of articles: capitals, ambiguous towns, accents and articles in
// three languages, and names the gazetteer lacks.
const NAMES = [
  "Moscou",
  "Tripoli",
  "Syrte",
  "Alep",
  "Springfield",
  "Paris",
  "Genève",
  "La Havane",
  "Moscú",
  "Nueva York",
  "Los Angeles",
  "Idlib",
  "Benghazi",
  "Nowhereville",
  "Le Caire",
  "Portland",
  "San José",
  "Berlin",
  "Kaboul",
  "Bamako",
  "Washington",
  "Cambridge",
  "Londres",
  "Xyzzy",
];
const ctx = {
  focus: new Map([
    ["LBY", 3],
    ["USA", 1],
  ]),
  resolved: [],
};
const N = 200_000;
let found = 0;
const t1 = performance.now();
for (let i = 0; i < N; i++) if (resolveName(gaz, NAMES[i % NAMES.length], ctx) !== undefined) found++;
const s = (performance.now() - t1) / 1000;
console.log(`places: ${gaz.size}`);
console.log(
  `load: ${loadMs.toFixed(0)} ms, RSS +${((rss1 - rss0) / 2 ** 20).toFixed(0)} MiB (total ${(rss1 / 2 ** 20).toFixed(0)} MiB)`,
);
console.log(`lookups: ${Math.round(N / s).toLocaleString("en")} /s (${found} of ${N} found)`);

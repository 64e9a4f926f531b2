// Date extraction speed (npm run bench): a 3,000-character French article, best of ten batches.
// The target (under 5 ms an article) lives here rather than in a timed test.
import { extractDates } from "../dist/stages/dates/dates.js";

const para =
  "Les forces loyales au gouvernement ont repoussé mercredi une attaque au sud de la capitale, a indiqué " +
  "un porte-parole. Hier soir, des tirs ont été entendus près de l'aéroport, fermé depuis le 13 janvier. " +
  "Les négociations, suspendues la semaine dernière, devraient reprendre mardi prochain selon l'émissaire.\n";
const text = para.repeat(Math.ceil(3000 / para.length)).slice(0, 3000);
for (let i = 0; i < 20; i++) extractDates(text, "fr", { published: "2020-02-20" });
let best = Infinity;
for (let b = 0; b < 10; b++) {
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) extractDates(text, "fr", { published: "2020-02-20" });
  best = Math.min(best, (performance.now() - t0) / 10);
}
console.log(`Dates: ${best.toFixed(2)} ms per 3,000-character French article (target < 5 ms)`);

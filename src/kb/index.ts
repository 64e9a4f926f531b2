import { resolve } from "node:path";
import { LANGS } from "../doc/types.js";
import type { EntityType, Lang } from "../doc/types.js";
import { VigieError } from "../errors.js";
import countriesData from "./data/countries.json" with { type: "json" };
import organisationsData from "./data/organisations.json" with { type: "json" };
import { activeRoles, loadUserKb } from "./user.js";
import type { ActorRole, UserActor } from "./user.js";

export type { ActorRole, UserActor } from "./user.js";

export type Names = Record<Lang, string[]>;
export type LatLng = [number, number];

/** Demonym forms of one language, form → code: "m"/"f" gender and "s"/"p" number, each optional. */
export type DemonymForms = Record<string, string>;

export interface CapitalRecord {
  name: string;
  names: Names;
  latlng?: LatLng;
}

export interface CountryRecord {
  iso3: string;
  iso2: string;
  /** Canonical English name. */
  name: string;
  independent: boolean;
  names: Names;
  demonyms: Record<Lang, DemonymForms>;
  latlng: LatLng;
  region: string;
  subregion?: string;
  area: number;
  capital?: CapitalRecord;
}

export interface OrganisationRecord {
  id: string;
  type: "ORG";
  names: Names;
  acronyms: string[];
  country?: string;
  sector: string;
  parent?: string;
}

/**
 * What an entry stands for: a country, a capital city, a listed organisation, a generic state body,
 * or an actor from a user knowledge-base file.
 */
export type KbKind = "country" | "capital" | "organisation" | "state-body" | "user";

export interface KbEntry {
  id: string;
  type: EntityType;
  kind: KbKind;
  /** Canonical English name. */
  name: string;
  names: Names;
  /** ISO alpha-3 code of the country the entry belongs to (the country itself for a country). */
  country?: string;
  /** PLOVER sector code (IGO, GOV, MIL, REB, INS, MED, ...). */
  sector?: string;
  /** ISO alpha-3 code of the country whose capital this city is. */
  capitalOf?: string;
  latlng?: LatLng;
  parent?: string;
  acronyms?: string[];
  /** Date-bounded positions (user entries); see `rolesAt`. */
  roles?: ActorRole[];
}

export interface DemonymInfo {
  iso3: string;
  gender?: "m" | "f";
  number?: "sg" | "pl";
}

const COUNTRIES = countriesData as unknown as CountryRecord[];
const ORGANISATIONS = organisationsData as unknown as OrganisationRecord[];

const LANG_BIT: Record<Lang, number> = { fr: 1, en: 2, es: 4 };
const ALL_LANGS = 7;

/**
 * Result order when no language decides: countries, then organisations, cities, generic bodies.
 * User entries come before all of them, whatever the language (see `extend`).
 */
const Rank = { User: -1, Country: 0, Organisation: 1, Capital: 2, Generated: 3 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

interface Hit {
  entry: KbEntry;
  langs: number;
  rank: Rank;
}

const APOSTROPHES = /[’‘ʼ´`]/gu;
const DASHES = /[‐‑–]/gu;
const SPACES = /\s+/gu;
const ARTICLE = /^(?:(?:le|la|les|the|el|los|las) +|l')(?=\S)/iu;
const MARKS = /\p{M}/gu;

/** Plain ASCII without typographic characters or doubled spaces is already normalised. */
const PLAIN = /^[\x21-\x5f\x61-\x7e]+(?: [\x21-\x5f\x61-\x7e]+)*$/u;
const ASCII = /^[\0-\x7f]*$/u;

export function normaliseName(text: string): string {
  if (PLAIN.test(text)) return text;
  return text.normalize("NFC").replace(APOSTROPHES, "'").replace(DASHES, "-").replace(SPACES, " ").trim();
}

function stripArticle(name: string): string {
  return name.replace(ARTICLE, "");
}

function foldKey(key: string): string {
  if (ASCII.test(key)) return key.includes("-") ? key.replaceAll("-", " ") : key;
  return key
    .normalize("NFD")
    .replace(MARKS, "")
    .replace(/œ/gu, "oe")
    .replace(/æ/gu, "ae")
    .replaceAll("-", " ");
}

/** Short acronyms such as "US", "EI", "ONU" or "FAMa" are words when lowercased. */
function isCaseSensitive(name: string): boolean {
  let letters = 0;
  let upper = 0;
  for (const ch of name) {
    const lower = ch.toLowerCase();
    if (lower === ch && ch.toUpperCase() === ch) continue;
    if (++letters > 5) return false;
    if (lower !== ch) upper += 1;
  }
  return letters > 0 && (upper === letters || upper >= 2);
}

function tokenCount(name: string): number {
  let n = 0;
  for (const part of name.split(" ")) {
    if (part === "") continue;
    n += 1;
    for (const ch of part) if (ch === "'" || ch === "," || ch === "/") n += 1;
  }
  return n;
}

function hasCode(code: string, gender: "m" | "f", number: "s" | "p"): boolean {
  const g = code.includes("m") ? "m" : code.includes("f") ? "f" : "";
  const n = code.includes("s") ? "s" : code.includes("p") ? "p" : "";
  return (g === "" || g === gender) && (n === "" || n === number);
}

function toInfo(iso3: string, code: string): DemonymInfo {
  const info: DemonymInfo = { iso3 };
  if (code.includes("m")) info.gender = "m";
  else if (code.includes("f")) info.gender = "f";
  if (code.includes("s")) info.number = "sg";
  else if (code.includes("p")) info.number = "pl";
  return info;
}

type BodyKind = "GOV" | "MIL" | "REB" | "CVL";

/**
 * Generic state bodies ("gouvernement turc", "Russian forces", "ejército de Malí") are recognised by
 * shape at lookup time instead of being indexed: there are tens of thousands of combinations.
 */
const BODY_HEADS: Record<Lang, Record<BodyKind, string[]>> = {
  fr: {
    GOV: ["gouvernement", "régime", "exécutif", "autorités", "pouvoir"],
    MIL: [
      "forces armées",
      "armée de l'air",
      "armée de terre",
      "forces aériennes",
      "marine",
      "aviation",
      "armée",
      "forces",
      "troupes",
      "soldats",
      "militaires",
    ],
    REB: ["rebelles", "insurgés", "séparatistes", "jihadistes", "djihadistes"],
    CVL: ["manifestants", "protestataires", "civils"],
  },
  en: {
    GOV: ["government", "authorities", "regime", "administration"],
    MIL: ["armed forces", "air force", "navy", "army", "military", "forces", "troops", "soldiers"],
    REB: ["rebels", "insurgents", "separatists", "jihadists", "militants"],
    CVL: ["protesters", "protestors", "demonstrators", "civilians"],
  },
  es: {
    GOV: ["gobierno", "régimen", "ejecutivo", "autoridades"],
    MIL: [
      "fuerzas armadas",
      "fuerza aérea",
      "ejército del aire",
      "armada",
      "marina",
      "ejército",
      "fuerzas",
      "tropas",
      "soldados",
      "militares",
    ],
    REB: ["rebeldes", "insurgentes", "separatistas", "yihadistas", "guerrilleros"],
    CVL: ["manifestantes", "civiles"],
  },
};

const BODY_STARTS = new Set(
  Object.values(BODY_HEADS).flatMap((kinds) =>
    Object.values(kinds).flatMap((heads) => heads.map((h) => h.split(" ")[0]!)),
  ),
);
/** Last words of the English heads, which follow their demonym ("Syrian government"). */
const BODY_ENDS = new Set(
  Object.values(BODY_HEADS.en).flatMap((heads) => heads.map((h) => h.split(" ").at(-1)!)),
);
const BODY_PREPS: Record<Lang, string[]> = {
  fr: ["de la ", "de l'", "des ", "du ", "de ", "d'"],
  en: ["of the ", "of "],
  es: ["de la ", "de los ", "del ", "de "],
};
const BODY_LONGEST_HEAD = 4;
const BODY_LONGEST_PREP = 2;

export class KnowledgeBase {
  /** Longest indexed name, in tokens ("l'" and "," count as tokens of their own). */
  maxNameTokens = 1;

  private maxCountryTokens = 1;

  private readonly entries = new Map<string, KbEntry>();
  private readonly countries = new Map<string, CountryRecord>();
  private readonly exact = new Map<string, Hit[]>();
  private readonly folded = new Map<string, Hit[]>();
  private readonly acronyms = new Map<string, Hit[]>();
  /** First words of every indexed name (lowercase, and accentless), for a cheap pre-filter. */
  private readonly starts = new Set<string>();
  private readonly demonyms: Record<Lang, Map<string, DemonymInfo>> = {
    fr: new Map(),
    en: new Map(),
    es: new Map(),
  };

  constructor(countries: CountryRecord[] = COUNTRIES, organisations: OrganisationRecord[] = ORGANISATIONS) {
    for (const c of countries) this.addCountry(c);
    for (const o of organisations) this.addOrganisation(o);
    // When two countries share a form ("congolais", "Dutch"), the sovereign and larger one wins.
    const byWeight = [...countries].sort(
      (a, b) => Number(b.independent) - Number(a.independent) || b.area - a.area,
    );
    this.addDemonyms(byWeight);
    for (const c of byWeight) if (c.independent || c.iso3 === "PSE") this.addStateBodies(c);
    this.maxNameTokens = Math.max(
      this.maxNameTokens,
      this.maxCountryTokens + BODY_LONGEST_HEAD + BODY_LONGEST_PREP,
    );
  }

  /** Entries whose name is `text`, best first; matches in `lang` come before other languages. */
  lookupName(text: string, lang?: Lang): KbEntry[] {
    const name = stripArticle(normaliseName(text));
    if (name === "") return [];
    const hits: Hit[] = [];
    if (isCaseSensitive(name)) hits.push(...(this.acronyms.get(name) ?? []));
    const key = name.toLowerCase();
    const exact = this.exact.get(key);
    if (exact) hits.push(...exact);
    else if (hits.length === 0) hits.push(...(this.folded.get(foldKey(key)) ?? []));
    if (hits.length === 0) return key.includes(" ") ? this.lookupStateBody(key, lang) : [];
    const bit = lang ? LANG_BIT[lang] : 0;
    const ordered = hits
      .map((h, i) => ({ h, i, own: (h.langs & bit) !== 0 ? 0 : 1, user: h.rank === Rank.User ? 0 : 1 }))
      .sort((a, b) => a.user - b.user || a.own - b.own || a.h.rank - b.h.rank || a.i - b.i);
    const out: KbEntry[] = [];
    for (const { h } of ordered) if (!out.includes(h.entry)) out.push(h.entry);
    return out;
  }

  /**
   * The country of a demonym adjective or noun ("turques", "Turkish", "libios"). French and Spanish
   * forms are lowercase; a capitalised word is taken as a demonym noun ("les Turcs") unless it is
   * also a place name of that language ("Libia" is the country, not the adjective).
   */
  demonym(word: string, lang: Lang): DemonymInfo | undefined {
    const w = normaliseName(word);
    const lower = w.toLowerCase();
    const table = this.demonyms[lang];
    if (lang === "en") return w === "polish" ? undefined : table.get(lower);
    if (w === lower) return table.get(w);
    if (this.lookupName(w, lang).some((e) => e.type === "GPE")) return undefined;
    return table.get(lower);
  }

  /**
   * Whether some name, state body ("armée turque", "Russian forces") or demonym-led body could
   * start with this word. Callers scanning n-grams skip the other words, which are most of a text.
   */
  canStart(word: string): boolean {
    const w = normaliseName(word).toLowerCase();
    return this.starts.has(w) || this.starts.has(foldKey(w)) || BODY_STARTS.has(w) || this.demonyms.en.has(w);
  }

  country(iso3: string): CountryRecord | undefined {
    return this.countries.get(iso3.toUpperCase());
  }

  byId(id: string): KbEntry | undefined {
    return this.entries.get(id);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Adds user actors (kind "user"), indexed by name, aliases and per-language names like the
   * organisations. Nothing is replaced silently: a name an existing entry already has gets the user
   * entry as an extra hit ranked first (user data wins, the bundled entry stays next), and an id that
   * is already taken is a KB_DATA error, with nothing added.
   */
  extend(actors: readonly UserActor[]): void {
    const ids = new Map<string, string>();
    for (const a of actors) {
      const at = a.origin ? `${a.origin}: ` : "";
      if (this.entries.has(a.id)) {
        throw new VigieError("KB_DATA", `${at}id: ${JSON.stringify(a.id)} is already a knowledge-base id`);
      }
      const first = ids.get(a.id);
      if (first !== undefined) {
        throw new VigieError("KB_DATA", `${at}id: duplicate id ${JSON.stringify(a.id)} (first at ${first})`);
      }
      ids.set(a.id, a.origin ?? "?");
    }
    for (const a of actors) {
      const all = [a.name, ...a.aliases];
      const names: Names = {
        fr: [...all, ...a.names.fr],
        en: [...all, ...a.names.en],
        es: [...all, ...a.names.es],
      };
      const entry: KbEntry = { id: a.id, type: a.type, kind: "user", name: a.name, names };
      if (a.country) entry.country = a.country;
      if (a.sector) entry.sector = a.sector;
      if (a.roles.length) entry.roles = a.roles.map((r) => this.resolveRoleOrg(r));
      this.add(entry, Rank.User);
    }
  }

  /** The entry's roles held on an article date (YYYY-MM-DD): from ≤ date ≤ to, open ends allowed. */
  rolesAt(entry: KbEntry, date: string): ActorRole[] {
    return rolesAt(entry, date);
  }

  /** A role's `org` may be a name; it is stored as the id it names when the KB knows it. */
  private resolveRoleOrg(role: ActorRole): ActorRole {
    if (role.org === undefined || this.entries.has(role.org)) return { ...role };
    const hit = this.lookupName(role.org)[0];
    return hit ? { ...role, org: hit.id } : { ...role };
  }

  private add(entry: KbEntry, rank: Rank, extraAcronyms: string[] = []): void {
    if (this.entries.has(entry.id)) throw new Error(`duplicate knowledge-base id ${entry.id}`);
    this.entries.set(entry.id, entry);
    for (const lang of LANGS) for (const n of entry.names[lang]) this.index(n, entry, LANG_BIT[lang], rank);
    for (const a of extraAcronyms) this.index(a, entry, ALL_LANGS, rank);
  }

  private index(raw: string, entry: KbEntry, langs: number, rank: Rank): void {
    const full = normaliseName(raw);
    const name = stripArticle(full);
    if (name === "") return;
    // "La Habana", "Le Caire": the article is part of the name, so it can start a match.
    if (full !== name) this.starts.add(full.split(/[\s']/u)[0]!.toLowerCase());
    const tokens = tokenCount(name);
    if (tokens > this.maxNameTokens) this.maxNameTokens = tokens;
    if (rank === Rank.Country && tokens > this.maxCountryTokens) this.maxCountryTokens = tokens;
    const first = name.split(" ")[0]!.toLowerCase();
    this.starts.add(first);
    this.starts.add(foldKey(first));
    if (isCaseSensitive(name)) {
      push(this.acronyms, name, entry, langs, rank);
      return;
    }
    const key = name.toLowerCase();
    push(this.exact, key, entry, langs, rank);
    // Short one-word names lose too much without their accents: "Seúl" would be "seul", "Malé" "male".
    if (key.length > 4 || key.includes(" ")) push(this.folded, foldKey(key), entry, langs, rank);
  }

  private addCountry(c: CountryRecord): void {
    this.countries.set(c.iso3, c);
    const id = c.iso3.toLowerCase();
    this.add(
      { id, type: "GPE", kind: "country", name: c.name, names: c.names, country: c.iso3, latlng: c.latlng },
      Rank.Country,
    );
    if (!c.capital) return;
    const cap: KbEntry = {
      id: `city:${id}-capital`,
      type: "GPE",
      kind: "capital",
      name: c.capital.name,
      names: c.capital.names,
      country: c.iso3,
      capitalOf: c.iso3,
    };
    if (c.capital.latlng) cap.latlng = c.capital.latlng;
    this.add(cap, Rank.Capital);
  }

  private addOrganisation(o: OrganisationRecord): void {
    const entry: KbEntry = {
      id: o.id,
      type: o.type,
      kind: "organisation",
      name: o.names.en[0] ?? o.names.fr[0] ?? o.id,
      names: o.names,
      sector: o.sector,
      acronyms: o.acronyms,
    };
    if (o.country) entry.country = o.country;
    if (o.parent) entry.parent = o.parent;
    this.add(entry, Rank.Organisation, o.acronyms);
  }

  private addDemonyms(countries: CountryRecord[]): void {
    for (const c of countries) {
      for (const lang of LANGS) {
        const table = this.demonyms[lang];
        for (const [form, code] of Object.entries(c.demonyms[lang])) {
          const key = lang === "en" ? form.toLowerCase() : form;
          if (!table.has(key)) table.set(key, toInfo(c.iso3, code));
        }
      }
    }
  }

  private addStateBodies(c: CountryRecord): void {
    const id = c.iso3.toLowerCase();
    const adj = (lang: Lang, gender: "m" | "f", number: "s" | "p") =>
      Object.keys(c.demonyms[lang]).find((w) => hasCode(c.demonyms[lang][w] ?? "", gender, number));
    const phrase = (head: string, a: string | undefined, pre = false) =>
      a === undefined ? [] : [pre ? `${a} ${head}` : `${head} ${a}`];
    const gov: Names = {
      fr: phrase("gouvernement", adj("fr", "m", "s")),
      en: phrase("government", adj("en", "m", "s"), true),
      es: phrase("gobierno", adj("es", "m", "s")),
    };
    const mil: Names = {
      fr: phrase("armée", adj("fr", "f", "s")),
      en: phrase("armed forces", adj("en", "m", "s"), true),
      es: phrase("fuerzas armadas", adj("es", "f", "p")),
    };
    // Rebels and protesters of a country are not its state, but they are coded by it (CAMEO's
    // "AFGREB", "SDNCVL"): one actor per country and kind.
    const reb: Names = {
      fr: phrase("rebelles", adj("fr", "m", "p")),
      en: phrase("rebels", adj("en", "m", "s"), true),
      es: phrase("rebeldes", adj("es", "m", "p")),
    };
    const cvl: Names = {
      fr: phrase("manifestants", adj("fr", "m", "p")),
      en: phrase("protesters", adj("en", "m", "s"), true),
      es: phrase("manifestantes", adj("es", "m", "p")),
    };
    const label: Record<BodyKind, string> = {
      GOV: "Government of",
      MIL: "Armed forces of",
      REB: "Rebels in",
      CVL: "Protesters in",
    };
    for (const [kind, names] of [
      ["GOV", gov],
      ["MIL", mil],
      ["REB", reb],
      ["CVL", cvl],
    ] as const) {
      const entry: KbEntry = {
        id: `${kind.toLowerCase()}:${id}`,
        type: "ORG",
        kind: "state-body",
        name: `${label[kind]} ${c.name}`,
        names,
        country: c.iso3,
        sector: kind,
      };
      this.entries.set(entry.id, entry);
    }
  }

  /** "gouvernement de la Turquie", "armée turque", "Russian forces", "ejército de Malí". */
  private lookupStateBody(key: string, lang?: Lang): KbEntry[] {
    // Called for every unknown n-gram: a head word at either end is required before the loops.
    const first = key.slice(0, key.indexOf(" "));
    const last = key.slice(key.lastIndexOf(" ") + 1);
    if (!BODY_STARTS.has(first) && !BODY_ENDS.has(last)) return [];
    const out: KbEntry[] = [];
    for (const l of lang ? [lang, ...LANGS.filter((x) => x !== lang)] : LANGS) {
      for (const kind of ["GOV", "MIL", "REB", "CVL"] as const) {
        for (const head of BODY_HEADS[l][kind]) {
          const iso3 = this.stateBodyCountry(key, head, l);
          const entry = iso3 && this.entries.get(`${kind.toLowerCase()}:${iso3.toLowerCase()}`);
          if (entry && !out.includes(entry)) out.push(entry);
        }
      }
    }
    return out;
  }

  private stateBodyCountry(key: string, head: string, lang: Lang): string | undefined {
    if (lang === "en" && key.endsWith(` ${head}`)) {
      const adj = key.slice(0, key.length - head.length - 1);
      const d = this.demonyms.en.get(adj);
      if (d) return d.iso3;
    }
    if (!key.startsWith(`${head} `)) return undefined;
    const rest = key.slice(head.length + 1);
    const d = this.demonyms[lang].get(rest);
    if (d && lang !== "en") return d.iso3;
    for (const prep of BODY_PREPS[lang]) {
      if (!rest.startsWith(prep)) continue;
      const hits =
        this.exact.get(rest.slice(prep.length)) ?? this.folded.get(foldKey(rest.slice(prep.length)));
      const country = hits?.find((h) => h.rank === Rank.Country);
      if (country) return country.entry.country;
    }
    return undefined;
  }
}

function push(map: Map<string, Hit[]>, key: string, entry: KbEntry, langs: number, rank: Rank): void {
  const list = map.get(key);
  if (!list) {
    map.set(key, [{ entry, langs, rank }]);
    return;
  }
  const same = list.find((h) => h.entry === entry);
  if (same) same.langs |= langs;
  else list.push({ entry, langs, rank });
}

let cached: KnowledgeBase | undefined;
const userFiles = new Set<string>();

/** The knowledge base built from the bundled data, built once per process. */
export function loadKnowledgeBase(): KnowledgeBase {
  cached ??= new KnowledgeBase();
  return cached;
}

/** Roles of `entry` held on `date` (YYYY-MM-DD or an ISO timestamp); entries without roles have none. */
export function rolesAt(entry: KbEntry, date: string): ActorRole[] {
  return activeRoles(entry.roles ?? [], date);
}

/**
 * Loads user knowledge-base files into the shared `loadKnowledgeBase()` instance, which every stage
 * uses. All files are validated before anything is added; a file already loaded is skipped.
 */
export function useUserKb(paths: readonly string[]): KnowledgeBase {
  const kb = loadKnowledgeBase();
  const fresh = new Map<string, string>();
  for (const p of paths) if (!userFiles.has(resolve(p)) && !fresh.has(resolve(p))) fresh.set(resolve(p), p);
  kb.extend([...fresh.values()].flatMap((p) => loadUserKb(p)));
  for (const full of fresh.keys()) userFiles.add(full);
  return kb;
}

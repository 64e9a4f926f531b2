import type { EntityType } from "../doc/types.js";
import { VigieError } from "../errors.js";
import { isCountryCode, isIsoDate, SECTORS, userId } from "./user.js";
import type { ActorRole, UserActor } from "./user.js";

/**
 * Importer for TABARI/PETRARCH actor dictionaries (the `*.actors.txt` files of PETRARCH2).
 *
 * Format: a name line `NAME_WITH_UNDERSCORES_ [CODE] [CODE DATES]`, or a name line followed by
 * `+ALIAS` lines and indented `[CODE DATES]` lines; `#` starts a comment, `<!-- ... -->` blocks are
 * comments too. DATES is `>D` (after D), `<D` (before D) or `A-B` (inclusive range); a date is
 * YYYYMMDD or YYMMDD, where YY ≤ 30 is 20YY and the rest 19YY (the KEDS/TABARI pivot). "Before" and
 * "after" are strict: `<20080120` ends on 2008-01-19 and `>20130119` starts on 2013-01-20.
 *
 * CAMEO codes are read in 3-letter blocks. A first block that is an ISO alpha-3 code of the bundled
 * countries is the country; `IGO`, `NGO`, `NGM`, `MNC` and `IMG` first blocks are international
 * organisations (sector IGO, NGO, NGO, BUS, INS; no country); otherwise the first block is read as
 * a sector when it is one (`ELI`, `REB`...) or skipped as an unknown country (CAMEO-only codes such
 * as fictional or historical states). The sector is the first later block found in
 * `CAMEO_SECTORS`: CAMEO role codes are kept as they are (GOV, MIL, REB, OPP, PTY, COP, JUD, LEG,
 * SPY, INS, UAF, MED, BUS, CVL, EDU, LAB, HLH, REF, REL, CRM, ELI, AGR, ENV, HRI, IGO, NGO), and
 * MNC becomes BUS, NGM NGO, IMG INS. OPP stays OPP: CAMEO keeps the opposition apart from parties.
 *
 * PETRARCH does not say what an actor is, so the type is guessed:
 * - PER when its comment names a leader list (`# CountryInfo.txt`, `# IGOrulers.txt`) or when it
 *   has a date-bounded code with a sector or an organisation (a person holding offices);
 * - GPE when every code is a bare country code and one of them is a known country (a country, its
 *   cities, its historical names);
 * - ORG otherwise (so an undated person such as `PRESIDENT_X [USAGOV]` comes out as ORG).
 * The first undated code gives the actor's country and sector. A person's dated codes (and further
 * undated ones) become roles named after their sector (`government`, `military`, ..., `official`
 * for IGO offices, with the organisation's KB id when `IGO_ORGS` has it, `national` for a bare
 * country); a person without an undated country whose dated codes share one gets that country.
 *
 * Hard errors (KB_DATA "<source>:<line>: ..."): an alias or code line before any name, an
 * unclosed `[`. Merely unknown constructs (a code that is not letters and digits, a date that is
 * not a calendar date, text after a code block) are skipped and counted. `[---]` is TABARI's null
 * code and is ignored; actors left with no usable code are skipped and counted. An indented name
 * line is a name line: PETRARCH strips lines before reading them.
 */

export interface PetrarchImport {
  actors: UserActor[];
  stats: {
    actors: number;
    aliases: number;
    /** Date-bounded roles written out. */
    roles: number;
    /** Lines or code blocks skipped as unknown constructs. */
    skipped: number;
    /** Actors dropped because none of their codes was usable. */
    uncoded: number;
  };
  /** "<source>:<line>: problem" for every skipped construct. */
  warnings: string[];
}

const CAMEO_SECTORS: Record<string, string> = {
  ...Object.fromEntries(SECTORS.map((s) => [s, s])),
  MNC: "BUS",
  NGM: "NGO",
  IMG: "INS",
};

/** First blocks that make a code an international organisation, with the sector it takes. */
const INTERNATIONAL: Record<string, string> = { IGO: "IGO", NGO: "NGO", NGM: "NGO", MNC: "BUS", IMG: "INS" };

/** CAMEO IGO code prefixes of organisations the bundled KB knows, longest first when matching. */
const IGO_ORGS: Record<string, string> = {
  IGOUNO: "un",
  IGOUNOKID: "unicef",
  IGOUNOIAE: "iaea",
  IGOUNOHLHWHO: "who",
  IGOUNOREFHCR: "unhcr",
  IGOUNOLABILO: "ilo",
  IGOUNODEVWBK: "world-bank",
  IGOUNOHRIHCH: "ohchr",
  IGOUNOJUDICJ: "icj",
  IGOBUSIMF: "imf",
  IGOBUSOPC: "opec",
  IGOWSTNAT: "nato",
  IGOEUREEC: "eu",
  IGOAFRAFU: "au",
  IGOMEAARL: "arab-league",
  IGOCOPITP: "interpol",
  IGOSEAASN: "asean",
};
const IGO_PREFIXES = Object.keys(IGO_ORGS).sort((a, b) => b.length - a.length);

const ROLE_WORDS: Record<string, string> = {
  GOV: "government",
  MIL: "military",
  REB: "rebel",
  OPP: "opposition",
  PTY: "party",
  COP: "police",
  JUD: "judiciary",
  LEG: "legislature",
  SPY: "intelligence",
  INS: "insurgent",
  UAF: "armed group",
  IGO: "official",
  NGO: "official",
  MED: "media",
  BUS: "business",
  CVL: "civilian",
  EDU: "education",
  LAB: "labour",
  HLH: "health",
  REF: "refugee",
  REL: "religious",
  CRM: "criminal",
  ELI: "elite",
  AGR: "agriculture",
  ENV: "environment",
  HRI: "human rights",
};

const PERSON_LISTS = /countryinfo|rulers/iu;
const CODE = /^[A-Z0-9]+$/u;
const NULL_CODE = /^[^A-Z0-9]+$/u;
const RANGE = /^(\d+)-(\d+)$/u;
const DIGITS = /^\d+$/u;
const SPACE = /\s+/gu;
const UNDERSCORES = /_+/gu;
const TRAILING_CR = /\r$/u;
const NOT_LETTER = /[^A-Z]/gu;

interface Code {
  line: number;
  country?: string;
  sector?: string;
  org?: string;
  international: boolean;
  from?: string;
  to?: string;
  dated: boolean;
}

interface Draft {
  line: number;
  name: string;
  aliases: string[];
  codes: Code[];
  personList: boolean;
}

class Reader {
  readonly warnings: string[] = [];
  skipped = 0;

  constructor(readonly source: string) {}

  fail(line: number, problem: string): never {
    throw new VigieError("KB_DATA", `${this.source}:${line}: ${problem}`, { input: this.source });
  }

  skip(line: number, problem: string): void {
    this.skipped += 1;
    this.warnings.push(`${this.source}:${line}: ${problem}`);
  }

  /** `[A] [B C]` → blocks; text outside brackets other than spaces is skipped with a warning. */
  codes(text: string, line: number): Code[] {
    const out: Code[] = [];
    let rest = text;
    for (;;) {
      const open = rest.indexOf("[");
      if (rest.slice(0, open < 0 ? rest.length : open).trim() !== "") {
        this.skip(line, `text outside a code block: ${JSON.stringify(rest.trim())}`);
      }
      if (open < 0) break;
      const close = rest.indexOf("]", open);
      if (close < 0) this.fail(line, `unclosed "[": ${JSON.stringify(rest.slice(open).trim())}`);
      const code = this.code(rest.slice(open + 1, close), line);
      if (code) out.push(code);
      rest = rest.slice(close + 1);
    }
    return out;
  }

  private code(block: string, line: number): Code | undefined {
    const body = block.trim();
    const cut = body.search(SPACE);
    const raw = (cut < 0 ? body : body.slice(0, cut)).toUpperCase();
    const dates = cut < 0 ? "" : body.slice(cut).replace(SPACE, "");
    if (NULL_CODE.test(raw)) return undefined;
    if (!CODE.test(raw)) {
      this.skip(line, `unknown code ${JSON.stringify(raw)}`);
      return undefined;
    }
    const code = interpretCode(raw, line);
    if (dates === "") return code;
    const bounds = this.dates(dates);
    if (!bounds) {
      this.skip(line, `unreadable date restriction ${JSON.stringify(dates)} of ${raw}`);
      return undefined;
    }
    code.dated = true;
    if (bounds.from) code.from = bounds.from;
    if (bounds.to) code.to = bounds.to;
    return code;
  }

  private dates(s: string): { from?: string; to?: string } | undefined {
    if (s.startsWith("<")) {
      const d = tabariDate(s.slice(1));
      return d ? { to: shiftDay(d, -1) } : undefined;
    }
    if (s.startsWith(">")) {
      const d = tabariDate(s.slice(1));
      return d ? { from: shiftDay(d, 1) } : undefined;
    }
    const m = RANGE.exec(s);
    if (!m) return undefined;
    const from = tabariDate(m[1]!);
    const to = tabariDate(m[2]!);
    return from && to && from <= to ? { from, to } : undefined;
  }
}

function interpretCode(raw: string, line: number): Code {
  const blocks: string[] = [];
  for (let i = 0; i + 3 <= raw.length; i += 3) blocks.push(raw.slice(i, i + 3));
  const code: Code = { line, international: false, dated: false };
  const first = blocks[0] ?? "";
  let rest = blocks.slice(1);
  if (isCountryCode(first)) code.country = first;
  else if (INTERNATIONAL[first]) {
    code.international = true;
    code.sector = INTERNATIONAL[first];
    const org = IGO_PREFIXES.find((p) => raw.startsWith(p));
    if (org) code.org = IGO_ORGS[org];
    rest = [];
  } else if (CAMEO_SECTORS[first]) rest = blocks;
  const sector = rest.map((b) => CAMEO_SECTORS[b]).find((s) => s !== undefined);
  if (sector) code.sector = sector;
  return code;
}

/** YYYYMMDD, or YYMMDD with the TABARI pivot (00–30 → 2000s, 31–99 → 1900s), as YYYY-MM-DD. */
export function tabariDate(s: string): string | undefined {
  if (!DIGITS.test(s) || (s.length !== 6 && s.length !== 8)) return undefined;
  let year = s.slice(0, s.length - 4);
  if (year.length === 2) year = `${Number(year) <= 30 ? "20" : "19"}${year}`;
  const iso = `${year}-${s.slice(-4, -2)}-${s.slice(-2)}`;
  return isIsoDate(iso) ? iso : undefined;
}

function shiftDay(iso: string, days: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

const LOWER_WORDS = new Set([
  "of",
  "the",
  "and",
  "for",
  "in",
  "on",
  "to",
  "at",
  "by",
  "de",
  "del",
  "des",
  "du",
  "la",
  "le",
  "y",
]);
/** Short words that are words, not acronyms. */
const SHORT_WORDS = new Set([
  "THE",
  "AL",
  "EL",
  "AD",
  "AN",
  "AS",
  "BIN",
  "IBN",
  "ABU",
  "BEN",
  "SAN",
  "NEW",
  "OLD",
  "LOS",
  "LAS",
  "DE",
  "LA",
  "LE",
]);
const VOWEL = /[AEIOUY]/u;
const CLUSTER = /^[AEIOUY]?[B-DF-HJ-NP-TV-XZ]{3}|[B-DF-HJ-NP-TV-XZ]{4}|[AEIOUY]{3}/u;

/**
 * PETRARCH names are upper case; Vigie looks names up case-insensitively except short all-caps
 * ones, which it treats as acronyms. Words are title-cased unless they look like acronyms (three
 * letters or fewer outside person names and `SHORT_WORDS`, no vowel, or within five letters three
 * consonants after at most one leading vowel, four consonants or three vowels in a row), so
 * "UNITED NATIONS" reads
 * "United Nations" while "UNHCR" and "IAEA" stay as they are. Person names are title-cased whole.
 */
export function displayName(raw: string, person: boolean): string {
  const words = raw.replace(UNDERSCORES, " ").replace(SPACE, " ").trim().split(" ");
  return words
    .map((word, i) => {
      const lower = word.toLowerCase();
      if (i > 0 && LOWER_WORDS.has(lower)) return lower;
      return word
        .split("-")
        .map((part, j) => casePart(part, person || j > 0))
        .join("-");
    })
    .join(" ");
}

function casePart(part: string, person: boolean): string {
  const letters = part.replace(NOT_LETTER, "");
  if (part !== part.toUpperCase() || letters.length === 0 || part.includes(".")) return part;
  if (!person && !SHORT_WORDS.has(part)) {
    if (letters.length <= 3 || !VOWEL.test(letters)) return part;
    if (letters.length <= 5 && CLUSTER.test(letters)) return part;
  }
  return part.charAt(0) + part.slice(1).toLowerCase();
}

/** Parses a PETRARCH actor dictionary into user actors, with counts and warnings. */
export function parsePetrarch(text: string, source: string): PetrarchImport {
  const reader: Reader = new Reader(source);
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  let inComment = false;
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = n + 1;
    const raw = lines[n]!.replace(TRAILING_CR, "");
    if (inComment) {
      if (raw.includes("-->")) inComment = false;
      continue;
    }
    if (raw.trimStart().startsWith("<!")) {
      inComment = !raw.includes("-->");
      continue;
    }
    const hash = raw.indexOf("#");
    const body = hash < 0 ? raw : raw.slice(0, hash);
    const comment = hash < 0 ? "" : raw.slice(hash + 1);
    const t = body.trim();
    if (t === "") continue;
    if (t.startsWith("[") || t.startsWith("+")) {
      if (!current)
        reader.fail(line, t.startsWith("+") ? "alias before any actor name" : "code before any actor name");
      if (PERSON_LISTS.test(comment)) current.personList = true;
      if (t.startsWith("[")) {
        current.codes.push(...reader.codes(t, line));
        continue;
      }
      const open = t.indexOf("[");
      const alias = open < 0 ? t.slice(1) : t.slice(1, open);
      if (open >= 0) reader.skip(line, "code block on an alias line (aliases share the actor's codes)");
      if (alias.replace(UNDERSCORES, "").trim() === "") reader.skip(line, "empty alias");
      else current.aliases.push(alias);
      continue;
    }
    const open = t.indexOf("[");
    const name = open < 0 ? t : t.slice(0, open);
    if (name.replace(UNDERSCORES, "").trim() === "") {
      reader.skip(line, "actor line without a name");
      current = undefined;
      continue;
    }
    current = { line, name, aliases: [], codes: [], personList: PERSON_LISTS.test(comment) };
    drafts.push(current);
    if (open >= 0) current.codes.push(...reader.codes(t.slice(open), line));
  }
  return finish(reader, drafts);
}

/** Parses a PETRARCH actor dictionary into user actors; see `parsePetrarch` for the counts. */
export function importPetrarch(text: string, source: string): UserActor[] {
  return parsePetrarch(text, source).actors;
}

function finish(reader: Reader, drafts: Draft[]): PetrarchImport {
  const actors: UserActor[] = [];
  const ids = new Map<string, number>();
  let uncoded = 0;
  let aliases = 0;
  let roles = 0;
  for (const d of drafts) {
    if (d.codes.length === 0) {
      uncoded += 1;
      continue;
    }
    const actor = toActor(d, reader.source);
    const base = actor.id;
    const n = (ids.get(base) ?? 0) + 1;
    ids.set(base, n);
    if (n > 1) actor.id = `${base}-${n}`;
    aliases += actor.aliases.length;
    roles += actor.roles.filter((r) => r.from !== undefined || r.to !== undefined).length;
    actors.push(actor);
  }
  return {
    actors,
    stats: { actors: actors.length, aliases, roles, skipped: reader.skipped, uncoded },
    warnings: reader.warnings,
  };
}

function toActor(d: Draft, source: string): UserActor {
  const undated = d.codes.filter((c) => !c.dated);
  const dated = d.codes.filter((c) => c.dated);
  const bare = (c: Code) => !c.international && c.sector === undefined;
  let type: EntityType;
  if (d.personList || dated.some((c) => !bare(c))) type = "PER";
  else if (d.codes.every(bare) && d.codes.some((c) => c.country)) type = "GPE";
  else type = "ORG";
  const person = type === "PER";
  const name = displayName(d.name, person);
  const aliases: string[] = [];
  const seen = new Set([name.toLowerCase()]);
  for (const a of d.aliases) {
    const alias = displayName(a, person);
    if (seen.has(alias.toLowerCase())) continue;
    seen.add(alias.toLowerCase());
    aliases.push(alias);
  }
  const actor: UserActor = {
    id: userId(name),
    name,
    aliases,
    names: { fr: [], en: [], es: [] },
    type,
    roles: [],
    origin: `${source}:${d.line}`,
  };
  const main = undated[0];
  if (main?.country) actor.country = main.country;
  if (main?.sector) actor.sector = main.sector;
  if (type === "GPE") {
    actor.country ??= [...dated].reverse().find((c) => c.country)?.country;
    if (actor.country === undefined) delete actor.country;
    delete actor.sector;
    return actor;
  }
  // A dated code that names no known country, sector or organisation says nothing about the role.
  const extra = person ? [...undated.slice(1), ...dated].filter((c) => c.country ?? c.sector ?? c.org) : [];
  for (const c of extra) actor.roles.push(toRole(c));
  if (person && actor.country === undefined) {
    const countries = new Set(dated.map((c) => c.country));
    const only = [...countries][0];
    if (countries.size === 1 && only) actor.country = only;
  }
  return actor;
}

function toRole(c: Code): ActorRole {
  const role: ActorRole = { role: (c.sector && ROLE_WORDS[c.sector]) ?? "national" };
  if (c.org) role.org = c.org;
  if (c.country) role.country = c.country;
  if (c.sector) role.sector = c.sector;
  if (c.from) role.from = c.from;
  if (c.to) role.to = c.to;
  return role;
}

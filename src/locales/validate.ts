import { isLang, PLOVER_TYPES, SUPPORT_KINDS } from "../doc/types.js";
import { VigieError } from "../errors.js";
import type { LocaleData, ModalityCues, SupportCue, TitleEntry, TriggerEntry } from "./types.js";

/**
 * The prefix index of the matcher is keyed by the first three characters of a stem, so a shorter
 * stem could never be found; it would also match far too many words.
 */
export const MIN_PREFIX_STEM = 3;

const CAMEO_RE = /^\d{2,4}$/;
const SECTOR_RE = /^[A-Z]{3}$/;
const WHITESPACE_RE = /\s/;

const CUE_KEYS = [
  "reportingVerbs",
  "attribution",
  "alleged",
  "negation",
  "denied",
  "planned",
  "hypothetical",
] as const satisfies readonly (keyof ModalityCues)[];

const LOCALE_KEYS = [
  "code",
  "abbreviations",
  "elisions",
  "functionWords",
  "nameConnectors",
  "orgHeads",
  "locHeads",
  "eventHeads",
  "titles",
  "triggers",
  "cues",
  "support",
] as const satisfies readonly (keyof LocaleData)[];

const TRIGGER_KEYS = [
  "forms",
  "type",
  "mode",
  "cameo",
  "pos",
  "targetPreps",
  "symmetric",
  "unless",
  "needsTarget",
] as const satisfies readonly (keyof TriggerEntry)[];

const TITLE_KEYS = ["form", "role", "sector", "leads"] as const satisfies readonly (keyof TitleEntry)[];

class Checker {
  /** Elided forms are split off by the tokenizer, so a pattern word glued to one never matches. */
  elisions: readonly string[] = [];

  constructor(private readonly file: string) {}

  fail(path: string, message: string): never {
    throw new VigieError("LOCALE_DATA", `${this.file}: ${path}: ${message}`, { input: this.file });
  }

  object(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.fail(path, `expected an object, got ${describe(value)}`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!keys.includes(key)) this.fail(path, `unknown field "${key}"`);
    }
    return record;
  }

  array(value: unknown, path: string, minLength = 0): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected an array, got ${describe(value)}`);
    if (value.length < minLength)
      this.fail(path, `expected at least ${minLength} item(s), got ${value.length}`);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== "string") this.fail(path, `expected a string, got ${describe(value)}`);
    if (value.trim() === "") this.fail(path, "empty string");
    if (value !== value.trim()) this.fail(path, `${JSON.stringify(value)} has leading or trailing spaces`);
    return value;
  }

  lowercase(value: unknown, path: string): string {
    const s = this.string(value, path);
    if (s !== s.toLowerCase()) this.fail(path, `${JSON.stringify(s)} is not lowercase`);
    if (s.includes("\u2019")) this.fail(path, `${JSON.stringify(s)} has a typographic apostrophe; write "'"`);
    return s;
  }

  /** A single lowercase word without pattern syntax. */
  word(value: unknown, path: string): string {
    const s = this.lowercase(value, path);
    if (WHITESPACE_RE.test(s)) this.fail(path, `${JSON.stringify(s)} must be a single word`);
    if (s.includes("*")) this.fail(path, `${JSON.stringify(s)} must not contain "*"`);
    return s;
  }

  pattern(value: unknown, path: string): string {
    const s = this.lowercase(value, path);
    const words = s.split(" ");
    for (const w of words) {
      if (w === "") this.fail(path, `${JSON.stringify(s)} has consecutive spaces`);
      if (WHITESPACE_RE.test(w))
        this.fail(path, `${JSON.stringify(s)} has whitespace other than single spaces`);
      const star = w.indexOf("*");
      if (star !== -1 && star !== w.length - 1) {
        this.fail(path, `${JSON.stringify(s)}: "*" is only allowed at the end of a word`);
      }
      if (star !== -1 && star < MIN_PREFIX_STEM) {
        this.fail(path, `${JSON.stringify(s)}: prefix "${w}" is shorter than ${MIN_PREFIX_STEM} characters`);
      }
      for (const elision of this.elisions) {
        if (w.length > elision.length && w.startsWith(elision)) {
          this.fail(
            path,
            `${JSON.stringify(s)}: "${w}" is split by the tokenizer; write "${elision} ${w.slice(elision.length)}"`,
          );
        }
      }
    }
    return s;
  }

  list<T>(value: unknown, path: string, item: (v: unknown, p: string) => T, minLength = 0): T[] {
    const items = this.array(value, path, minLength);
    const seen = new Set<T>();
    return items.map((v, i) => {
      const out = item(v, `${path}[${i}]`);
      if (seen.has(out)) this.fail(`${path}[${i}]`, `duplicate ${JSON.stringify(out)}`);
      seen.add(out);
      return out;
    });
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== "boolean") this.fail(path, `expected a boolean, got ${describe(value)}`);
    return value;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value;
}

function checkTrigger(c: Checker, value: unknown, path: string): TriggerEntry {
  const o = c.object(value, path, TRIGGER_KEYS);
  const forms = c.list(o.forms, `${path}.forms`, (v, p) => c.pattern(v, p), 1);
  const type = c.string(o.type, `${path}.type`);
  if (!(PLOVER_TYPES as readonly string[]).includes(type)) {
    c.fail(`${path}.type`, `${JSON.stringify(type)} is not a PLOVER type`);
  }
  if (o.pos !== "verb" && o.pos !== "noun") {
    c.fail(`${path}.pos`, `${describe(o.pos)} is not "verb" or "noun"`);
  }
  const entry: TriggerEntry = { forms, type: type as TriggerEntry["type"], pos: o.pos };
  if (o.mode !== undefined) entry.mode = c.string(o.mode, `${path}.mode`);
  if (o.cameo !== undefined) {
    const cameo = c.string(o.cameo, `${path}.cameo`);
    if (!CAMEO_RE.test(cameo)) c.fail(`${path}.cameo`, `${JSON.stringify(cameo)} is not a CAMEO code`);
    entry.cameo = cameo;
  }
  if (o.targetPreps !== undefined) {
    entry.targetPreps = c.list(o.targetPreps, `${path}.targetPreps`, (v, p) => c.word(v, p));
  }
  if (o.symmetric !== undefined) entry.symmetric = c.boolean(o.symmetric, `${path}.symmetric`);
  if (o.needsTarget !== undefined) entry.needsTarget = c.boolean(o.needsTarget, `${path}.needsTarget`);
  if (o.unless !== undefined) {
    entry.unless = c.list(o.unless, `${path}.unless`, (v, p) => c.pattern(v, p), 1);
  }
  return entry;
}

function checkTitle(c: Checker, value: unknown, path: string): TitleEntry {
  const o = c.object(value, path, TITLE_KEYS);
  const entry: TitleEntry = {
    form: c.lowercase(o.form, `${path}.form`),
    role: c.string(o.role, `${path}.role`),
  };
  if (o.sector !== undefined) {
    const sector = c.string(o.sector, `${path}.sector`);
    if (!SECTOR_RE.test(sector)) c.fail(`${path}.sector`, `${JSON.stringify(sector)} is not a sector code`);
    entry.sector = sector;
  }
  if (o.leads !== undefined) entry.leads = c.boolean(o.leads, `${path}.leads`);
  return entry;
}

function checkCues(c: Checker, value: unknown, path: string): ModalityCues {
  const o = c.object(value, path, CUE_KEYS);
  const patterns = (key: (typeof CUE_KEYS)[number]): string[] =>
    c.list(o[key], `${path}.${key}`, (v, p) => c.pattern(v, p), 1);
  return {
    reportingVerbs: patterns("reportingVerbs"),
    attribution: patterns("attribution"),
    alleged: patterns("alleged"),
    negation: patterns("negation"),
    denied: patterns("denied"),
    planned: patterns("planned"),
    hypothetical: patterns("hypothetical"),
  };
}

function checkSupport(c: Checker, value: unknown, path: string): SupportCue {
  const o = c.object(value, path, ["forms", "kinds"]);
  const forms = c.list(o.forms, `${path}.forms`, (v, p) => c.pattern(v, p), 1);
  const k = c.object(o.kinds, `${path}.kinds`, SUPPORT_KINDS);
  const kinds: SupportCue["kinds"] = {};
  for (const kind of SUPPORT_KINDS) {
    if (k[kind] !== undefined) {
      kinds[kind] = c.list(k[kind], `${path}.kinds.${kind}`, (v, p) => c.pattern(v, p), 1);
    }
  }
  return { forms, kinds };
}

/**
 * Checks a parsed `data.json` field by field and returns it typed. Throws a `LOCALE_DATA`
 * VigieError whose message names the file and the JSON path of the first problem.
 */
export function validateLocaleData(raw: unknown, file: string): LocaleData {
  const c: Checker = new Checker(file);
  const o = c.object(raw, "$", LOCALE_KEYS);
  for (const key of LOCALE_KEYS) {
    if (o[key] === undefined) c.fail("$", `missing field "${key}"`);
  }
  const code = o.code;
  if (!isLang(code)) c.fail("code", `${describe(code)} is not a supported language`);
  const elisions = c.list(o.elisions, "elisions", (v, p) => {
    const s = c.word(v, p);
    if (!s.endsWith("'")) c.fail(p, `${JSON.stringify(s)} must end with "'"`);
    return s;
  });
  c.elisions = elisions;
  const abbreviations = c.list(o.abbreviations, "abbreviations", (v, p) => {
    const s = c.string(v, p);
    if (WHITESPACE_RE.test(s)) c.fail(p, `${JSON.stringify(s)} must be a single word`);
    if (s.endsWith(".")) c.fail(p, `${JSON.stringify(s)} is written without its final dot`);
    return s;
  });
  const words = (
    key: "functionWords" | "nameConnectors" | "orgHeads" | "locHeads" | "eventHeads",
  ): string[] => c.list(o[key], key, (v, p) => c.word(v, p), 1);
  return {
    code,
    abbreviations,
    elisions,
    functionWords: words("functionWords"),
    nameConnectors: words("nameConnectors"),
    orgHeads: words("orgHeads"),
    locHeads: words("locHeads"),
    eventHeads: words("eventHeads"),
    titles: c.list(o.titles, "titles", (v, p) => checkTitle(c, v, p), 1),
    triggers: c.array(o.triggers, "triggers", 1).map((v, i) => checkTrigger(c, v, `triggers[${i}]`)),
    cues: checkCues(c, o.cues, "cues"),
    support: checkSupport(c, o.support, "support"),
  };
}

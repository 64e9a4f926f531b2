import { LANGS, type Lang, type SupportKind } from "../doc/types.js";
import { VigieError } from "../errors.js";
import en from "./en/data.json" with { type: "json" };
import es from "./es/data.json" with { type: "json" };
import fr from "./fr/data.json" with { type: "json" };
import type { LocaleData, ModalityCues, TitleEntry, TriggerEntry, WordPattern } from "./types.js";
import { MIN_PREFIX_STEM, validateLocaleData } from "./validate.js";

export type { LocaleData, ModalityCues, SupportCue, TitleEntry, TriggerEntry, WordPattern } from "./types.js";
export { validateLocaleData } from "./validate.js";

export const SUPPORTED_LANGS: readonly Lang[] = LANGS;

const RAW: Record<Lang, unknown> = { fr, en, es };

/** One word of a compiled pattern: an exact word, or a stem when the pattern word ended in "*". */
interface WordTest {
  text: string;
  prefix: boolean;
}

interface Candidate<T> {
  words: WordTest[];
  value: T;
  /** Ranks equally long matches: exact first word, then longer stem, then file order. */
  rank: number;
}

export interface PatternMatch<T> {
  value: T;
  /** Number of tokens the pattern covers, starting at the queried index. */
  length: number;
}

const NO_MATCHES: readonly never[] = Object.freeze([]);

/**
 * Word patterns indexed for lookup at a token position: patterns whose first word is exact sit
 * in a Map keyed by that word, prefix patterns in a Map keyed by the first characters of their
 * stem, so a query costs two Map lookups plus the few candidates that share the key.
 */
export class PatternIndex<T> {
  private readonly exact = new Map<string, Candidate<T>[]>();
  private readonly prefix = new Map<string, Candidate<T>[]>();
  private count = 0;

  add(pattern: WordPattern, value: T): void {
    const words = pattern.split(" ").map((w): WordTest => {
      const isPrefix = w.endsWith("*");
      return { text: isPrefix ? w.slice(0, -1) : w, prefix: isPrefix };
    });
    const first = words[0];
    if (first === undefined || first.text === "") return;
    if (first.prefix && first.text.length < MIN_PREFIX_STEM) {
      throw new VigieError(
        "LOCALE_DATA",
        `pattern "${pattern}": prefix shorter than ${MIN_PREFIX_STEM} characters`,
      );
    }
    const order = this.count++;
    const rank = first.prefix ? 1e9 + (1000 - first.text.length) * 1e6 + order : order;
    const key = first.prefix ? first.text.slice(0, MIN_PREFIX_STEM) : first.text;
    const map = first.prefix ? this.prefix : this.exact;
    const list = map.get(key);
    const candidate: Candidate<T> = { words, value, rank };
    if (list) list.push(candidate);
    else map.set(key, [candidate]);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Every pattern that matches at `i`, longest first, then exact before prefix, then longer
   * stems, then insertion order. A value reached through several patterns is reported once, with
   * its longest match. Returns a shared frozen empty array when nothing matches.
   */
  matchAll(tokens: readonly string[], i: number): readonly PatternMatch<T>[] {
    const token = tokens[i];
    if (token === undefined) return NO_MATCHES;
    const exact = this.exact.get(token);
    const prefix =
      token.length >= MIN_PREFIX_STEM ? this.prefix.get(token.slice(0, MIN_PREFIX_STEM)) : undefined;
    if (!exact && !prefix) return NO_MATCHES;
    let found: { value: T; length: number; rank: number }[] | undefined;
    for (const list of [exact, prefix]) {
      if (!list) continue;
      for (const c of list) {
        const length = matchWords(c.words, tokens, i);
        if (length === 0) continue;
        found ??= [];
        const previous = found.find((f) => f.value === c.value);
        if (!previous) found.push({ value: c.value, length, rank: c.rank });
        else if (length > previous.length || (length === previous.length && c.rank < previous.rank)) {
          previous.length = length;
          previous.rank = c.rank;
        }
      }
    }
    if (!found) return NO_MATCHES;
    if (found.length > 1) found.sort((a, b) => b.length - a.length || a.rank - b.rank);
    return found.map(({ value, length }) => ({ value, length }));
  }

  /** Length of the longest pattern that matches at `i`, or 0. */
  longest(tokens: readonly string[], i: number): number {
    const token = tokens[i];
    if (token === undefined) return 0;
    let best = 0;
    const exact = this.exact.get(token);
    if (exact) for (const c of exact) best = Math.max(best, matchWords(c.words, tokens, i));
    if (token.length >= MIN_PREFIX_STEM) {
      const prefix = this.prefix.get(token.slice(0, MIN_PREFIX_STEM));
      if (prefix) for (const c of prefix) best = Math.max(best, matchWords(c.words, tokens, i));
    }
    return best;
  }
}

function matchWords(words: readonly WordTest[], tokens: readonly string[], i: number): number {
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    const t = tokens[i + k];
    if (w === undefined || t === undefined) return 0;
    if (w.prefix ? !t.startsWith(w.text) : t !== w.text) return 0;
  }
  return words.length;
}

export function compilePatterns(patterns: readonly WordPattern[]): PatternIndex<WordPattern> {
  const index = new PatternIndex<WordPattern>();
  for (const p of patterns) index.add(p, p);
  return index;
}

const compiledLists = new WeakMap<readonly WordPattern[], PatternIndex<WordPattern>>();

/**
 * Length in tokens of the longest of `patterns` that matches `lowerTokens` at `i`, 0 when none
 * does. A plain array is compiled on first use and cached by identity, so pass the same array
 * (e.g. `locale.cues.negation`) rather than a fresh copy.
 */
export function matchPatterns(
  patterns: readonly WordPattern[] | PatternIndex<unknown>,
  lowerTokens: readonly string[],
  i: number,
): number {
  if (patterns instanceof PatternIndex) return patterns.longest(lowerTokens, i);
  let index = compiledLists.get(patterns);
  if (!index) {
    index = compilePatterns(patterns);
    compiledLists.set(patterns, index);
  }
  return index.longest(lowerTokens, i);
}

export interface TriggerMatch {
  entry: TriggerEntry;
  /** Number of tokens the trigger covers. */
  length: number;
}

export interface TitleMatch {
  entry: TitleEntry;
  length: number;
}

export type CueKind = keyof ModalityCues;

export interface Locale extends LocaleData {
  /** Abbreviations as written (case matters: "M" but not "m"). */
  abbreviationSet: ReadonlySet<string>;
  elisionSet: ReadonlySet<string>;
  functionWordSet: ReadonlySet<string>;
  nameConnectorSet: ReadonlySet<string>;
  orgHeadSet: ReadonlySet<string>;
  locHeadSet: ReadonlySet<string>;
  eventHeadSet: ReadonlySet<string>;
  cuePatterns: Readonly<Record<CueKind, PatternIndex<WordPattern>>>;
  supportForms: PatternIndex<WordPattern>;
  supportKinds: Readonly<Partial<Record<SupportKind, PatternIndex<WordPattern>>>>;
  /**
   * Trigger entries matching at token `i` of lowercased tokens (typographic apostrophes folded
   * to "'"), best first (see PatternIndex.matchAll). Entries whose `unless` words occur within
   * the two tokens after the trigger are already left out.
   */
  matchTriggers(lowerTokens: readonly string[], i: number): readonly TriggerMatch[];
  /** Length of the longest cue of that kind matching at `i`, or 0. */
  matchCue(kind: CueKind, lowerTokens: readonly string[], i: number): number;
  /** Longest title matching at `i` ("ministre de la défense" before "ministre"). */
  matchTitle(lowerTokens: readonly string[], i: number): TitleMatch | undefined;
}

/** Splits a title written as text into token patterns, the way the tokenizer splits elisions. */
function titleToPattern(form: string, elisions: readonly string[]): string {
  return form
    .split(/\s+/)
    .flatMap((w) => {
      const e = elisions.find((el) => w.length > el.length && w.startsWith(el));
      return e ? [e, w.slice(e.length)] : [w];
    })
    .join(" ");
}

export function buildLocale(data: LocaleData): Locale {
  const triggers = new PatternIndex<TriggerEntry>();
  const unless = new Map<TriggerEntry, PatternIndex<WordPattern>>();
  for (const entry of data.triggers) {
    for (const form of entry.forms) triggers.add(form, entry);
    if (entry.unless) unless.set(entry, compilePatterns(entry.unless));
  }
  const titles = new PatternIndex<TitleEntry>();
  for (const t of data.titles) titles.add(titleToPattern(t.form, data.elisions), t);
  const cuePatterns = {
    reportingVerbs: compilePatterns(data.cues.reportingVerbs),
    attribution: compilePatterns(data.cues.attribution),
    alleged: compilePatterns(data.cues.alleged),
    negation: compilePatterns(data.cues.negation),
    denied: compilePatterns(data.cues.denied),
    planned: compilePatterns(data.cues.planned),
    hypothetical: compilePatterns(data.cues.hypothetical),
  } satisfies Record<CueKind, PatternIndex<WordPattern>>;
  const supportKinds: Partial<Record<SupportKind, PatternIndex<WordPattern>>> = {};
  for (const [kind, forms] of Object.entries(data.support.kinds) as [SupportKind, WordPattern[]][]) {
    supportKinds[kind] = compilePatterns(forms);
  }

  const matchTriggers = (lowerTokens: readonly string[], i: number): readonly TriggerMatch[] => {
    const found = triggers.matchAll(lowerTokens, i);
    if (found.length === 0) return NO_MATCHES;
    const out: TriggerMatch[] = [];
    for (const { value: entry, length } of found) {
      const blockers = unless.get(entry);
      if (
        blockers &&
        (blockers.longest(lowerTokens, i + length) > 0 || blockers.longest(lowerTokens, i + length + 1) > 0)
      ) {
        continue;
      }
      out.push({ entry, length });
    }
    return out;
  };

  return {
    ...data,
    abbreviationSet: new Set(data.abbreviations),
    elisionSet: new Set(data.elisions),
    functionWordSet: new Set(data.functionWords),
    nameConnectorSet: new Set(data.nameConnectors),
    orgHeadSet: new Set(data.orgHeads),
    locHeadSet: new Set(data.locHeads),
    eventHeadSet: new Set(data.eventHeads),
    cuePatterns,
    supportForms: compilePatterns(data.support.forms),
    supportKinds,
    matchTriggers,
    matchCue: (kind, lowerTokens, i) => cuePatterns[kind].longest(lowerTokens, i),
    matchTitle: (lowerTokens, i) => {
      const best = titles.matchAll(lowerTokens, i)[0];
      return best ? { entry: best.value, length: best.length } : undefined;
    },
  };
}

const cache = new Map<Lang, Locale>();

/** The validated and indexed data of a language; built on first use and cached. */
export function getLocale(lang: Lang): Locale {
  let locale = cache.get(lang);
  if (!locale) {
    if (!(SUPPORTED_LANGS as readonly string[]).includes(lang)) {
      throw new VigieError("LANG_UNSUPPORTED", `no locale data for language "${String(lang)}"`);
    }
    const data = validateLocaleData(RAW[lang], `${lang}/data.json`);
    if (data.code !== lang) {
      throw new VigieError("LOCALE_DATA", `${lang}/data.json: code: "${data.code}" does not match "${lang}"`);
    }
    locale = buildLocale(data);
    cache.set(lang, locale);
  }
  return locale;
}

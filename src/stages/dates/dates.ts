import type { Chrono, ParsedResult } from "chrono-node";
import type { DateMention, Lang } from "../../doc/types.js";
import {
  PRECISION_RANK,
  TAG_PRECISION,
  TAG_PREVIOUS,
  TAG_RELATIVE,
  addDays,
  coarser,
  formatDay,
  parseIso,
  shiftAnchor,
  unitPrecision,
  weekdayOf,
  type Anchor,
  type Day,
  type Precision,
  type Unit,
  type VigieParsingOption,
} from "./common.js";
import { createEnglishChrono } from "./en.js";
import { createSpanishChrono } from "./es.js";
import { createFrenchChrono } from "./fr.js";

export interface DateReference {
  /** Publication date: YYYY-MM-DD, YYYY-MM or YYYY. */
  published?: string;
  /** The article's own "today" when it differs from the publication date (see `narrativeToday`). */
  today?: string;
}

const FACTORIES: Record<Lang, () => Chrono> = {
  fr: createFrenchChrono,
  en: createEnglishChrono,
  es: createSpanishChrono,
};
const cache = new Map<Lang, Chrono>();

function chronoFor(lang: Lang): Chrono {
  let c = cache.get(lang);
  if (!c) {
    c = FACTORIES[lang]();
    cache.set(lang, c);
  }
  return c;
}

/** Any date will do when there is no reference: what depends on it is dropped afterwards. */
const NO_ANCHOR: Day = { y: 2000, m: 1, d: 1 };

const TRAILING = /[\s,;:.]+$/;
const FOUR_DIGITS = /(?<!\d)\d{4}(?!\d)/;

interface Pending {
  range: [number, number];
  text: string;
  day: Day;
  precision: Precision;
  previous?: { unit: Unit; n: number };
}

function readResult(r: ParsedResult, offset: number, anchor: Anchor | undefined): Pending | undefined {
  const c = r.start;
  const tags = new Set([...r.tags(), ...c.tags()]);
  const casual = [...tags].some((t) => t.startsWith("casualReference/") || t === "result/relativeDate");
  let precision: Precision | undefined;
  for (const t of tags)
    if (t.startsWith(TAG_PRECISION)) precision = t.slice(TAG_PRECISION.length) as Precision;
  if (!precision) {
    if (c.isCertain("day") || c.isCertain("weekday") || casual) precision = "day";
    else if (c.isCertain("month")) precision = "month";
    else if (c.isCertain("year")) precision = "year";
    else return undefined;
  }
  const y = c.get("year");
  const m = c.get("month");
  const d = c.get("day");
  if (y === null || m === null || d === null) return undefined;
  const explicitYear =
    c.isCertain("year") && (FOUR_DIGITS.test(r.text) || tags.has("parser/SlashDateFormatParser"));
  const surface = r.text.replace(TRAILING, "");
  const range: [number, number] = [offset + r.index, offset + r.index + surface.length];
  const pending: Pending = { range, text: surface, day: { y, m, d }, precision };
  for (const t of tags) {
    if (!t.startsWith(TAG_PREVIOUS)) continue;
    const [unit, n] = t.slice(TAG_PREVIOUS.length).split("/");
    pending.previous = { unit: unit as Unit, n: Number(n) };
    return pending;
  }
  if (explicitYear) return pending;
  if (!anchor) return undefined;
  const fromAnchor = casual || tags.has(TAG_RELATIVE);
  if (fromAnchor && PRECISION_RANK[anchor.precision] < PRECISION_RANK[precision])
    pending.precision = anchor.precision;
  return pending;
}

const SPAN_OF_TIME = /^(?:after|in|for|within|après|en|pendant|tras|después de|durante)\s+\S+\s+\p{L}+$/iu;
const OF_NEXT = /^\s+(?:of|de|d['’])\s*/iu;

/**
 * "After 11 days of shelling", "in three weeks of talks": a span of time spent on something, not a
 * date in the future.
 */
function isDurationOf(text: string, p: Pending): boolean {
  return SPAN_OF_TIME.test(p.text) && OF_NEXT.test(text.slice(p.range[1], p.range[1] + 4));
}

/** Paragraphs, so that chrono's cost stays proportional and a date never spans a paragraph break. */
function* chunks(text: string): Generator<[string, number]> {
  const br = /\n\s*\n|\n/g;
  let at = 0;
  for (const m of text.matchAll(br)) {
    if (m.index > at) yield [text.slice(at, m.index), at];
    at = m.index + m[0].length;
  }
  if (at < text.length) yield [text.slice(at), at];
}

/**
 * Every date expression of `text`, resolved against the publication date (or the narrative's own
 * "today" when given). Without any reference only dates that carry their year are kept.
 */
export function extractDates(text: string, lang: Lang, reference: DateReference): DateMention[] {
  const anchor = parseIso(reference.today) ?? parseIso(reference.published);
  const a = anchor?.day ?? NO_ANCHOR;
  const instant = new Date(Date.UTC(a.y, a.m - 1, a.d, 12));
  const chrono = chronoFor(lang);
  const option: VigieParsingOption = { anchorPrecision: anchor?.precision ?? "day" };
  const pending: Pending[] = [];
  for (const [chunk, offset] of chunks(text)) {
    for (const r of chrono.parse(chunk, { instant, timezone: 0 }, option)) {
      const p = readResult(r, offset, anchor);
      if (p && !isDurationOf(text, p)) pending.push(p);
    }
  }
  const out: DateMention[] = [];
  let last: { day: Day; precision: Precision } | undefined;
  for (const p of pending) {
    if (p.previous) {
      if (!last) continue;
      const unitP = unitPrecision(p.previous.unit, false);
      p.day = shiftAnchor(last.day, p.previous.unit, p.previous.n);
      p.precision = coarser(last.precision, unitP);
    }
    out.push({ range: p.range, text: p.text, value: formatDay(p.day, p.precision), precision: p.precision });
    last = { day: p.day, precision: p.precision };
  }
  return out;
}

const WEEKDAY_WORDS: Record<Lang, Readonly<Record<string, number>>> = {
  fr: { dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6 },
  en: { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 },
  es: {
    domingo: 0,
    lunes: 1,
    martes: 2,
    miércoles: 3,
    miercoles: 3,
    jueves: 4,
    viernes: 5,
    sábado: 6,
    sabado: 6,
  },
};

const WEEKDAY_RE: Record<Lang, RegExp> = {
  fr: /(?<!\p{L})(?:(ce|aujourd['’]hui)\s+)?(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?!\p{L})/giu,
  en: /(?<!\p{L})(?:(this|today,?)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?!\p{L})/giu,
  es: /(?<!\p{L})(?:(este|hoy)\s+)?(lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)(?!\p{L})/giu,
};

/**
 * The day the article calls "today". Wire copy written late on one day often goes out dated the
 * next, and then its "hier" is counted from the day it was written. The heuristic is deliberately
 * narrow: only when the first weekday the text names is the day before publication and it is named
 * as the present ("ce mercredi", "aujourd'hui mercredi", "this Wednesday", "hoy miércoles", "este
 * miércoles"), or a "yesterday" follows it in the same sentence ("mercredi ... hier soir"), is that
 * day taken as today; in every other case the publication date is kept. A
 * reduced publication date is returned unchanged, having no weekday to compare.
 */
export function narrativeToday(text: string, lang: Lang, published: string | undefined): string | undefined {
  const anchor = parseIso(published);
  if (!anchor || anchor.precision !== "day") return published;
  const first = WEEKDAY_RE[lang].exec(text);
  WEEKDAY_RE[lang].lastIndex = 0;
  if (!first) return published;
  // A bare weekday also counts when a "yesterday" follows it in the same stretch of narrative
  // ("a reçu mercredi ... après l'attaque d'hier soir"): yesterday is then the day before it.
  const near = text.slice(first.index, first.index + 300);
  const sentenceEnd = near.search(/[.!?]\s/u);
  const sameSentence = sentenceEnd < 0 ? near : near.slice(0, sentenceEnd);
  if (!first[1] && !YESTERDAY_RE[lang].test(sameSentence)) return published;
  const wd = WEEKDAY_WORDS[lang][(first[2] ?? "").toLowerCase()];
  const yesterday = addDays(anchor.day, -1);
  if (wd !== weekdayOf(yesterday)) return published;
  return formatDay(yesterday, "day");
}

const YESTERDAY_RE: Record<Lang, RegExp> = {
  fr: /(?<!\p{L})hier(?!\p{L})/iu,
  en: /(?<!\p{L})(?:yesterday|last night)(?!\p{L})/iu,
  es: /(?<!\p{L})(?:ayer|anoche)(?!\p{L})/iu,
};

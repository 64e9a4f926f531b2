import type {
  Chrono,
  Parser,
  ParsingComponents,
  ParsingContext,
  ParsingOption,
  ParsingResult,
  Refiner,
} from "chrono-node";

/** A calendar day, month 1–12. Kept apart from `Date` so that no local time zone leaks in. */
export interface Day {
  y: number;
  m: number;
  d: number;
}

export type Precision = "day" | "month" | "year";

export interface Anchor {
  day: Day;
  precision: Precision;
}

const MS_PER_DAY = 86_400_000;

export const toUtc = (x: Day): number => Date.UTC(x.y, x.m - 1, x.d);

export function fromUtc(ms: number): Day {
  const t = new Date(ms);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export const addDays = (x: Day, n: number): Day => fromUtc(toUtc(x) + n * MS_PER_DAY);

export function addMonths(x: Day, n: number): Day {
  const total = x.y * 12 + (x.m - 1) + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: Math.min(x.d, last) };
}

/** 0 = Sunday, as chrono's `weekday` component. */
export const weekdayOf = (x: Day): number => new Date(toUtc(x)).getUTCDay();

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

export function formatDay(x: Day, p: Precision): string {
  if (p === "year") return pad(x.y, 4);
  if (p === "month") return `${pad(x.y, 4)}-${pad(x.m)}`;
  return `${pad(x.y, 4)}-${pad(x.m)}-${pad(x.d)}`;
}

/**
 * Reads a reduced ISO date. A month-only date anchors on the 15th and a year-only one on 1 July, so
 * that "a week ago" or "last month" computed from them stays inside the right month or year.
 */
export function parseIso(s: string | undefined): Anchor | undefined {
  if (!s) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(s.trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  if (m[3] !== undefined) return { day: { y, m: Number(m[2]), d: Number(m[3]) }, precision: "day" };
  if (m[2] !== undefined) return { day: { y, m: Number(m[2]), d: 15 }, precision: "month" };
  return { day: { y, m: 7, d: 1 }, precision: "year" };
}

/** Chrono hands its options to every refiner: the anchor's precision travels with them. */
export interface VigieParsingOption extends ParsingOption {
  anchorPrecision?: Precision;
}

export const PRECISION_RANK: Record<Precision, number> = { year: 0, month: 1, day: 2 };

export const coarser = (a: Precision, b: Precision): Precision =>
  PRECISION_RANK[a] <= PRECISION_RANK[b] ? a : b;

/*
 * Tags carried by chrono components. Chrono's own tags say what a result is; ours say how it must be
 * read back, because chrono has no notion of precision and no notion of "relative to the previous
 * date of the text".
 */
export const TAG_RELATIVE = "vigie/relative";
export const TAG_PRECISION = "vigie/precision/";
export const TAG_PREVIOUS = "vigie/previous/";

export type Unit = "day" | "week" | "month" | "year";

export const anchorOf = (ctx: ParsingContext): Day => fromUtc(ctx.reference.instant.getTime());

const WORD_CHAR = /[\p{L}\p{N}]/u;

export const isWordChar = (c: string): boolean => c !== "" && WORD_CHAR.test(c);

/** Components for a day computed from the anchor, shown with the given precision. */
export function relativeComponents(ctx: ParsingContext, x: Day, precision: Precision): ParsingComponents {
  return ctx
    .createParsingComponents({ year: x.y, month: x.m, day: x.d })
    .addTag(TAG_RELATIVE)
    .addTag(TAG_PRECISION + precision);
}

export function explicitComponents(ctx: ParsingContext, x: Day, precision: Precision): ParsingComponents {
  return ctx.createParsingComponents({ year: x.y, month: x.m, day: x.d }).addTag(TAG_PRECISION + precision);
}

/** A date to be computed later from the date mentioned before it in the text. */
export function previousComponents(ctx: ParsingContext, unit: Unit, n: number): ParsingComponents {
  const a = anchorOf(ctx);
  return ctx
    .createParsingComponents({ year: a.y, month: a.m, day: a.d })
    .addTag(`${TAG_PREVIOUS}${unit}/${n}`);
}

export function shiftAnchor(a: Day, unit: Unit, n: number): Day {
  if (unit === "day") return addDays(a, n);
  if (unit === "week") return addDays(a, 7 * n);
  if (unit === "month") return addMonths(a, n);
  return addMonths(a, 12 * n);
}

/** "a week ago" is a day, "three months ago" only a month. Vague counts ("a few days") give a month. */
export function unitPrecision(unit: Unit, vague: boolean): Precision {
  if (unit === "year") return "year";
  if (unit === "month" || vague) return "month";
  return "day";
}

/**
 * A chrono parser from one regular expression. Chrono re-runs the expression on suffixes of the
 * text, so a look-behind cannot see the character before the suffix: the left word boundary is
 * checked here on the whole text instead.
 */
export class RegexParser implements Parser {
  constructor(
    private readonly re: RegExp,
    private readonly build: (ctx: ParsingContext, m: RegExpMatchArray) => ParsingComponents | null,
  ) {}

  pattern(): RegExp {
    return this.re;
  }

  extract(ctx: ParsingContext, m: RegExpMatchArray): ParsingComponents | null {
    if (isWordChar(ctx.text.charAt((m.index ?? 0) - 1))) return null;
    return this.build(ctx, m);
  }
}

export function numberValue(word: string, numbers: Readonly<Record<string, number>>): number | undefined {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return numbers[w];
}

/** Which way a date without a year, or a bare weekday, points, as the words around it say. */
export interface DirectionCues {
  /** Tested on the few characters before the date and the date itself. */
  futureBefore: RegExp;
  /** Tested on the date itself and the few characters after it. */
  futureAfter: RegExp;
  /** "lundi dernier", "last Monday": strictly before the anchor. Tested on the date and what follows. */
  pastStrict: RegExp;
  /** Planning words in the clause before the date ("will", "se tiendra", "está previsto"). */
  futureClause: RegExp;
}

export type Direction = "past" | "pastStrict" | "future";

const CLAUSE_BREAK = /[.;!?\n]/g;

export function directionOf(text: string, start: number, end: number, cues: DirectionCues): Direction {
  let near = text.slice(Math.max(0, start - 24), start);
  const stop = Math.max(near.lastIndexOf(","), near.lastIndexOf("("), near.lastIndexOf(")"));
  if (stop >= 0) near = near.slice(stop + 1);
  const self = text.slice(start, end);
  const after = text.slice(end, end + 12);
  if (cues.pastStrict.test(`${self}${after}`)) return "pastStrict";
  if (cues.futureBefore.test(`${near}${self}`) || cues.futureAfter.test(`${self}${after}`)) return "future";
  let clause = text.slice(Math.max(0, start - 60), start);
  let cut = -1;
  for (const b of clause.matchAll(CLAUSE_BREAK)) cut = b.index;
  if (cut >= 0) clause = clause.slice(cut + 1);
  return cues.futureClause.test(clause) ? "future" : "past";
}

/**
 * News reports what happened: a bare weekday is the most recent such day on or before the anchor
 * (chrono picks the nearest one, future included), unless the words around it point forward.
 */
export class WeekdayRefiner implements Refiner {
  constructor(private readonly cues: DirectionCues) {}

  refine = (ctx: ParsingContext, results: ParsingResult[]): ParsingResult[] => {
    const anchor = anchorOf(ctx);
    const aw = weekdayOf(anchor);
    for (const r of results) {
      const c = r.start;
      const wd = c.get("weekday");
      if (wd === null || !c.isCertain("weekday") || c.isCertain("day")) continue;
      const dir = directionOf(ctx.text, r.index, r.index + r.text.length, this.cues);
      let delta: number;
      if (dir === "future") delta = (wd - aw + 7) % 7 || 7;
      else if (dir === "pastStrict") delta = -((aw - wd + 7) % 7 || 7);
      else delta = -((aw - wd + 7) % 7);
      const x = addDays(anchor, delta);
      c.imply("year", x.y).imply("month", x.m).imply("day", x.d).addTag(TAG_RELATIVE);
    }
    return results;
  };
}

/**
 * A day or month without a year is the most recent one not after the anchor ("le 20 décembre" in a
 * January article is last December), or the next one when the words around it point forward.
 */
export class PastPreferenceRefiner implements Refiner {
  constructor(private readonly cues: DirectionCues) {}

  refine = (ctx: ParsingContext, results: ParsingResult[]): ParsingResult[] => {
    const anchor = anchorOf(ctx);
    for (const r of results) {
      const c = r.start;
      const month = c.get("month");
      if (month === null || !c.isCertain("month") || c.isCertain("year")) continue;
      if (computedByUs(c)) continue;
      const hasDay = c.isCertain("day");
      const day = hasDay ? (c.get("day") ?? 1) : 1;
      const p = (ctx.option as VigieParsingOption).anchorPrecision ?? "day";
      const byDay = hasDay && p === "day";
      const key = (y: number): number =>
        p === "year" ? y : byDay ? y * 10000 + month * 100 + day : y * 100 + month;
      const ref =
        p === "year"
          ? anchor.y
          : byDay
            ? anchor.y * 10000 + anchor.m * 100 + anchor.d
            : anchor.y * 100 + anchor.m;
      const dir = directionOf(ctx.text, r.index, r.index + r.text.length, this.cues);
      let year: number;
      if (dir === "future") year = key(anchor.y) >= ref ? anchor.y : anchor.y + 1;
      else if (dir === "pastStrict") year = key(anchor.y) < ref ? anchor.y : anchor.y - 1;
      else year = key(anchor.y) <= ref ? anchor.y : anchor.y - 1;
      c.imply("year", year);
      if (hasDay) {
        const wd = weekdayOf({ y: year, m: month, d: day });
        c.imply("weekday", wd);
      }
    }
    return results;
  };
}

const computedByUs = (c: ParsingComponents): boolean =>
  [...c.tags()].some((t) => t === TAG_RELATIVE || t.startsWith(TAG_PREVIOUS));

/** Drops results for which `reject` holds. */
export class FilterRefiner implements Refiner {
  constructor(private readonly reject: (ctx: ParsingContext, r: ParsingResult) => boolean) {}

  refine = (ctx: ParsingContext, results: ParsingResult[]): ParsingResult[] =>
    results.filter((r) => !this.reject(ctx, r));
}

/** "1/2" and "5/6" are fractions far more often than dates when no year follows. */
export const slashWithoutYear = (_ctx: ParsingContext, r: ParsingResult): boolean =>
  r.tags().has("parser/SlashDateFormatParser") && !r.start.isCertain("year");

/**
 * A month name alone is a month only when written the way the language writes months: lowercase in
 * French and Spanish ("Mars" is the planet, "Avril" a first name), capitalised in English ("march"
 * is the verb).
 */
export function monthCaseFilter(monthWord: RegExp, capitalised: boolean) {
  return (_ctx: ParsingContext, r: ParsingResult): boolean => {
    const c = r.start;
    if (!c.isCertain("month") || c.isCertain("day") || c.isCertain("year")) return false;
    if (computedByUs(c)) return false;
    const w = monthWord.exec(r.text);
    if (!w) return false;
    const first = w[0].charAt(0);
    const upper = first !== first.toLowerCase();
    return upper !== capitalised;
  };
}

/**
 * Clock times ("à 10h30", "at 5 p.m.") never change the day an event is dated to, and chrono's
 * time-expression parsers are among its slowest: the date stage leaves them out. In French and
 * Spanish the "within" parsers go too: they read "pendant 3 jours" and "de 180 días" as dates.
 */
export function withoutClockParsers(c: Chrono, drop: RegExp = /TimeExpressionParser$/): Chrono {
  c.parsers = c.parsers.filter((p) => !drop.test(p.constructor.name));
  return c;
}

/** Chrono checks no right word boundary on abbreviations: "mar" (mardi) inside "maréchal". */
export const cutWord = (ctx: ParsingContext, r: ParsingResult): boolean =>
  isWordChar(r.text.slice(-1)) && isWordChar(ctx.text.charAt(r.index + r.text.length));

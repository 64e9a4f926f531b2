import * as chrono from "chrono-node";
import {
  FilterRefiner,
  PastPreferenceRefiner,
  RegexParser,
  TAG_PRECISION,
  WeekdayRefiner,
  addDays,
  cutWord,
  addMonths,
  anchorOf,
  monthCaseFilter,
  numberValue,
  previousComponents,
  relativeComponents,
  shiftAnchor,
  slashWithoutYear,
  unitPrecision,
  withoutClockParsers,
  type DirectionCues,
  type Unit,
} from "./common.js";

const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};
const MONTH = "january|february|march|april|may|june|july|august|september|october|november|december";
const NUMBERS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
};
const NUMBER =
  "an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|\\d{1,3}";
const UNIT = "days?|weeks?|months?|years?";
const END = "(?![\\p{L}\\p{N}])";
const re = (source: string): RegExp => new RegExp(source + END, "iu");

function unitOf(word: string): Unit {
  const w = word.toLowerCase();
  if (w.startsWith("day")) return "day";
  if (w.startsWith("week")) return "week";
  if (w.startsWith("month")) return "month";
  return "year";
}

const direction = (w: string | undefined): number =>
  w === undefined ? 0 : /^(?:next|coming)/i.test(w) ? 1 : /^(?:last|past|previous)/i.test(w) ? -1 : 0;

export const EN_MONTH_WORD = new RegExp(MONTH, "iu");

export const EN_CUES: DirectionCues = {
  futureBefore: /(?<!\p{L})(?:next|coming|upcoming)(?!\p{L})/iu,
  futureAfter: /^[\p{L}.]+\s+next(?!\p{L})/iu,
  pastStrict: /^(?:last|past)\s/iu,
  futureClause:
    /(?<!\p{L})(?:will|shall|(?:is|are)\s+(?:due|scheduled|expected|set|planned)|plans?\s+to|to\s+be\s+held|going\s+to)(?!\p{L})/iu,
};

const afterNoun = /^\s*(?:the|a|an|his|her|their|its)\s/iu;

const parsers = [
  new RegexParser(
    re("(last|next|this|past|previous|coming)\\s+year|(?:earlier|later)\\s+this\\s+year"),
    (ctx, m) => relativeComponents(ctx, addMonths(anchorOf(ctx), 12 * direction(m[1])), "year"),
  ),
  new RegexParser(
    re("(last|next|this|past|previous|coming)\\s+week|(?:earlier|later)\\s+(?:this|in\\s+the)\\s+week"),
    (ctx, m) => relativeComponents(ctx, addDays(anchorOf(ctx), 7 * direction(m[1])), "month"),
  ),
  new RegexParser(
    re("(last|next|this|past|previous|coming)\\s+month|(?:earlier|later)\\s+(?:this|in\\s+the)\\s+month"),
    (ctx, m) => relativeComponents(ctx, addMonths(anchorOf(ctx), direction(m[1])), "month"),
  ),
  new RegexParser(
    re(
      "(?:in|over|during)\\s+(?:recent|the\\s+(?:past|last)(?:\\s+(?:few|several))?)\\s+(?:days|weeks)|for\\s+(?:days|weeks)|recent\\s+(?:days|weeks)",
    ),
    (ctx) => relativeComponents(ctx, anchorOf(ctx), "month"),
  ),
  new RegexParser(re(`(${NUMBER}|a\\s+few|several|a\\s+couple\\s+of)\\s+(${UNIT})\\s+ago`), (ctx, m) => {
    const unit = unitOf(m[2] ?? "");
    const n = numberValue(m[1] ?? "", NUMBERS);
    const vague = n === undefined;
    const precision = vague && unit === "month" ? "year" : unitPrecision(unit, vague);
    return relativeComponents(ctx, shiftAnchor(anchorOf(ctx), unit, -(n ?? 1)), precision);
  }),
  new RegexParser(re(`(${NUMBER})\\s+(${UNIT})\\s+(later|after|earlier|before)`), (ctx, m) => {
    const after = ctx.text.slice((m.index ?? 0) + m[0].length);
    if (/^(?:after|before)$/i.test(m[3] ?? "") && afterNoun.test(after)) return null;
    const n = numberValue(m[1] ?? "", NUMBERS) ?? 1;
    const sign = /^(?:later|after)$/i.test(m[3] ?? "") ? 1 : -1;
    return previousComponents(ctx, unitOf(m[2] ?? ""), sign * n);
  }),
  new RegexParser(re("the\\s+(next|following|previous)\\s+day|the\\s+day\\s+(before|after)"), (ctx, m) => {
    const w = (m[1] ?? m[2] ?? "").toLowerCase();
    return previousComponents(ctx, "day", w === "previous" || w === "before" ? -1 : 1);
  }),
  new RegexParser(
    re(
      `(?:early|late|mid-?|(?:the\\s+)?(?:end|beginning|start|middle)\\s+of)\\s*(${MONTH})(?:\\s+((?:19|20)\\d{2}))?`,
    ),
    (ctx, m) => {
      const month = MONTHS[(m[1] ?? "").toLowerCase()];
      if (month === undefined) return null;
      const c = ctx.createParsingComponents({ month });
      if (m[2] !== undefined) c.assign("year", Number(m[2]));
      return c.addTag(TAG_PRECISION + "month");
    },
  ),
  new RegexParser(
    re(
      "(?:(?:in|since|by|until|before|after|during|throughout|early|late|end\\s+of)\\s+|mid-)((?:19|20)\\d{2})",
    ),
    (ctx, m) => ctx.createParsingComponents({ year: Number(m[1]) }).addTag(TAG_PRECISION + "year"),
  ),
];

export function createEnglishChrono(): chrono.Chrono {
  const c = withoutClockParsers(chrono.en.casual.clone());
  c.parsers.unshift(...parsers);
  c.refiners.push(
    new FilterRefiner(slashWithoutYear),
    new FilterRefiner(cutWord),
    new FilterRefiner(monthCaseFilter(EN_MONTH_WORD, true)),
    new WeekdayRefiner(EN_CUES),
    new PastPreferenceRefiner(EN_CUES),
  );
  return c;
}

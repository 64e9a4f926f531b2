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
  janvier: 1,
  février: 2,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  août: 8,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  décembre: 12,
  decembre: 12,
};
const MONTH = "janvier|f[eé]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[eé]cembre";
const WEEKDAYS: Readonly<Record<string, number>> = {
  dimanche: 0,
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
};
const WEEKDAY = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche";
const NUMBERS: Readonly<Record<string, number>> = {
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  quinze: 15,
  vingt: 20,
  trente: 30,
};
const NUMBER = "une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|\\d{1,3}";
const UNIT = "jours?|semaines?|mois|ans|ann[eé]es?";
const END = "(?![\\p{L}\\p{N}])";

function unitOf(word: string): Unit {
  const w = word.toLowerCase();
  if (w.startsWith("jour")) return "day";
  if (w.startsWith("semaine")) return "week";
  if (w === "mois") return "month";
  return "year";
}

const monthOf = (w: string): number | undefined => MONTHS[w.toLowerCase()];
const re = (source: string): RegExp => new RegExp(source + END, "iu");

export const FR_MONTH_WORD = new RegExp(MONTH, "iu");

export const FR_CUES: DirectionCues = {
  futureBefore: /(?<!\p{L})(?:prochaine?|d['’]ici)(?!\p{L})/iu,
  futureAfter: /(?<!\p{L})prochaine?(?!\p{L})/iu,
  pastStrict: /^[^,;.()]*(?<!\p{L})derni(?:er|ère)(?!\p{L})/iu,
  futureClause:
    /(?<!\p{L})(?:se\s+tiendr(?:a|ont)|aur(?:a|ont)\s+lieu|devr(?:ait|aient)|doi(?:t|vent)|prévu(?:e|s|es)?|programmé(?:e|s|es)?|ser(?:a|ont)|va|vont|reprendr(?:a|ont)|débuter(?:a|ont)|commencer(?:a|ont)|entrer(?:a|ont))(?!\p{L})/iu,
};

/** "le lendemain", "deux jours plus tard" are read from the date mentioned before them. */
const afterNoun = /^\s*(?:l['’]|les?\s|la\s|des?\s|du\s|qu['’]|que\s)/iu;

const parsers = [
  new RegexParser(re("avant[- ]hier(?:\\s+(?:soir|matin|midi|après-midi))?"), (ctx) =>
    relativeComponents(ctx, addDays(anchorOf(ctx), -2), "day"),
  ),
  new RegexParser(
    re("l['’]an(?:née)?\\s+(derni(?:er|ère)|pass[ée]e?|précédente?|prochaine?)|cette\\s+année"),
    (ctx, m) => {
      const n = m[1] === undefined ? 0 : /^proch/i.test(m[1]) ? 1 : -1;
      return relativeComponents(ctx, addMonths(anchorOf(ctx), 12 * n), "year");
    },
  ),
  new RegexParser(
    re("(?:la\\s+)?semaine\\s+(derni(?:er|ère)|pass[ée]e|précédente|prochaine)|cette\\s+semaine"),
    (ctx, m) => {
      const n = m[1] === undefined ? 0 : /^proch/i.test(m[1]) ? 1 : -1;
      return relativeComponents(ctx, addDays(anchorOf(ctx), 7 * n), "month");
    },
  ),
  new RegexParser(
    re(
      "(?:le\\s+)?mois\\s+(dernier|pass[ée]|précédent|prochain)|(?:(?:plus\\s+tôt|au\\s+début|en\\s+début|à\\s+la\\s+fin|en\\s+fin)\\s+(?:du|de\\s+ce)\\s+mois|ce\\s+mois)(?:-ci)?",
    ),
    (ctx, m) => {
      const n = m[1] === undefined ? 0 : /^proch/i.test(m[1]) ? 1 : -1;
      return relativeComponents(ctx, addMonths(anchorOf(ctx), n), "month");
    },
  ),
  new RegexParser(
    re(
      "(?:ces|ses)\\s+derni(?:ers|ères)\\s+(?:jours|semaines|mois|temps)|(?:au\\s+cours\\s+des|dans\\s+les|durant\\s+les|pendant\\s+les)\\s+derni(?:ers|ères)\\s+(?:jours|semaines)|depuis\\s+(?:des|plusieurs|quelques)\\s+(?:jours|semaines)",
    ),
    (ctx) => relativeComponents(ctx, anchorOf(ctx), "month"),
  ),
  new RegexParser(re(`il\\s+y\\s+a\\s+(${NUMBER}|quelques|plusieurs)\\s+(${UNIT})`), (ctx, m) => {
    const unit = unitOf(m[2] ?? "");
    const n = numberValue(m[1] ?? "", NUMBERS);
    const vague = n === undefined;
    const precision = vague && unit === "month" ? "year" : unitPrecision(unit, vague);
    return relativeComponents(ctx, shiftAnchor(anchorOf(ctx), unit, -(n ?? 1)), precision);
  }),
  new RegexParser(
    re(`(${NUMBER})\\s+(${UNIT})\\s+(plus\\s+tard|après|plus\\s+tôt|auparavant|avant)`),
    (ctx, m) => {
      const after = ctx.text.slice((m.index ?? 0) + m[0].length);
      if (/^(?:après|avant)$/i.test(m[3] ?? "") && afterNoun.test(after)) return null;
      const n = numberValue(m[1] ?? "", NUMBERS) ?? 1;
      const sign = /^(?:plus\s+tard|après)$/i.test(m[3] ?? "") ? 1 : -1;
      return previousComponents(ctx, unitOf(m[2] ?? ""), sign * n);
    },
  ),
  new RegexParser(re("le\\s+(lendemain|surlendemain)|la\\s+veille"), (ctx, m) => {
    const n = m[1] === undefined ? -1 : m[1].toLowerCase() === "lendemain" ? 1 : 2;
    return previousComponents(ctx, "day", n);
  }),
  new RegexParser(
    re(
      `nuit\\s+d[ue]\\s+(\\d{1,2})(?:er)?\\s+au\\s+(\\d{1,2})(?:er)?\\s+(${MONTH})(?:\\s+((?:19|20)\\d{2}))?`,
    ),
    (ctx, m) => {
      const month = monthOf(m[3] ?? "");
      if (month === undefined) return null;
      const c = ctx.createParsingComponents({ day: Number(m[2]), month });
      if (m[4] !== undefined) c.assign("year", Number(m[4]));
      return c.addTag(TAG_PRECISION + "day");
    },
  ),
  new RegexParser(re(`nuit\\s+d[ue]\\s+(?:${WEEKDAY})\\s+(?:au|à)\\s+(${WEEKDAY})`), (ctx, m) => {
    const wd = WEEKDAYS[(m[1] ?? "").toLowerCase()];
    return wd === undefined ? null : ctx.createParsingComponents({ weekday: wd });
  }),
  new RegexParser(
    re(
      `(?:(?:(?:au|en)\\s+)?(?:début|fin|mi|milieu|courant)(?:\\s+d['’]|\\s+de\\s+|-|\\s+)|(?:en|depuis|dès|jusqu['’]en|d['’]ici)\\s+|(?:au|le|du|ce)\\s+mois\\s+(?:de\\s+|d['’]))?(${MONTH})(?:\\s+(dernier|prochain)|\\s+((?:19|20)\\d{2}))?`,
    ),
    (ctx, m) => {
      const before = ctx.text.slice(Math.max(0, (m.index ?? 0) - 6), m.index ?? 0);
      if (/\d(?:er)?\s*$/i.test(before)) return null;
      const month = monthOf(m[1] ?? "");
      if (month === undefined) return null;
      const c = ctx.createParsingComponents({ month });
      if (m[3] !== undefined) c.assign("year", Number(m[3]));
      return c.addTag(TAG_PRECISION + "month");
    },
  ),
  new RegexParser(
    re(
      "(?:(?:en|depuis|dès|jusqu['’]en|avant|après|d['’]ici|(?:au\\s+)?(?:début|fin|courant)|l['’]année|année)\\s+|mi-)((?:19|20)\\d{2})",
    ),
    (ctx, m) => ctx.createParsingComponents({ year: Number(m[1]) }).addTag(TAG_PRECISION + "year"),
  ),
];

export function createFrenchChrono(): chrono.Chrono {
  const c = withoutClockParsers(
    chrono.fr.casual.clone(),
    /TimeExpressionParser$|TimeUnitWithinFormatParser$/,
  );
  c.parsers.unshift(...parsers);
  c.refiners.push(
    new FilterRefiner(slashWithoutYear),
    new FilterRefiner(cutWord),
    new FilterRefiner(monthCaseFilter(FR_MONTH_WORD, false)),
    new WeekdayRefiner(FR_CUES),
    new PastPreferenceRefiner(FR_CUES),
  );
  return c;
}

export const FR_WEEKDAYS = WEEKDAYS;

import * as chrono from "chrono-node";
import type { ParsingContext, ParsingResult } from "chrono-node";
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
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
};
const MONTH = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre";
const WEEKDAYS: Readonly<Record<string, number>> = {
  domingo: 0,
  lunes: 1,
  martes: 2,
  miércoles: 3,
  miercoles: 3,
  jueves: 4,
  viernes: 5,
  sábado: 6,
  sabado: 6,
};
const WEEKDAY = "lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo";
const NUMBERS: Readonly<Record<string, number>> = {
  un: 1,
  una: 1,
  uno: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  quince: 15,
  veinte: 20,
  treinta: 30,
};
const NUMBER =
  "una?|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|treinta|\\d{1,3}";
const UNIT = "d[ií]as?|semanas?|mes(?:es)?|años?";
const END = "(?![\\p{L}\\p{N}])";
const re = (source: string): RegExp => new RegExp(source + END, "iu");

function unitOf(word: string): Unit {
  const w = word.toLowerCase();
  if (w.startsWith("d")) return "day";
  if (w.startsWith("semana")) return "week";
  if (w.startsWith("mes")) return "month";
  return "year";
}

const direction = (w: string | undefined): number =>
  w === undefined
    ? 0
    : /^(?:próxim|proxim|que\s+viene|entrante)/i.test(w)
      ? 1
      : /^(?:pasad|anterior)/i.test(w)
        ? -1
        : 0;

export const ES_MONTH_WORD = new RegExp(MONTH, "iu");

export const ES_CUES: DirectionCues = {
  futureBefore: /(?<!\p{L})pr[oó]xim[oa]s?(?!\p{L})/iu,
  futureAfter: /(?<!\p{L})(?:pr[oó]xim[oa]|que\s+viene|entrante)(?!\p{L})/iu,
  pastStrict: /^[^,;.()]*(?<!\p{L})pasad[oa](?!\p{L})/iu,
  futureClause:
    /(?<!\p{L})(?:se\s+celebrar[aá]n?|tendr[aá]n?\s+lugar|est[aá]n?\s+previst[oa]s?|previst[oa]s?\s+para|programad[oa]s?\s+para|van?\s+a|ser[aá]n?|entrar[aá]n?|comenzar[aá]n?|arrancar[aá]n?|se\s+reanudar[aá]n?)(?!\p{L})/iu,
};

const afterNoun = /^\s*(?:el|la|los|las|de|del|que)\s/iu;

/** "la mañana", "por la mañana", "esta mañana" are a morning, not tomorrow. */
const morningNotTomorrow = (ctx: ParsingContext, r: ParsingResult): boolean =>
  r.tags().has("casualReference/tomorrow") &&
  /^mañana$/i.test(r.text) &&
  /(?<!\p{L})(?:la|una|cada|esa|aquella|media|toda\s+la)\s+$/iu.test(
    ctx.text.slice(Math.max(0, r.index - 12), r.index),
  );

const parsers = [
  new RegexParser(re("(?:antes\\s+de\\s+|ante)(?:ayer|anoche)|antier"), (ctx) =>
    relativeComponents(ctx, addDays(anchorOf(ctx), -2), "day"),
  ),
  new RegexParser(re("anoche"), (ctx) => relativeComponents(ctx, addDays(anchorOf(ctx), -1), "day")),
  new RegexParser(re("pasado\\s+mañana"), (ctx) => relativeComponents(ctx, addDays(anchorOf(ctx), 2), "day")),
  new RegexParser(
    re(
      "(?:el|este)\\s+año(?:\\s+(pasado|anterior|pr[oó]ximo|que\\s+viene|entrante))?|el\\s+(pr[oó]ximo)\\s+año|(?:a\\s+)?(?:principios|finales|mediados|comienzos)\\s+de\\s+(?:este|este\\s+año)",
    ),
    (ctx, m) => {
      if (/^el\s+año$/i.test(m[0])) return null;
      return relativeComponents(ctx, addMonths(anchorOf(ctx), 12 * direction(m[1] ?? m[2])), "year");
    },
  ),
  new RegexParser(
    re(
      "(?:la|esta)\\s+semana(?:\\s+(pasada|anterior|pr[oó]xima|que\\s+viene|entrante))?|la\\s+(pr[oó]xima)\\s+semana",
    ),
    (ctx, m) => {
      if (/^la\s+semana$/i.test(m[0])) return null;
      return relativeComponents(ctx, addDays(anchorOf(ctx), 7 * direction(m[1] ?? m[2])), "month");
    },
  ),
  new RegexParser(
    re(
      "(?:el|este)\\s+mes(?:\\s+(pasado|anterior|pr[oó]ximo|que\\s+viene|entrante))?|el\\s+(pr[oó]ximo)\\s+mes|(?:a\\s+)?(?:principios|finales|mediados|comienzos)\\s+de\\s+(?:este|este\\s+mes)",
    ),
    (ctx, m) => {
      if (/^el\s+mes$/i.test(m[0])) return null;
      return relativeComponents(ctx, addMonths(anchorOf(ctx), direction(m[1] ?? m[2])), "month");
    },
  ),
  new RegexParser(
    re(
      "(?:en|durante)\\s+(?:las|los)\\s+últim(?:as|os)\\s+(?:semanas|d[ií]as)|desde\\s+hace\\s+(?:semanas|d[ií]as|varias\\s+semanas|unos\\s+d[ií]as)|durante\\s+semanas",
    ),
    (ctx) => relativeComponents(ctx, anchorOf(ctx), "month"),
  ),
  new RegexParser(
    re(`hace\\s+(${NUMBER}|unos|unas|varios|varias|algunos|algunas|pocos|pocas)\\s+(${UNIT})`),
    (ctx, m) => {
      const unit = unitOf(m[2] ?? "");
      const n = numberValue(m[1] ?? "", NUMBERS);
      const vague = n === undefined;
      const precision = vague && unit === "month" ? "year" : unitPrecision(unit, vague);
      return relativeComponents(ctx, shiftAnchor(anchorOf(ctx), unit, -(n ?? 1)), precision);
    },
  ),
  new RegexParser(re(`(${NUMBER})\\s+(${UNIT})\\s+(después|más\\s+tarde|antes)`), (ctx, m) => {
    const after = ctx.text.slice((m.index ?? 0) + m[0].length);
    if (/^(?:después|antes)$/i.test(m[3] ?? "") && /^\s*de\s/i.test(after)) return null;
    if (afterNoun.test(after) && /^antes$/i.test(m[3] ?? "")) return null;
    const n = numberValue(m[1] ?? "", NUMBERS) ?? 1;
    const sign = /^antes$/i.test(m[3] ?? "") ? -1 : 1;
    return previousComponents(ctx, unitOf(m[2] ?? ""), sign * n);
  }),
  new RegexParser(
    re(
      "al\\s+(?:d[ií]a\\s+siguiente|otro\\s+d[ií]a)|el\\s+d[ií]a\\s+(anterior|siguiente)|la\\s+(v[ií]spera)",
    ),
    (ctx, m) => {
      const back = m[2] !== undefined || /^anterior$/i.test(m[1] ?? "");
      return previousComponents(ctx, "day", back ? -1 : 1);
    },
  ),
  new RegexParser(
    re(
      `noche\\s+del\\s+(\\d{1,2})\\s+al\\s+(\\d{1,2})\\s+de\\s+(${MONTH})(?:\\s+(?:de|del)\\s+((?:19|20)\\d{2}))?`,
    ),
    (ctx, m) => {
      const month = MONTHS[(m[3] ?? "").toLowerCase()];
      if (month === undefined) return null;
      const c = ctx.createParsingComponents({ day: Number(m[2]), month });
      if (m[4] !== undefined) c.assign("year", Number(m[4]));
      return c.addTag(TAG_PRECISION + "day");
    },
  ),
  new RegexParser(re(`noche\\s+del\\s+(?:${WEEKDAY})\\s+al\\s+(${WEEKDAY})`), (ctx, m) => {
    const wd = WEEKDAYS[(m[1] ?? "").toLowerCase()];
    return wd === undefined ? null : ctx.createParsingComponents({ weekday: wd });
  }),
  new RegexParser(
    re(
      `(?:a\\s+)?(?:principios|finales|mediados|comienzos|fines)\\s+de\\s+(${MONTH})(?:\\s+(?:de|del)\\s+((?:19|20)\\d{2}))?`,
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
      "(?:(?:en|desde|hasta|antes\\s+de|después\\s+de|durante|(?:a\\s+)?(?:principios|finales|mediados|comienzos|fines)\\s+de|(?:el|del)\\s+año)\\s+)((?:19|20)\\d{2})",
    ),
    (ctx, m) => ctx.createParsingComponents({ year: Number(m[1]) }).addTag(TAG_PRECISION + "year"),
  ),
];

export function createSpanishChrono(): chrono.Chrono {
  const c = withoutClockParsers(
    chrono.es.casual.clone(),
    /TimeExpressionParser$|TimeUnitWithinFormatParser$/,
  );
  c.parsers.unshift(...parsers);
  c.refiners.push(
    new FilterRefiner(slashWithoutYear),
    new FilterRefiner(cutWord),
    new FilterRefiner(morningNotTomorrow),
    new FilterRefiner(monthCaseFilter(ES_MONTH_WORD, false)),
    new WeekdayRefiner(ES_CUES),
    new PastPreferenceRefiner(ES_CUES),
  );
  return c;
}

import type { VDocument } from "../doc/document.js";
import { TokenFlag } from "../doc/tokens.js";
import type { Lang, TokenSpan } from "../doc/types.js";
import { GRAMMAR } from "../locales/grammar.js";
import type { Gazetteer } from "./gazetteer.js";

/**
 * Toponyms the mention rules leave out: capitalised runs of words that the gazetteer knows as a
 * whole. A run must name a country, a region or a town of some size, or follow a locative
 * preposition, or be followed by ", <region or country>"; a name that the text also writes in
 * lowercase is a common word ("Mobile", "Independence"), and a run that only ends in a place name
 * is a person or an organisation ("Raquel Henry").
 */

export interface DetectedToponym {
  span: TokenSpan;
  /** The gazetteer name matched (without a trailing "County", "Parish"...). */
  name: string;
}

/** Population above which a capitalised gazetteer name is taken without further evidence. */
const TOWN_POPULATION = 20000;
const MAX_RUN = 5;
/** Second parts of administrative names: "Laurel County" is located through "Laurel". */
const ADMIN_SUFFIX = new Set([
  "county",
  "parish",
  "township",
  "province",
  "governorate",
  "district",
  "state",
]);
/** Abbreviations that continue a capitalised run ("St. Paris", "Ft. Worth"). */
const RUN_ABBREVIATIONS = new Set(["st.", "ste.", "ft.", "mt.", "pt."]);

export function detectToponyms(
  doc: VDocument,
  gaz: Gazetteer,
  lang: Lang,
  covered: (token: number) => boolean,
): DetectedToponym[] {
  const n = doc.tokens.length;
  const g = GRAMMAR[lang];
  const lowerWords = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (!doc.tokens.has(i, TokenFlag.Capitalised)) lowerWords.add(doc.tokenText(i));
  }
  const capital = (i: number) =>
    doc.tokens.has(i, TokenFlag.Capitalised) || RUN_ABBREVIATIONS.has(doc.tokenText(i).toLowerCase());
  const out: DetectedToponym[] = [];
  for (let i = 0; i < n; i++) {
    if (!capital(i) || covered(i)) continue;
    let end = i;
    while (end < n && end - i < MAX_RUN && capital(end) && !covered(end)) end++;
    // Maximal runs only: a run that starts inside a longer capitalised sequence is part of a name.
    if (i > 0 && capital(i - 1) && !doc.tokens.has(i, TokenFlag.SentenceStart) && !covered(i - 1)) {
      i = end - 1;
      continue;
    }
    const words: string[] = [];
    for (let k = i; k < end; k++) words.push(doc.tokenText(k));
    let nameEnd = end;
    let admin = false;
    if (words.length > 1 && ADMIN_SUFFIX.has(words.at(-1)!.toLowerCase())) {
      nameEnd--;
      admin = true;
    }
    const name = words.slice(0, nameEnd - i).join(" ");
    const cands = gaz.candidates(name);
    if (cands.length && accept(doc, gaz, g.locative, lowerWords, i, end, name, cands, admin)) {
      out.push({ span: { start: i, end }, name });
    }
    i = end - 1;
  }
  return out;
}

function accept(
  doc: VDocument,
  gaz: Gazetteer,
  locatives: readonly string[],
  lowerWords: Set<string>,
  start: number,
  end: number,
  name: string,
  cands: readonly number[],
  admin: boolean,
): boolean {
  const single = end - start === 1;
  const text = doc.tokenText(start);
  if (single && lowerWords.has(text.toLowerCase())) return false;
  // "US", "IT", "OR": short capitals are acronyms far more often than places.
  if (single && text.length <= 3 && doc.tokens.has(start, TokenFlag.AllCaps)) return false;
  if (single && text.length < 3) return false;
  if (admin) return true;
  const top = cands[0]!;
  const f = gaz.feature(top);
  if (f === "PCLI" || f === "PCLD" || f === "ADM1") return true;
  const prev = start > 0 ? doc.tokenText(start - 1).toLowerCase() : "";
  if (locatives.includes(prev)) return true;
  const after = doc.text.slice(
    doc.charRange({ start: end - 1, end })[1],
    doc.charRange({ start: end - 1, end })[1] + 40,
  );
  const q = /^, (\p{Lu}[\p{L}.]*(?: \p{Lu}[\p{L}.]*)?)/u.exec(after);
  if (q) {
    for (const r of gaz.candidates(q[1]!)) {
      const rf = gaz.feature(r);
      if (rf === "ADM1" || rf === "PCLI" || rf === "PCLD") return true;
    }
  }
  if (doc.tokens.has(start, TokenFlag.SentenceStart) && single)
    return gaz.population(top) >= TOWN_POPULATION * 5;
  return gaz.population(top) >= TOWN_POPULATION || name.includes(" ");
}

/** Population from which a town opening an organisation's name is taken as a place ("Richmond Fire Department"). */
const NAME_PREFIX_POPULATION = 50000;
const OF_WORDS = new Set(["of", "de", "du", "des", "del", "d'", "d’"]);

/**
 * Place names inside organisation names: "Indiana Department of Workforce", "Richmond Fire
 * Department", "University of Texas". Only countries, regions and sizeable towns, at the start of
 * the name or after its last "of".
 */
export function toponymsInNames(
  doc: VDocument,
  gaz: Gazetteer,
  spans: readonly TokenSpan[],
): DetectedToponym[] {
  const out: DetectedToponym[] = [];
  const strong = (name: string) => {
    const top = gaz.candidates(name)[0];
    if (top === undefined) return false;
    const f = gaz.feature(top);
    return f === "PCLI" || f === "PCLD" || f === "ADM1" || gaz.population(top) >= NAME_PREFIX_POPULATION;
  };
  const words = (a: number, b: number) => {
    const w: string[] = [];
    for (let k = a; k < b; k++) w.push(doc.tokenText(k));
    return w.join(" ");
  };
  for (const span of spans) {
    if (span.end - span.start < 2) continue;
    for (let len = Math.min(3, span.end - span.start - 1); len >= 1; len--) {
      const name = words(span.start, span.start + len);
      if (doc.tokens.has(span.start + len - 1, TokenFlag.Capitalised) && strong(name)) {
        out.push({ span: { start: span.start, end: span.start + len }, name });
        break;
      }
    }
    for (let k = span.end - 2; k > span.start; k--) {
      if (!OF_WORDS.has(doc.tokenText(k).toLowerCase())) continue;
      const name = words(k + 1, span.end);
      if (doc.tokens.has(k + 1, TokenFlag.Capitalised) && strong(name)) {
        out.push({ span: { start: k + 1, end: span.end }, name });
      }
      break;
    }
  }
  return out;
}

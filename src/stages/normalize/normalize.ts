export { htmlToText, type HtmlArticle } from "./html.js";

/**
 * Characters that separate lines in some producer's convention: CRLF and CR (Windows, old Mac),
 * NEL (EBCDIC conversions), U+2028/U+2029 (JavaScript and Word exports), and vertical tab / form
 * feed (page breaks in text dumps). Removing them instead would glue the words on either side.
 */
const LINE_BREAKS = /\r\n?|[\v\f\u0085\u2028\u2029]/g;

/**
 * Invisible characters that only get in the way of tokenisation and matching: C0/C1 controls
 * (except tab and newline), DEL, the soft hyphen (it splits "négo\u00ADciations" without showing),
 * zero-width space, bidi marks and isolates, invisible operators and stray BOMs. ZWJ/ZWNJ stay
 * because they change how some scripts and emoji render.
 */
/* eslint-disable no-control-regex -- control characters are exactly what this removes */
const INVISIBLE =
  /[\x00-\x08\x0E-\x1F\x7F-\x84\x86-\x9F\xAD\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/* eslint-enable no-control-regex */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Canonical form of an article's text. Everything visible is kept as it is (including NBSP and
 * typographic quotes) because offsets and evidence strings in the output must be substrings of
 * the text this returns; only line-ending conventions and invisible junk change.
 */
export function normalizeText(s: string): string {
  return s
    .replace(LINE_BREAKS, "\n")
    .replace(INVISIBLE, "")
    .replace(LONE_SURROGATE, "\uFFFD")
    .normalize("NFC");
}

const FOLD: Readonly<Record<string, string>> = {
  "\u2019": "'",
  "\u2018": "'",
  "\u201A": "'",
  "\u201B": "'",
  "\u02BC": "'",
  "\u2032": "'",
  "`": "'",
  "\u00B4": "'",
  "\u00AB": '"',
  "\u00BB": '"',
  "\u2039": '"',
  "\u203A": '"',
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u201F": '"',
  "\u2033": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
  "\u00A0": " ",
  "\u2007": " ",
  "\u2009": " ",
  "\u200A": " ",
  "\u202F": " ",
};

const FOLDABLE =
  /[`\u00A0\u00AB\u00B4\u00BB\u02BC\u2007\u2009\u200A\u2010-\u2015\u2018-\u201F\u202F\u2032\u2033\u2039\u203A\u2212]/g;

/**
 * Lowercases and unifies apostrophes, quotes, dashes and no-break spaces so that one lexicon
 * entry matches every typographic variant. The result always has the same length as the input,
 * code unit for code unit, so a match at [i, j) in the folded string is the same range in the
 * original text.
 */
export function foldForMatch(s: string): string {
  return lowerSameLength(s).replace(FOLDABLE, (c) => FOLD[c] ?? c);
}

function lowerSameLength(s: string): string {
  const lower = s.toLowerCase();
  // Only U+0130 (İ) grows when lowercased without a locale; nothing shrinks.
  if (lower.length === s.length) return lower;
  let out = "";
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch === "\u0130" ? "i" : ch;
  }
  return out;
}

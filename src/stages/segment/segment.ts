import type { VDocument } from "../../doc/document.js";
import { TokenFlag } from "../../doc/tokens.js";
import type { Lang } from "../../doc/types.js";
import type { Stage } from "../../pipeline/stage.js";

/**
 * Abbreviations that end with a dot and never end a sentence, per language. Kept here rather than
 * in the locale lexicons because segmentation runs on every language and must not depend on
 * locale loading order.
 */
const ABBREVIATIONS: Record<Lang, ReadonlySet<string>> = {
  fr: new Set(
    "m mm mme mmes mlle mlles dr drs pr me mgr st ste sts gén gal col cdt lt cpt sgt adj av apr cf env etc ex fig hab min max no nos p pp qqn qqch vol éd art al resp tél vs".split(
      " ",
    ),
  ),
  en: new Set(
    "mr mrs ms messrs dr prof gen lt col maj capt cmdr sgt cpl pvt adm sen rep gov pres st jr sr inc corp co ltd bros dept univ est approx vs etc no nos fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft rev hon".split(
      " ",
    ),
  ),
  es: new Set(
    "sr sra srs sras srta dr dra dres prof gral gen cnel tte cap sgto lic ing arq av avda pág págs etc ej núm no nº dpto depto adm admón cía ud uds vd vds excmo excma ilmo sto sta".split(
      " ",
    ),
  ),
};

const FR_ELISION = /^(?:jusqu|lorsqu|puisqu|quoiqu|presqu|qu|[cdjlmnst])['’]/iu;
const FR_CLITIC =
  /-(?:t-(?:il|elle|on|ils|elles)|il|elle|on|ils|elles|je|tu|nous|vous|ce|moi|toi|lui|leur|les|le|la|y|en)$/iu;
const EN_SUFFIX = /(?:['’]s|n['’]t|['’](?:re|ve|ll|d|m))$/iu;
const CLOSERS = new Set(["»", "”", "’", ")", "]", '"', "'"]);
const WORDLIKE = /[\p{L}\p{N}]/u;
const UPPER = /^\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const TWO_UPPER = /\p{Lu}\P{Lu}*\p{Lu}/u;
const PUNCT = /^[\p{P}\p{S}]+$/u;
const DIGIT = /\p{N}/u;
const DOTTED_ACRONYM = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u;
const SINGLE_UPPER = /^\p{Lu}$/u;
/** Intl.Segmenter's cost grows with string length on Node 20; short chunks keep it linear. */
const CHUNK = 256;

const wordSegmenters = new Map<string, Intl.Segmenter>();
const sentenceSegmenters = new Map<string, Intl.Segmenter>();

function segmenter(cache: Map<string, Intl.Segmenter>, lang: string, granularity: "word" | "sentence") {
  let s = cache.get(lang);
  if (!s) {
    s = new Intl.Segmenter(lang, { granularity });
    cache.set(lang, s);
  }
  return s;
}

type Piece = [start: number, end: number];

/** Raw word segments of text[from, to), without whitespace, in chunks cut at spaces. */
function rawSegments(text: string, from: number, to: number, lang: Lang): Piece[] {
  const seg = segmenter(wordSegmenters, lang, "word");
  const out: Piece[] = [];
  let pos = from;
  while (pos < to) {
    let end = Math.min(to, pos + CHUNK);
    if (end < to) {
      const space = text.lastIndexOf(" ", end);
      if (space > pos) end = space;
    }
    const chunk = text.slice(pos, end);
    for (const s of seg.segment(chunk)) {
      if (s.segment.trim() === "") continue;
      const start = pos + s.index;
      // The segmenter can return "a b" runs for some scripts; split on inner whitespace.
      let i = 0;
      for (const part of s.segment.split(/(\s+)/u)) {
        if (part && !/^\s+$/u.test(part)) out.push([start + i, start + i + part.length]);
        i += part.length;
      }
    }
    pos = end;
  }
  return out;
}

function isAbbreviation(word: string, lang: Lang): boolean {
  return ABBREVIATIONS[lang].has(word.toLowerCase()) || DOTTED_ACRONYM.test(word) || SINGLE_UPPER.test(word);
}

/** Applies the merge and split rules that Intl.Segmenter lacks, returning final token pieces. */
export function tokenizeRange(text: string, from: number, to: number, lang: Lang): Piece[] {
  const raw = rawSegments(text, from, to, lang);
  const merged: Piece[] = [];
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i]![0];
    let e = raw[i]![1];
    for (;;) {
      const next = raw[i + 1];
      if (!next || next[0] !== e) break;
      const nextText = text.slice(next[0], next[1]);
      const cur = text.slice(s, e);
      const after = raw[i + 2];
      if (
        (nextText === "-" || nextText === "‑") &&
        after &&
        after[0] === next[1] &&
        WORDLIKE.test(cur.slice(-1)) &&
        WORDLIKE.test(text.charAt(after[0]))
      ) {
        e = after[1];
        i += 2;
        continue;
      }
      if (nextText === "." && WORDLIKE.test(cur) && isAbbreviation(cur, lang)) {
        e = next[1];
        i += 1;
        continue;
      }
      if ((nextText === "’" || nextText === "'") && lang === "fr" && FR_ELISION.test(cur + "'")) {
        e = next[1];
        i += 1;
      }
      break;
    }
    merged.push([s, e]);
  }
  const out: Piece[] = [];
  for (const [s, e] of merged) {
    const t = text.slice(s, e);
    if (lang === "fr") {
      const el = FR_ELISION.exec(t);
      if (el && el[0].length < t.length) {
        out.push([s, s + el[0].length]);
        pushClitic(out, text, s + el[0].length, e);
        continue;
      }
      if (el) {
        out.push([s, e]);
        continue;
      }
      pushClitic(out, text, s, e);
      continue;
    }
    if (lang === "en") {
      const m = EN_SUFFIX.exec(t);
      if (m && m.index > 0) {
        out.push([s, s + m.index], [s + m.index, e]);
        continue;
      }
    }
    out.push([s, e]);
  }
  return out;
}

function pushClitic(out: Piece[], text: string, s: number, e: number): void {
  const t = text.slice(s, e);
  const m = FR_CLITIC.exec(t);
  // Only verb-clitic inversions ("a-t-il", "dit-elle"): a compound such as "cessez-le-feu" ends
  // in a noun and stays whole; a name such as "Saint-Louis" does not end in a pronoun.
  if (m && m.index > 0 && t.indexOf("-") === m.index) {
    out.push([s, s + m.index], [s + m.index, e]);
  } else {
    out.push([s, e]);
  }
}

/** Candidate sentence starts (char offsets) inside text[from, to). */
function sentenceStarts(text: string, from: number, to: number, lang: Lang): number[] {
  const seg = segmenter(sentenceSegmenters, lang, "sentence");
  const starts: number[] = [];
  for (const s of seg.segment(text.slice(from, to))) if (s.index > 0) starts.push(from + s.index);
  return starts;
}

export function tokenFlags(word: string, spaceBefore: boolean): number {
  let f = spaceBefore ? TokenFlag.SpaceBefore : 0;
  if (UPPER.test(word)) f |= TokenFlag.Capitalised;
  if (!LOWER.test(word) && TWO_UPPER.test(word)) f |= TokenFlag.AllCaps;
  if (PUNCT.test(word)) f |= TokenFlag.Punct;
  if (DIGIT.test(word)) f |= TokenFlag.Digit;
  return f;
}

/**
 * Fills paragraphs, sentences and tokens. Paragraphs are separated by blank lines; every line
 * break also ends a sentence (headlines and datelines carry no final punctuation).
 */
export function segmentDocument(doc: VDocument, lang: Lang): void {
  const text = doc.text;
  const tokens = doc.tokens;
  let paraStartTok = 0;
  let lineStart = 0;
  let prevBlank = true;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const blank = text.slice(lineStart, lineEnd).trim() === "";
    if (blank) {
      if (tokens.length > paraStartTok) doc.paragraphs.push({ start: paraStartTok, end: tokens.length });
      paraStartTok = tokens.length;
    } else {
      segmentLine(doc, lineStart, lineEnd, lang, prevBlank);
    }
    prevBlank = blank;
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  if (tokens.length > paraStartTok) doc.paragraphs.push({ start: paraStartTok, end: tokens.length });
  for (const p of doc.paragraphs) tokens.flags[p.start]! |= TokenFlag.ParagraphStart;
}

function segmentLine(doc: VDocument, from: number, to: number, lang: Lang, _paragraphStart: boolean): void {
  const text = doc.text;
  const tokens = doc.tokens;
  const pieces = tokenizeRange(text, from, to, lang);
  if (pieces.length === 0) return;
  const starts = sentenceStarts(text, from, to, lang);
  const first = tokens.length;
  let sentStart = first;
  let nextBoundary = 0;
  for (let k = 0; k < pieces.length; k++) {
    const [s, e] = pieces[k]!;
    let boundary = false;
    while (nextBoundary < starts.length && starts[nextBoundary]! <= s) {
      boundary = k > 0;
      nextBoundary++;
    }
    if (boundary && acceptBoundary(text, pieces, k, lang)) {
      doc.sentences.push({ start: sentStart, end: tokens.length });
      sentStart = tokens.length;
    }
    const spaceBefore = s > 0 && /\s/u.test(text.charAt(s - 1));
    tokens.push(s, e, tokenFlags(text.slice(s, e), spaceBefore));
  }
  // A closing quote or bracket that the segmenter put at the head of a sentence belongs to the
  // previous one ("« Bonjour. » Puis ...").
  doc.sentences.push({ start: sentStart, end: tokens.length });
  fixClosers(doc, first);
  for (let i = doc.sentences.length - 1; i >= 0; i--) {
    const sent = doc.sentences[i]!;
    if (sent.start < first) break;
    tokens.flags[sent.start]! |= TokenFlag.SentenceStart;
  }
}

function acceptBoundary(text: string, pieces: Piece[], k: number, lang: Lang): boolean {
  const prev = pieces[k - 1]!;
  const prevText = text.slice(prev[0], prev[1]);
  const cur = text.slice(pieces[k]![0], pieces[k]![1]);
  if (prevText.endsWith(".") && prevText.length > 1) {
    const word = prevText.slice(0, -1);
    if (isAbbreviation(word, lang)) return false;
  }
  // A lowercase continuation after "etc." or a number means the segmenter split too early.
  if (/^\p{Ll}/u.test(cur)) return false;
  return true;
}

function fixClosers(doc: VDocument, firstToken: number): void {
  const sents = doc.sentences;
  for (let i = sents.length - 1; i > 0; i--) {
    const s = sents[i]!;
    const prev = sents[i - 1]!;
    if (s.start < firstToken || prev.start < firstToken) break;
    while (s.start < s.end && CLOSERS.has(doc.tokenText(s.start))) {
      s.start++;
      prev.end++;
    }
    if (s.start === s.end) sents.splice(i, 1);
  }
}

export const segmentStage: Stage = {
  name: "segment",
  requires: ["text", "lang"],
  assigns: ["paragraphs", "sentences", "tokens"],
  run(doc) {
    segmentDocument(doc, doc.lang ?? "en");
  },
};

import type { VDocument } from "../../doc/document.js";
import { TokenFlag } from "../../doc/tokens.js";
import type { EntityType, Lang, Mention } from "../../doc/types.js";
import { loadKnowledgeBase, type KbEntry, type KnowledgeBase } from "../../kb/index.js";
import { getLocale } from "../../locales/index.js";
import type { LocaleData } from "../../locales/types.js";
import type { Stage } from "../../pipeline/stage.js";
import { foldForMatch } from "../normalize/normalize.js";

/**
 * Rule-based mention finder: knowledge-base names (countries, capitals, organisations), then
 * capitalised sequences typed by their head word, a preceding title or a locative preposition,
 * then descriptions made of an organisation noun and a demonym ("l'armée turque"). The NER model
 * of src/models replaces the capitalised-sequence part; the KB and description rules stay.
 */

interface LocaleSets {
  functionWords: Set<string>;
  connectors: Set<string>;
  orgHeads: Set<string>;
  locHeads: Set<string>;
  eventHeads: Set<string>;
  titles: Set<string>;
  determiners: Set<string>;
  locatives: Set<string>;
}

const DETERMINERS: Record<Lang, string[]> = {
  fr: ["le", "la", "les", "l'", "un", "une", "des", "du", "au", "aux", "ce", "cette", "ces"],
  en: ["the", "a", "an", "this", "these", "those"],
  es: ["el", "la", "los", "las", "un", "una", "unos", "unas", "este", "esta", "estos", "estas"],
};

const LOCATIVES: Record<Lang, string[]> = {
  fr: ["à", "en", "vers", "depuis", "près"],
  en: ["in", "at", "near", "from", "into", "to"],
  es: ["en", "hacia", "desde", "cerca"],
};

const setCache = new Map<Lang, LocaleSets>();

function localeSets(lang: Lang): LocaleSets {
  let s = setCache.get(lang);
  if (s) return s;
  const loc: LocaleData = getLocale(lang);
  const lower = (xs: string[]) => new Set(xs.map((x) => foldForMatch(x)));
  s = {
    functionWords: lower(loc.functionWords),
    connectors: lower(loc.nameConnectors),
    orgHeads: lower(loc.orgHeads),
    locHeads: lower(loc.locHeads),
    eventHeads: lower(loc.eventHeads),
    titles: lower(loc.titles.map((t) => t.form)),
    determiners: lower(DETERMINERS[lang]),
    locatives: lower(LOCATIVES[lang]),
  };
  setCache.set(lang, s);
  return s;
}

/** Organisation heads of every language: news in one language quotes names in another. */
let allOrgHeads: Set<string> | undefined;
function anyOrgHead(word: string): boolean {
  if (!allOrgHeads) {
    allOrgHeads = new Set();
    for (const l of ["fr", "en", "es"] as const) for (const w of localeSets(l).orgHeads) allOrgHeads.add(w);
  }
  return allOrgHeads.has(word);
}

const typeOfEntry = (e: KbEntry): EntityType => e.type;

function overlaps(a: { start: number; end: number }, taken: Uint8Array): boolean {
  for (let i = a.start; i < a.end; i++) if (taken[i]) return true;
  return false;
}

function take(span: { start: number; end: number }, taken: Uint8Array): void {
  for (let i = span.start; i < span.end; i++) taken[i] = 1;
}

export function findMentions(doc: VDocument, kb: KnowledgeBase = loadKnowledgeBase()): Mention[] {
  const lang = doc.lang ?? "en";
  const sets = localeSets(lang);
  const n = doc.tokenCount;
  const lower: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) lower[i] = foldForMatch(doc.tokenText(i));
  const taken = new Uint8Array(n);
  for (const d of doc.dates) {
    const s = doc.tokenAtChar(d.range[0]);
    for (let i = s; i < n && (doc.tokens.start[i] ?? 0) < d.range[1]; i++) taken[i] = 2;
  }
  const mentions: Mention[] = [];
  const isCap = (i: number) =>
    doc.tokens.has(i, TokenFlag.Capitalised) && !doc.tokens.has(i, TokenFlag.Punct);

  // Knowledge-base names, longest first so "Émirats arabes unis" wins over "Émirats".
  const maxN = Math.min(kb.maxNameTokens, 8);
  for (const sent of doc.sentences) {
    for (let i = sent.start; i < sent.end; i++) {
      if (taken[i] || doc.tokens.has(i, TokenFlag.Punct)) continue;
      for (let len = Math.min(maxN, sent.end - i); len >= 1; len--) {
        const span = { start: i, end: i + len };
        if (overlaps(span, taken)) continue;
        if (doc.tokens.has(i + len - 1, TokenFlag.Punct) && len > 1 && lower[i + len - 1] !== ".") continue;
        const surface = doc.spanText(span);
        const entries = kb.lookupName(surface, lang);
        const entry = pickEntry(entries, isCap(i), surface);
        if (!entry) continue;
        mentions.push({ span, type: typeOfEntry(entry), origin: "kb", kbId: entry.id, named: true });
        take(span, taken);
        i += len - 1;
        break;
      }
    }
  }

  // Capitalised sequences with name connectors inside.
  for (const sent of doc.sentences) {
    let i = sent.start;
    while (i < sent.end) {
      if (taken[i] || !isCap(i)) {
        i++;
        continue;
      }
      let end = i + 1;
      for (;;) {
        if (
          end < sent.end &&
          !taken[end] &&
          isCap(end) &&
          !isFunctionWordCap(doc, lower, end, sets, sent.start)
        ) {
          end++;
          continue;
        }
        let j = end;
        while (j < sent.end && !taken[j] && sets.connectors.has(lower[j]!) && j - end < 2) j++;
        if (j > end && j < sent.end && !taken[j] && isCap(j)) {
          end = j + 1;
          continue;
        }
        break;
      }
      let start = i;
      while (start < end && isFunctionWordCap(doc, lower, start, sets, sent.start)) start++;
      if (start < end) {
        const span = { start, end };
        const type = typeCapitalised(doc, lower, span, sets, kb, lang);
        if (type) mentions.push({ span, type, origin: "pattern", named: true });
        take(span, taken);
      }
      i = end;
    }
  }

  // Descriptions: determiner + organisation noun + demonym ("l'armée turque", "the Syrian regime").
  for (const sent of doc.sentences) {
    for (let i = sent.start; i < sent.end; i++) {
      if (taken[i]) continue;
      const m = matchDescription(doc, lower, i, sent.end, sets, kb, lang, taken);
      if (m) {
        mentions.push(m);
        take(m.span, taken);
        i = m.span.end - 1;
      }
    }
  }
  mentions.sort((a, b) => a.span.start - b.span.start);
  return mentions;
}

function pickEntry(entries: KbEntry[], capitalised: boolean, surface: string): KbEntry | undefined {
  for (const e of entries) {
    // Lowercase text matches only long organisation names ("houthis", "talibanes"): a lowercase
    // "chad" or "turkey" is a common word far more often than a country.
    if (capitalised || (e.type === "ORG" && surface.length >= 6)) return e;
  }
  return undefined;
}

/** A capitalised function word that only carries sentence-initial case ("Le", "The", "Lundi"). */
function isFunctionWordCap(
  doc: VDocument,
  lower: string[],
  i: number,
  sets: LocaleSets,
  sentStart: number,
): boolean {
  const w = lower[i]!;
  if (sets.functionWords.has(w)) return true;
  if (i === sentStart || lower[i - 1] === "«" || lower[i - 1] === '"') {
    return sets.determiners.has(w) || sets.titles.has(w);
  }
  return sets.titles.has(w) && !doc.tokens.has(i, TokenFlag.AllCaps);
}

function typeCapitalised(
  doc: VDocument,
  lower: string[],
  span: { start: number; end: number },
  sets: LocaleSets,
  kb: KnowledgeBase,
  lang: Lang,
): EntityType | undefined {
  const first = lower[span.start]!;
  const last = lower[span.end - 1]!;
  const len = span.end - span.start;
  const text = doc.spanText(span);
  if (anyOrgHead(first) || anyOrgHead(last)) return "ORG";
  if (sets.eventHeads.has(first) || sets.eventHeads.has(last)) return "EVT";
  if (sets.locHeads.has(first) || sets.locHeads.has(last)) return "LOC";
  if (len === 1 && doc.tokens.has(span.start, TokenFlag.AllCaps) && /^\p{Lu}{2,6}$/u.test(text)) return "ORG";
  const prev = span.start > 0 ? lower[span.start - 1]! : "";
  if (sets.titles.has(prev)) return "PER";
  if (sets.locatives.has(prev) && len <= 3) return "GPE";
  if (kb.demonym(first, lang)) return undefined;
  if (doc.isSentenceStart(span.start) && len === 1) {
    // A sentence-initial word is a name only if the text also capitalises it mid-sentence.
    const form = doc.tokenText(span.start);
    for (let k = 0; k < doc.tokenCount; k++) {
      if (k !== span.start && !doc.isSentenceStart(k) && doc.tokenText(k) === form) return "PER";
    }
    return undefined;
  }
  if (len >= 2) return "PER";
  return "PER";
}

function matchDescription(
  doc: VDocument,
  lower: string[],
  i: number,
  end: number,
  sets: LocaleSets,
  kb: KnowledgeBase,
  lang: Lang,
  taken: Uint8Array,
): Mention | undefined {
  if (!sets.determiners.has(lower[i]!)) return undefined;
  const noun = i + 1;
  if (noun + 1 >= end || taken[noun] || taken[noun + 1]) return undefined;
  if (lang === "en") {
    // English puts the demonym first: "the Syrian regime", "the Azerbaijani army".
    const dem = kb.demonym(lower[noun]!, lang);
    if (dem && anyOrgHead(lower[noun + 1]!)) {
      return {
        span: { start: i, end: noun + 2 },
        type: "ORG",
        origin: "description",
        named: false,
        country: dem.iso3,
      };
    }
    return undefined;
  }
  if (!anyOrgHead(lower[noun]!)) return undefined;
  const dem = kb.demonym(lower[noun + 1]!, lang);
  if (!dem) return undefined;
  return {
    span: { start: i, end: noun + 2 },
    type: "ORG",
    origin: "description",
    named: false,
    country: dem.iso3,
  };
}

export const mentionsStage: Stage = {
  name: "mentions",
  requires: ["tokens", "sentences", "lang"],
  assigns: ["mentions"],
  run(doc) {
    doc.mentions = findMentions(doc);
  },
};

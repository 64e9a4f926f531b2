import type { VDocument } from "../../doc/document.js";
import { TokenFlag } from "../../doc/tokens.js";
import type { EntityType, Lang, Mention } from "../../doc/types.js";
import { loadKnowledgeBase, type KbEntry, type KnowledgeBase } from "../../kb/index.js";
import { getLocale, matchPatterns } from "../../locales/index.js";
import type { LocaleData } from "../../locales/types.js";
import { GRAMMAR } from "../../locales/grammar.js";
import type { Stage } from "../../pipeline/stage.js";
import { foldForMatch } from "../normalize/normalize.js";
import { closeSpelling, stripAccents } from "../actors/names.js";

/**
 * Rule-based mention finder: knowledge-base names (countries, capitals, organisations), then
 * capitalised sequences typed by their head word, a preceding title or a locative preposition,
 * then descriptions made of an organisation noun and a demonym ("l'armée turque"). The NER model
 * of src/models replaces the capitalised-sequence part; the KB and description rules stay.
 */

/**
 * The organisation named by a state body's head and the words after it, when it belongs to the
 * body's state: French and Spanish put the demonym after the head ("gouvernement libyen | d'union
 * nationale" → "gouvernement d'union nationale"), English before it ("Libyan | Government of
 * National Accord").
 */
function namedBody(
  doc: VDocument,
  kb: KnowledgeBase,
  lang: Lang,
  i: number,
  len: number,
  end: number,
  body: KbEntry,
  taken: Uint8Array,
): { entry: KbEntry; end: number } | undefined {
  const headEnd = lang === "en" ? i + len : i + len - 1;
  const headStart = lang === "en" ? i + 1 : i;
  if (headEnd <= headStart) return undefined;
  for (let n = Math.min(5, end - (i + len)); n >= 1; n--) {
    const last = i + len + n;
    if (taken.subarray(i + len, last).some((t) => t !== 0)) continue;
    const head = doc.spanText({ start: headStart, end: headEnd });
    const rest = doc.spanText({ start: i + len, end: last });
    const hit = kb
      .lookupName(`${head} ${rest}`, lang)
      .find((e) => e.kind === "organisation" && e.country !== undefined && e.country === body.country);
    if (hit && !doc.tokens.has(last - 1, TokenFlag.Punct)) return { entry: hit, end: last };
  }
  return undefined;
}

const COMPASS = new Set([
  "nord",
  "sud",
  "est",
  "ouest",
  "north",
  "south",
  "east",
  "west",
  "norte",
  "sur",
  "este",
  "oeste",
  "haute",
  "basse",
  "upper",
  "lower",
  "alto",
  "bajo",
]);

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

/** "al-Sarraj", "el-Sissi", "ben-Ali": lowercase particle glued to a capitalised name. */
const ARABIC_PARTICLE = /^(?:al|el|ul|ad|ar|as|ash|an|bin|ben|ibn|abu|abou|ould)-\p{Lu}/u;

/** Common adjective endings of French and Spanish, to extend organisation names. */
const ADJECTIVE =
  /^\p{Ll}+(?:aire|aires|al|ale|ales|aux|ien|ienne|iens|iennes|ais|aise|aises|ain|aine|ains|aines|ique|iques|el|elle|els|elles|if|ive|ifs|ives|ar|ares|ano|ana|anos|anas|ense|enses|ista|istas|ico|ica|icos|icas|ivo|iva|ivos|ivas|unies|unis|uni|unie)$/u;

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
    (doc.tokens.has(i, TokenFlag.Capitalised) && !doc.tokens.has(i, TokenFlag.Punct)) ||
    ARABIC_PARTICLE.test(doc.tokenText(i));
  const g = GRAMMAR[lang];

  // Knowledge-base names, longest first so "Émirats arabes unis" wins over "Émirats".
  const maxN = Math.min(kb.maxNameTokens, 8);
  for (const sent of doc.sentences) {
    for (let i = sent.start; i < sent.end; i++) {
      if (taken[i] || doc.tokens.has(i, TokenFlag.Punct) || !kb.canStart(lower[i]!)) continue;
      for (let len = Math.min(maxN, sent.end - i); len >= 1; len--) {
        const span = { start: i, end: i + len };
        if (overlaps(span, taken)) continue;
        if (doc.tokens.has(i + len - 1, TokenFlag.Punct) && len > 1 && lower[i + len - 1] !== ".") continue;
        const surface = doc.spanText(span);
        const entries = kb.lookupName(surface, lang);
        let entry = pickEntry(entries, isCap(i), surface);
        // The KB ignores leading articles; a match that starts on one keeps it only when the
        // article belongs to the name ("Le Caire", "La Habana"), not to the sentence ("les Houthis").
        if (entry && sets.determiners.has(lower[i]!) && !nameHasArticle(entry, surface)) entry = undefined;
        // "François Hollande", "Jack Chad": a one-word place right after a capitalised word that
        // starts no sentence is the end of a person's name.
        if (
          entry &&
          len === 1 &&
          (entry.kind === "country" || entry.kind === "capital") &&
          i > sent.start &&
          isCap(i - 1) &&
          !taken[i - 1] &&
          !doc.tokens.has(i - 1, TokenFlag.Punct) &&
          !sets.functionWords.has(lower[i - 1]!) &&
          !COMPASS.has(lower[i - 1]!) &&
          !(i - 1 === sent.start && sets.determiners.has(lower[i - 1]!))
        )
          entry = undefined;
        if (!entry) continue;
        // "le gouvernement libyen d'union nationale", "the Libyan Government of National Accord": a
        // state body whose demonym interrupts the name of one of that state's organisations is it.
        if (entry.kind === "state-body") {
          const named = namedBody(doc, kb, lang, i, len, sent.end, entry, taken);
          if (named) {
            entry = named.entry;
            span.end = named.end;
          }
        }
        // "l'armée malienne", "the Syrian government": a description keeps its article (gold N3).
        if (
          entry.kind === "state-body" &&
          !isCap(i) &&
          i > sent.start &&
          sets.determiners.has(lower[i - 1]!) &&
          !CONTRACTIONS.has(lower[i - 1]!) &&
          !taken[i - 1]
        ) {
          span.start = i - 1;
        }
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
        if (j > end && j < sent.end && !taken[j] && isCap(j) && !getLocale(lang).matchTitle(lower, j)) {
          end = j + 1;
          continue;
        }
        break;
      }
      let start = i;
      while (
        start < end &&
        (isFunctionWordCap(doc, lower, start, sets, sent.start) || g.honorifics.includes(lower[start]!))
      ) {
        start++;
      }
      // French and Spanish organisation names go on in lowercase adjectives: "Conseil militaire",
      // "Armée nationale libyenne", "Consejo Electoral".
      if (start < end && lang !== "en" && anyOrgHead(lower[start]!)) {
        while (
          end < sent.end &&
          !taken[end] &&
          end - start < 6 &&
          (ADJECTIVE.test(lower[end]!) || kb.demonym(lower[end]!, lang) !== undefined)
        ) {
          end++;
        }
      }
      // "the Israeli Cabinet": a demonym-led organisation name is a description and keeps its
      // article (gold N3).
      if (
        start < end &&
        lang === "en" &&
        end - start >= 2 &&
        kb.demonym(doc.tokenText(start), lang) &&
        lower[start - 1] === "the" &&
        !taken[start - 1]
      ) {
        start--;
      }
      if (start < end) {
        const span = { start, end };
        const type = typeCapitalised(doc, lower, span, sets, kb, lang);
        // An untyped sequence is left free for the description rules ("Russian peacekeepers").
        if (type) {
          mentions.push({ span, type, origin: "pattern", named: true });
          take(span, taken);
        }
      }
      i = end;
    }
  }

  titleDescriptions(doc, lower, sets, kb, lang, taken, mentions);
  capitalDescriptions(doc, lower, sets, kb, lang, taken, mentions);
  facilities(doc, lower, sets, mentions, taken);
  groupsOf(doc, lower, sets, mentions, taken, g.groupNouns);
  governmentDescriptions(doc, lower, sets, kb, taken, mentions);
  coalitions(doc, lower, sets, kb, taken, mentions);
  securityForces(doc, lower, sets, taken, mentions);

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
  for (const m of acronymExpansions(doc, lower, mentions, sets, taken)) {
    mentions.push(m);
    take(m.span, taken);
  }
  mentions.sort((a, b) => a.span.start - b.span.start);
  authoritiesOfPlaces(doc, lower, sets, kb, mentions);
  for (const m of mentions) take(m.span, taken);
  governmentDescriptions(doc, lower, sets, kb, taken, mentions, AUTHORITIES);
  mentions.sort((a, b) => a.span.start - b.span.start);
  capitalMetonymy(doc, lower, mentions, kb, lang);
  return mentions;
}

/** Auxiliaries and negations that may stand between a subject and its verb. */
const VERB_GAP = new Set([
  "a",
  "ont",
  "avait",
  "avaient",
  "aurait",
  "auraient",
  "va",
  "vont",
  "ne",
  "n'",
  "pas",
  "a-t-il",
  "has",
  "have",
  "had",
  "will",
  "would",
  "did",
  "does",
  "not",
  "ha",
  "han",
  "había",
  "habían",
  "no",
  "se",
  "s'",
]);

/**
 * "Moscou a démenti", "Washington threatened", "Ankara exigió": a capital as the subject of a
 * political verb stands for its state (gold N5), so the mention joins the country's entity; a
 * capital after a preposition ("à Moscou") stays a place.
 */
function capitalMetonymy(
  doc: VDocument,
  lower: string[],
  mentions: Mention[],
  kb: KnowledgeBase,
  lang: Lang,
): void {
  const locale = getLocale(lang);
  const g = GRAMMAR[lang];
  const complementWords = new Set([...g.locative, ...g.genitive, ...g.partner, ...g.agent, ...g.against]);
  for (const m of mentions) {
    const entry = m.kbId ? kb.byId(m.kbId) : undefined;
    if (!entry?.capitalOf || m.span.end - m.span.start > 2) continue;
    let p = m.span.start - 1;
    while (p >= 0 && g.determiners.includes(lower[p]!)) p--;
    const prev = p >= 0 ? lower[p]! : "";
    if (complementWords.has(prev)) continue;
    let j = m.span.end;
    while (j < doc.tokenCount && j - m.span.end < 4 && VERB_GAP.has(lower[j]!)) j++;
    const verb =
      locale.matchTriggers(lower, j).some((t) => t.entry.pos === "verb") ||
      matchPatterns(locale.cues.reportingVerbs, lower, j) > 0 ||
      matchPatterns(locale.cues.denied, lower, j) > 0;
    if (!verb) continue;
    const country = kb.byId(entry.capitalOf.toLowerCase());
    if (country) m.kbId = country.id;
  }
}

function nameHasArticle(entry: KbEntry, surface: string): boolean {
  const key = foldForMatch(surface);
  return Object.values(entry.names).some((ns) => ns.some((n) => foldForMatch(n) === key));
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
  for (let k = span.start + 1; k < span.end - 1; k++) if (anyOrgHead(lower[k]!)) return "ORG";
  if (sets.eventHeads.has(first) || sets.eventHeads.has(last)) return "EVT";
  if (sets.locHeads.has(first) || sets.locHeads.has(last)) return "LOC";
  // "Turkish", "Russian-brokered": adjectives of nationality are not names (gold N4).
  if (len === 1 && (kb.demonym(text, lang) || kb.demonym(text.split("-")[0]!, lang))) return undefined;
  if (len === 1 && doc.tokens.has(span.start, TokenFlag.AllCaps) && /^\p{Lu}{2,6}$/u.test(text)) return "ORG";
  const prev = previousWord(lower, span.start, sets);
  if (sets.titles.has(lower[span.start - 1] ?? "")) return "PER";
  if (sets.locatives.has(prev) && len <= 3) return "GPE";
  if (
    len === 1 &&
    doc.isSentenceStart(span.start) &&
    !standsAloneElsewhere(doc, lower, span.start) &&
    !isSurname(doc, lower, text.toLowerCase())
  ) {
    return modelType(doc, span);
  }
  if (len >= 2) return "PER";
  // "la région de Kassala", "the city of Kismayo": a place noun names what follows.
  if (GENITIVES.has(lower[span.start - 1] ?? "") && sets.locHeads.has(lower[span.start - 2] ?? ""))
    return "GPE";
  // A lone unknown word is a person only when the text also uses it as the surname of a full
  // name; otherwise its type cannot be told without a model, and a wrong type costs more than a
  // missing mention.
  return isSurname(doc, lower, text.toLowerCase()) ? "PER" : modelType(doc, span);
}

/** The statistical NER, when it ran, types what the rules cannot tell (MISC is not an actor). */
function modelType(doc: VDocument, span: { start: number; end: number }): EntityType | undefined {
  const t = nerType(doc, span);
  return t === "MISC" ? undefined : t;
}

/** The NER model's type for a span it overlaps, LOC read as GPE (the scorer treats both alike). */
function nerType(doc: VDocument, span: { start: number; end: number }): EntityType | "MISC" | undefined {
  for (const n of doc.nerSpans) {
    if (n.span.start >= span.end || n.span.end <= span.start) continue;
    return n.type === "LOC" ? "GPE" : n.type;
  }
  return undefined;
}

/**
 * Per-document facts about names, computed once: the last words of full names ("Kaboré" in
 * "Mahamat Kaboré") and the words that appear mid-sentence as a name of their own. Looking them
 * up per candidate would be quadratic on long texts.
 */
interface NameFacts {
  surnames: Set<string>;
  standalone: Set<string>;
}

const factsCache = new WeakMap<VDocument, NameFacts>();

const bareName = (w: string) => stripAccents(w).replace(/^(?:al|el|ul)-/u, "");

function nameFacts(doc: VDocument, lower: string[]): NameFacts {
  let f = factsCache.get(doc);
  if (f) return f;
  f = { surnames: new Set(), standalone: new Set() };
  const cap = (k: number) => k >= 0 && k < doc.tokenCount && doc.tokens.has(k, TokenFlag.Capitalised);
  for (let k = 0; k < doc.tokenCount; k++) {
    if (doc.isSentenceStart(k)) continue;
    const prev = k - 1;
    const isName = doc.tokens.has(k, TokenFlag.Capitalised) || ARABIC_PARTICLE.test(doc.tokenText(k));
    if (isName && cap(prev) && !doc.tokens.has(prev, TokenFlag.Punct) && !cap(k + 1)) {
      f.surnames.add(bareName(lower[k]!));
    }
    if (cap(k) && !cap(k - 1) && !cap(k + 1)) f.standalone.add(doc.tokenText(k));
  }
  factsCache.set(doc, f);
  return f;
}

/** Whether a word is, or is a spelling variant of, the last word of a full name in the text. */
function isSurname(doc: VDocument, lower: string[], word: string): boolean {
  const target = bareName(word);
  const { surnames } = nameFacts(doc, lower);
  if (surnames.has(target)) return true;
  for (const s of surnames) if (closeSpelling(s, target)) return true;
  return false;
}

const GENITIVES = new Set(["de", "d'", "of", "del"]);

/** The word before a span, skipping determiners ("à la Mecque" → "à"). */
function previousWord(lower: string[], i: number, sets: LocaleSets): string {
  let j = i - 1;
  while (j >= 0 && sets.determiners.has(lower[j]!)) j--;
  return j >= 0 ? lower[j]! : "";
}

/** Whether the word at i also appears mid-sentence as a capitalised name of its own. */
function standsAloneElsewhere(doc: VDocument, lower: string[], i: number): boolean {
  // The word at i itself starts its sentence, so any standalone occurrence is another one.
  return nameFacts(doc, lower).standalone.has(doc.tokenText(i));
}

const INDEFINITE = new Set(["un", "une", "des", "a", "an", "unos", "unas", "uno", "una"]);

/** Determiners fused with a preposition: the mention starts after them ("du groupe russe"). */
const CONTRACTIONS = new Set(["du", "des", "au", "aux", "del", "al"]);

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
  const w = lower[i]!;
  const hasDet = sets.determiners.has(w) || CONTRACTIONS.has(w);
  const start = hasDet && !CONTRACTIONS.has(w) ? i : hasDet ? i + 1 : i;
  const noun = hasDet ? i + 1 : i;
  if (noun + 1 >= end || taken[noun] || taken[noun + 1]) return undefined;
  let dem: { iso3: string } | undefined;
  let stop: number;
  if (lang === "en") {
    // English puts the demonym first: "the Syrian regime", "Russian peacekeepers".
    dem = kb.demonym(doc.tokenText(noun), lang);
    if (!dem || !anyOrgHead(lower[noun + 1]!)) return undefined;
    stop = noun + 2;
  } else {
    if (!hasDet || !anyOrgHead(lower[noun]!)) return undefined;
    dem = kb.demonym(lower[noun + 1]!, lang);
    if (!dem) return undefined;
    stop = noun + 2;
  }
  // Fighters, rebels, militants of a nationality are a generic group unless the text makes them
  // definite ("les rebelles touaregs" vs "des combattants syriens", gold N7); state bodies are
  // actors either way ("des forces turques").
  const head = lower[lang === "en" ? noun + 1 : noun]!;
  const definite = sets.determiners.has(w) && !CONTRACTIONS.has(w) && !INDEFINITE.has(w);
  if (GRAMMAR[lang].armedGroups.includes(head) && !definite) return undefined;
  // "le ministère russe de la Défense", "el Ministerio ruso de Defensa": the office's complement.
  let j = stop;
  if (GENITIVES.has(lower[j] ?? "")) {
    j++;
    while (j < end && sets.determiners.has(lower[j]!)) j++;
    if (j < end && !taken[j] && doc.tokens.has(j, TokenFlag.Capitalised)) {
      while (j < end && !taken[j] && doc.tokens.has(j, TokenFlag.Capitalised)) j++;
      stop = j;
    }
  }
  // "le groupe russe Wagner": the name that follows is part of the description.
  while (
    stop < end &&
    taken[stop] === 0 &&
    doc.tokens.has(stop, TokenFlag.Capitalised) &&
    !doc.isSentenceStart(stop)
  ) {
    stop++;
  }
  return { span: { start, end: stop }, type: "ORG", origin: "description", named: false, country: dem.iso3 };
}

const FACILITY_HEADS = new Set([
  "port",
  "ports",
  "aéroport",
  "base",
  "camp",
  "prison",
  "hôpital",
  "quai",
  "raffinerie",
  "terminal",
  "airport",
  "harbour",
  "harbor",
  "refinery",
  "hospital",
  "embassy",
  "puerto",
  "aeropuerto",
  "campamento",
  "cárcel",
  "refinería",
  "embajada",
  "ambassade",
]);

const CAPITAL_WORDS = new Set(["capitale", "capital"]);

/**
 * "la capitale allemande" is Berlin, "the Russian capital" Moscow (the KB's capital of the
 * demonym's state); "la capitale Sanaa" is an apposition naming it.
 */
function capitalDescriptions(
  doc: VDocument,
  lower: string[],
  sets: LocaleSets,
  kb: KnowledgeBase,
  lang: Lang,
  taken: Uint8Array,
  mentions: Mention[],
): void {
  const placeAt = new Map<number, Mention>();
  for (const m of mentions) if (m.type === "GPE") placeAt.set(m.span.start, m);
  const found: Mention[] = [];
  for (let i = 0; i + 1 < doc.tokenCount; i++) {
    if (!sets.determiners.has(lower[i]!) || CONTRACTIONS.has(lower[i]!) || taken[i]) continue;
    // French and Spanish: "la capitale allemande"; English: "the German capital".
    const [cap, dem] = lang === "en" ? [i + 2, i + 1] : [i + 1, i + 2];
    if (!CAPITAL_WORDS.has(lower[cap] ?? "") || taken[cap]) continue;
    const country = dem < doc.tokenCount ? kb.demonym(doc.tokenText(dem), lang) : undefined;
    if (country) {
      const entry = kb.byId(`city:${country.iso3.toLowerCase()}-capital`);
      if (!entry) continue;
      const span = { start: i, end: i + 3 };
      found.push({ span, type: "GPE", origin: "capital", named: false, kbId: entry.id });
      take(span, taken);
      continue;
    }
    const named = lang === "en" ? undefined : placeAt.get(cap + 1);
    if (named) {
      const span = { start: i, end: cap + 1 };
      found.push({ span, type: "GPE", origin: "capital", named: false, refersTo: named.span.start });
      take(span, taken);
    }
  }
  mentions.push(...found);
}

const COALITION_WORDS = new Set(["coalition", "coalición"]);
const COALITION_ADJECTIVES = new Set([
  "internationale",
  "international",
  "internacional",
  "arabe",
  "arab",
  "árabe",
  "militaire",
  "military",
  "militar",
  "anti-jihadiste",
  "antijihadiste",
]);

/**
 * "la coalition", "the US-led coalition", "la coalición internacional": a definite coalition is an
 * actor of its own even unnamed; every mention of it in the article is the same actor.
 */
function coalitions(
  doc: VDocument,
  lower: string[],
  sets: LocaleSets,
  kb: KnowledgeBase,
  taken: Uint8Array,
  mentions: Mention[],
): void {
  let first: Mention | undefined;
  for (let i = 0; i + 1 < doc.tokenCount; i++) {
    const det = lower[i]!;
    if (!sets.determiners.has(det) || INDEFINITE.has(det) || taken[i] || taken[i + 1]) continue;
    // English may put a modifier first: "the Saudi-led coalition".
    let head = i + 1;
    if (!COALITION_WORDS.has(lower[head]!) && COALITION_WORDS.has(lower[head + 1] ?? "") && !taken[head + 1])
      head++;
    if (!COALITION_WORDS.has(lower[head]!)) continue;
    let end = head + 1;
    while (
      end < doc.tokenCount &&
      !taken[end] &&
      (COALITION_ADJECTIVES.has(lower[end]!) ||
        kb.demonym(doc.tokenText(end), doc.lang ?? "en") !== undefined)
    )
      end++;
    const span = { start: i, end };
    const m: Mention = { span, type: "ORG", origin: "description", named: false };
    // One coalition per article: later mentions refer to the first.
    if (first) m.refersTo = first.span.start;
    else first = m;
    mentions.push(m);
    take(span, taken);
  }
}

/** Forces of order named without their state: "les forces de l'ordre", "the police". */
const SECURITY_FORCES: string[][] = [
  ["forces", "de", "l'", "ordre"],
  ["forces", "de", "sécurité"],
  ["police"],
  ["gendarmerie"],
  ["security", "forces"],
  ["riot", "police"],
  ["fuerzas", "de", "seguridad"],
  ["fuerzas", "del", "orden"],
  ["policía"],
  ["carabineros"],
];

/**
 * A definite security force without a demonym ("les forces de l'ordre ont chargé les grévistes"):
 * an actor of its own, every such mention of one phrase the same actor.
 */
function securityForces(
  doc: VDocument,
  lower: string[],
  sets: LocaleSets,
  taken: Uint8Array,
  mentions: Mention[],
): void {
  for (let i = 0; i + 1 < doc.tokenCount; i++) {
    const det = lower[i]!;
    if (!sets.determiners.has(det) || INDEFINITE.has(det) || CONTRACTIONS.has(det) || taken[i]) continue;
    const phrase = SECURITY_FORCES.find((p) =>
      p.every((w, k) => lower[i + 1 + k] === w && !taken[i + 1 + k]),
    );
    if (!phrase) continue;
    const end = i + 1 + phrase.length;
    // "la police malienne" is a state body the KB already reads.
    if (end < doc.tokenCount && taken[end]) continue;
    const span = { start: i, end };
    mentions.push({ span, type: "ORG", origin: "description", named: false });
    take(span, taken);
  }
}

const AUTHORITIES = new Set(["authorities", "autorités", "autoridades"]);
const PLACE_LINKS = new Set(["in", "of", "de", "d'", "du", "en", "del"]);

/**
 * "Authorities in Gaza", "les autorités de Kidal", "las autoridades de Kabul": the
 * government of a place that is not a state is one actor, named with its place (the place mention
 * is absorbed into it). Runs on the sorted mentions.
 */
function authoritiesOfPlaces(
  doc: VDocument,
  lower: string[],
  sets: LocaleSets,
  kb: KnowledgeBase,
  mentions: Mention[],
): void {
  const startAt = new Map<number, number>();
  mentions.forEach((m, k) => startAt.set(m.span.start, k));
  const drop = new Set<number>();
  const added: Mention[] = [];
  for (let i = 0; i + 2 < doc.tokenCount; i++) {
    if (!AUTHORITIES.has(lower[i]!) || !PLACE_LINKS.has(lower[i + 1]!)) continue;
    const covering = mentions.findIndex((m) => m.span.start <= i && i < m.span.end);
    const k = startAt.get(i + 2);
    if (k === undefined || mentions[k]!.type !== "GPE") continue;
    const place = mentions[k]!;
    const det = i > 0 && sets.determiners.has(lower[i - 1]!) && !CONTRACTIONS.has(lower[i - 1]!);
    const start = covering >= 0 ? mentions[covering]!.span.start : det ? i - 1 : i;
    if (covering >= 0) drop.add(covering);
    drop.add(k);
    const m: Mention = {
      span: { start, end: place.span.end },
      type: "ORG",
      origin: "description",
      named: false,
    };
    const country = place.country ?? (place.kbId ? kb.byId(place.kbId)?.country : undefined);
    if (country) m.country = country;
    added.push(m);
  }
  if (!added.length) return;
  const kept = mentions.filter((_, k) => !drop.has(k));
  mentions.length = 0;
  mentions.push(...kept, ...added);
  mentions.sort((a, b) => a.span.start - b.span.start);
}

const GOVERNMENT_WORDS = new Set(["gouvernement", "government", "gobierno", "exécutif", "ejecutivo"]);

/**
 * "le gouvernement", "the government", "el Gobierno" with no demonym nor complement: the government
 * the article named last (a state body or a KB organisation of the GOV sector), when there is one.
 */
function governmentDescriptions(
  doc: VDocument,
  lower: string[],
  sets: LocaleSets,
  kb: KnowledgeBase,
  taken: Uint8Array,
  mentions: Mention[],
  words: ReadonlySet<string> = GOVERNMENT_WORDS,
): void {
  // Antecedents: named governments, and "the authorities in X" for the bare "the authorities".
  const governments = mentions
    .filter(
      (m) =>
        (m.named && m.kbId !== undefined && kb.byId(m.kbId)?.sector === "GOV") ||
        (words === AUTHORITIES &&
          !m.named &&
          m.type === "ORG" &&
          AUTHORITIES.has(lower[m.span.start + (sets.determiners.has(lower[m.span.start]!) ? 1 : 0)]!)),
    )
    .sort((a, b) => a.span.start - b.span.start);
  if (governments.length === 0) return;
  const found: Mention[] = [];
  // "The authorities" opening a sentence was taken as a capitalised name: it is this description.
  const capitalisedAt = new Map<number, Mention>();
  for (const m of mentions)
    if (m.origin === "pattern" && m.span.end - m.span.start === 2) capitalisedAt.set(m.span.start, m);
  for (let i = 0; i + 1 < doc.tokenCount; i++) {
    if (!sets.determiners.has(lower[i]!) || CONTRACTIONS.has(lower[i]!)) continue;
    if (!words.has(lower[i + 1]!)) continue;
    const asName = capitalisedAt.get(i);
    if (!asName && (taken[i] || taken[i + 1])) continue;
    const next = lower[i + 2] ?? "";
    if (GENITIVES.has(next) || CONTRACTIONS.has(next) || kb.demonym(doc.tokenText(i + 2), doc.lang ?? "en"))
      continue;
    let antecedent: Mention | undefined;
    for (const m of governments) {
      if (m.span.start >= i) break;
      antecedent = m;
    }
    if (!antecedent) continue;
    if (asName) {
      asName.named = false;
      asName.origin = "description";
      asName.refersTo = antecedent.span.start;
      continue;
    }
    const span = { start: i, end: i + 2 };
    found.push({ span, type: "ORG", origin: "description", named: false, refersTo: antecedent.span.start });
    take(span, taken);
  }
  mentions.push(...found);
}

/**
 * "le port de Mombasa", "the port of Hodeidah", "el aeropuerto de Kabul": a facility named by its
 * town is a place of its own (gold LOC), distinct from the town.
 */
function facilities(
  doc: VDocument,
  lower: string[],
  sets: LocaleSets,
  mentions: Mention[],
  taken: Uint8Array,
): void {
  const placeAt = new Map<number, Mention>();
  for (const m of mentions) if (m.type === "GPE" || m.type === "LOC") placeAt.set(m.span.start, m);
  const found: Mention[] = [];
  for (let i = 0; i + 2 < doc.tokenCount; i++) {
    if (taken[i] || !FACILITY_HEADS.has(lower[i]!) || doc.tokens.has(i, TokenFlag.Capitalised)) continue;
    if (!GENITIVES.has(lower[i + 1]!)) continue;
    let j = i + 2;
    while (j < doc.tokenCount && sets.determiners.has(lower[j]!)) j++;
    const place = placeAt.get(j);
    if (!place) continue;
    found.push({ span: { start: i, end: place.span.end }, type: "LOC", origin: "facility", named: true });
    taken[i] = 3;
  }
  mentions.push(...found);
}

/**
 * "les forces rebelles de Kaboré", "les troupes placées sous les ordres de Kaboré", "the
 * forces of X", "las tropas de X": one organised actor designated through its leader or owner
 * (gold N7). All such descriptions of one owner are grouped by the actors stage.
 */
function groupsOf(
  doc: VDocument,
  lower: string[],
  sets: LocaleSets,
  mentions: Mention[],
  taken: Uint8Array,
  groupNouns: readonly string[],
): void {
  const kb = loadKnowledgeBase();
  const ownerAt = new Map<number, Mention>();
  // Only a person owns a group of its own ("les forces de Kaboré" are his army); "la guérilla de
  // l'ELN" or "les forces du FLN" are the organisation itself.
  for (const m of mentions) if (m.type === "PER" && m.named) ownerAt.set(m.span.start, m);
  const found: Mention[] = [];
  for (const sent of doc.sentences) {
    for (let i = sent.start; i < sent.end; i++) {
      if (taken[i] || !groupNouns.includes(lower[i]!)) continue;
      // Up to five words of modifiers ("rebelles", "placées sous le commandement") before "de X".
      for (let j = i + 1; j < Math.min(sent.end, i + 7); j++) {
        if (doc.tokens.has(j, TokenFlag.Punct) || taken[j] === 1) break;
        if (!GENITIVES.has(lower[j]!) && !CONTRACTIONS.has(lower[j]!)) continue;
        let k = j + 1;
        // Determiners, title words and a demonym: "the army of Malian President X".
        while (
          k < sent.end &&
          (sets.determiners.has(lower[k]!) ||
            sets.titles.has(lower[k]!) ||
            kb.demonym(lower[k]!, doc.lang ?? "en") !== undefined)
        )
          k++;
        const owner = ownerAt.get(k);
        if (!owner) continue;
        const det =
          i - 1 >= sent.start && sets.determiners.has(lower[i - 1]!) && !CONTRACTIONS.has(lower[i - 1]!);
        found.push({
          span: { start: det ? i - 1 : i, end: owner.span.end },
          type: "ORG",
          origin: "group",
          named: false,
          ownedBy: owner.span.start,
        });
        for (let t = det ? i - 1 : i; t < k; t++) if (!taken[t]) taken[t] = 3;
        i = owner.span.end - 1;
        break;
      }
    }
  }
  mentions.push(...found);
}

/**
 * Office titles used as references: "le ministre russe de la Défense, Sergei Shoigu", "le
 * président turc Recep Tayyip Erdogan", and later "le maréchal" alone for the person first named
 * with that title. A title that designates nobody named in the text is left out (gold N4, N7).
 */
function titleDescriptions(
  doc: VDocument,
  lower: string[],
  sets: LocaleSets,
  kb: KnowledgeBase,
  lang: Lang,
  taken: Uint8Array,
  mentions: Mention[],
): void {
  const locale = getLocale(lang);
  const personAt = new Map<number, Mention>();
  const personEndingAt = new Map<number, Mention>();
  for (const m of mentions) {
    if (m.type !== "PER") continue;
    personAt.set(m.span.start, m);
    personEndingAt.set(m.span.end, m);
  }
  /** Title form → first token of the person it was last seen with. */
  const lastWithTitle = new Map<string, number>();
  for (const sent of doc.sentences) {
    for (let i = sent.start; i < sent.end - 1; i++) {
      const w = lower[i]!;
      // A title is a reference of its own only after an article ("le président turc X", "le
      // maréchal"); "President Ashraf Ghani" is one name phrase.
      const article = sets.determiners.has(w) && !CONTRACTIONS.has(w);
      if (!article && !CONTRACTIONS.has(w)) continue;
      const ts = i + 1;
      if (taken[ts]) continue;
      const match = locale.matchTitle(lower, ts);
      if (!match) continue;
      let end = ts + match.length;
      if (end < sent.end && !taken[end] && kb.demonym(lower[end]!, lang)) end++;
      if (GENITIVES.has(lower[end] ?? "") || CONTRACTIONS.has(lower[end] ?? "")) {
        let j = end + 1;
        while (j < sent.end && sets.determiners.has(lower[j]!)) j++;
        if (j < sent.end && doc.tokens.has(j, TokenFlag.Capitalised)) {
          while (j < sent.end && doc.tokens.has(j, TokenFlag.Capitalised)) j++;
          end = j;
        }
      }
      const start = article ? i : ts;
      let next = end;
      if (lower[next] === ",") next++;
      // The person named right after the title, or right before it in apposition ("Khalifa
      // Kaboré, l'homme fort du Nord, ...").
      const person =
        personAt.get(next) ?? (lower[start - 1] === "," ? personEndingAt.get(start - 1) : undefined);
      const form = match.entry.form;
      let refersTo: number | undefined;
      if (person) {
        refersTo = person.span.start;
        person.role ??= match.entry.role;
        lastWithTitle.set(form, person.span.start);
      } else if (end - ts === match.length && lastWithTitle.has(form)) {
        refersTo = lastWithTitle.get(form);
      }
      if (refersTo === undefined) continue;
      mentions.push({
        span: { start, end },
        type: "PER",
        origin: "title",
        named: false,
        refersTo,
        role: match.entry.role,
      });
      for (let k = start; k < end; k++) if (!taken[k]) taken[k] = 3;
      i = end - 1;
    }
  }
}

/**
 * "le Front de libération du Nord (FLN)": the phrase before an acronym in brackets is the
 * acronym's expansion, a mention of the same actor.
 */
function acronymExpansions(
  doc: VDocument,
  lower: string[],
  mentions: Mention[],
  sets: LocaleSets,
  taken: Uint8Array,
): Mention[] {
  const out: Mention[] = [];
  for (const m of mentions) {
    const open = m.span.start - 1;
    if (open < 1 || lower[open] !== "(" || lower[m.span.end] !== ")") continue;
    if (!/^\p{Lu}{2,8}$/u.test(doc.spanText(m.span))) continue;
    let start = open;
    while (
      start - 1 >= 0 &&
      open - (start - 1) <= 8 &&
      !taken[start - 1] &&
      !doc.tokens.has(start - 1, TokenFlag.Punct) &&
      !sets.determiners.has(lower[start - 1]!) &&
      !CONTRACTIONS.has(lower[start - 1]!) &&
      !["par", "by", "por", "avec", "with", "con", "à", "to", "a"].includes(lower[start - 1]!)
    ) {
      start--;
    }
    if (
      start >= open ||
      (!sets.determiners.has(lower[start - 1] ?? "") && !CONTRACTIONS.has(lower[start - 1] ?? ""))
    )
      continue;
    if (sets.functionWords.has(lower[start]!)) continue;
    out.push({
      span: { start, end: open },
      type: m.type,
      origin: "acronym-expansion",
      named: true,
      ...(m.kbId ? { kbId: m.kbId } : {}),
    });
  }
  return out;
}

export const mentionsStage: Stage = {
  name: "mentions",
  requires: ["tokens", "sentences", "lang"],
  assigns: ["mentions"],
  run(doc) {
    doc.mentions = findMentions(doc);
  },
};

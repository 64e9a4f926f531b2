import type { VDocument } from "../../doc/document.js";
import { TokenFlag } from "../../doc/tokens.js";
import type { CharRange, Lang, Mention, TokenSpan, VEvent } from "../../doc/types.js";
import { loadKnowledgeBase, type KnowledgeBase } from "../../kb/index.js";
import { GRAMMAR, type Grammar } from "../../locales/grammar.js";
import { getLocale, matchPatterns, type Locale } from "../../locales/index.js";
import type { TriggerEntry } from "../../locales/types.js";
import type { Stage } from "../../pipeline/stage.js";
import { depArgs, treeFor } from "./deps.js";
import { COMPLEMENTIZERS, demonymState, PARTICIPLE, SentenceView, uniq } from "./context.js";
import { MODALITY_STRENGTH, modalityOf } from "./modality.js";
import { dateFor, placeFor } from "./where.js";

/**
 * Rule-based event finder: lexicon triggers, then arguments read from word order (subject to the
 * left, object or prepositional target to the right, passive agent after "par"/"by"/"por",
 * nominal agent after "de"/"of"). The dependency-based extractor of issue [4/7] replaces the
 * word-order part; the lexicons, modality and date/place attachment stay.
 */

/** How far (tokens) an argument may sit from its trigger. */
const SUBJECT_WINDOW = 20;
const OBJECT_WINDOW = 8;

interface Args {
  source: number[];
  target: number[];
  /** A passive clause with no agent: the event stands with an empty source (gold E2). */
  agentless?: boolean;
  /** Token span covering trigger and the argument mentions, for the evidence. */
  extent: TokenSpan;
}

const CLAUSE_BREAK = new Set([";", ":", "«", "»", '"', "(", ")", "—", "–"]);

export function extractEvents(doc: VDocument, kb: KnowledgeBase = loadKnowledgeBase()): VEvent[] {
  const view = new SentenceView(doc);
  const locale = getLocale(view.lang);
  const g = GRAMMAR[view.lang];
  markAttributions(view, locale);
  const events: VEvent[] = [];
  const triggerAt = (i: number, end: number) => {
    if (view.mentionAt[i]! >= 0 || doc.tokens.has(i, TokenFlag.Punct)) return undefined;
    const matches = locale.matchTriggers(view.lower, i).filter((m) => i + m.length <= end);
    // Homographs ("retirada", "strike", "attaque"): after a determiner the noun reading wins.
    // "le terrible bombardement": one adjective may sit between the determiner and the noun.
    const prev = view.lower[i - 1] ?? "";
    const wantNoun =
      g.determiners.includes(prev) ||
      g.genitive.includes(prev) ||
      g.partner.includes(prev) ||
      g.against.includes(prev) ||
      QUANTITIES.has(prev) ||
      doc.tokens.has(i - 1, TokenFlag.Digit) ||
      (g.determiners.includes(view.lower[i - 2] ?? "") &&
        view.mentionAt[i - 1]! < 0 &&
        !doc.tokens.has(i - 1, TokenFlag.Punct) &&
        !g.passiveAux.includes(view.lower[i - 1] ?? ""));
    const best = matches[0];
    if (!best) return undefined;
    return matches.find((m) => m.length === best.length && (m.entry.pos === "noun") === wantNoun) ?? best;
  };
  let lastActors: { sentence: number; source: number[] } | undefined;
  for (const [sentIndex, sent] of doc.sentences.entries()) {
    let lastTriggerEnd = -1;
    let lastThreatEnd = -1;
    let nounEvent: VEvent | undefined;
    let previous: { trigger: TokenSpan; source: number[] } | undefined;
    for (let i = sent.start; i < sent.end; i++) {
      const best = triggerAt(i, sent.end);
      if (!best) continue;
      let entry = best.entry;
      const trigger = { start: i, end: i + best.length };
      if (entry.pos === "noun" && view.lang !== "en" && !nounContext(view, g, trigger, sent)) continue;
      // "lo acordado", "lo pactado": Spanish's neuter article makes a participle a noun (what was
      // agreed), not an event.
      if (view.lang === "es" && view.lower[i - 1] === "lo" && PARTICIPLE.test(view.lower[i]!)) continue;
      // "la rupture des pourparlers", "le non-respect de la trêve", "ont tiré des obus": a noun
      // trigger right after another trigger is its complement, not a second event.
      // "a menacé le Niger de sanctions", "threatened Niger with sanctions": what is threatened
      // is the threat's content, not an event of its own.
      const threatContent =
        lastThreatEnd >= 0 &&
        view.gapWords(lastThreatEnd, i) <= 5 &&
        THREAT_CONTENT.has(view.lower[i - 1] ?? "");
      if (
        entry.pos === "noun" &&
        lastTriggerEnd >= 0 &&
        ((view.gapWords(lastTriggerEnd, i) <= 3 && !view.mentionsIn(lastTriggerEnd, i).length) ||
          threatContent)
      ) {
        lastTriggerEnd = trigger.end;
        i = trigger.end - 1;
        continue;
      }
      // A light verb before a noun trigger ("a tenu des consultations"): the noun codes the event.
      if (
        entry.pos === "verb" &&
        g.supportVerbs.includes(view.lower[i]!) &&
        nounTriggerAhead(triggerAt, view, trigger.end, sent.end) !== undefined
      ) {
        continue;
      }
      lastTriggerEnd = trigger.end;
      if (entry.type === "THREATEN" && entry.pos === "verb") lastThreatEnd = trigger.end;
      if (entry.pos === "verb") {
        const complement =
          nounTriggerAhead(triggerAt, view, trigger.end, sent.end) ??
          relativeAntecedent(triggerAt, view, g, trigger, sent);
        if (complement) entry = combine(entry, complement.entry);
      }
      // "tentent de s'emparer de la ville", "trying to seize": an attempted capture is an offensive (E9).
      if (entry.type === "COERCE" && attemptBefore(view, g, trigger, sent)) {
        entry = { ...entry, type: "ASSAULT", mode: "offensive", cameo: "190" };
      }
      // "a demandé au Niger un retrait, sous peine de représailles", "demanded … or face": an ultimatum.
      if (entry.type === "REQUEST" && ultimatumAfter(view, trigger.end, sent)) {
        entry = { ...entry, type: "THREATEN", mode: "ultimatum", cameo: "130" };
      }
      const governed = entry.pos === "noun" && announcedBefore(view, g, trigger, sent);
      if (governed) entry = announced(entry);
      let args =
        entry.pos === "noun"
          ? nounArgs(view, g, kb, entry, trigger, sent, governed)
          : verbArgs(view, g, entry, trigger, sent);
      if (
        (entry.type === "ASSAULT" || entry.type === "COERCE") &&
        args.target.length === 0 &&
        args.source.length
      ) {
        args = { ...args, target: placeTarget(view, g, trigger, sent, args.source) };
      }
      // "une visite à Gao": a town visited is where the visit happens, not whom it addresses.
      if (entry.mode === "visit" && args.target.length) {
        args = { ...args, target: args.target.filter((t) => !isTown(doc, kb, t)) };
      }
      // "les rebelles tiennent la ville et ont pris ...": a verb coordinated with the previous
      // one shares its subject.
      if (entry.pos === "verb" && previous && coordinatedVerb(view, g, previous.trigger.end, trigger.start)) {
        args = {
          ...args,
          source: previous.source,
          target: args.target.filter((t) => !previous!.source.includes(t)),
        };
      }
      i = trigger.end - 1;
      // "Hamas and Islamic Jihad … as they fired": a plural pronoun takes the last actors named.
      if (
        args.source.length === 0 &&
        lastActors &&
        sentIndex - lastActors.sentence <= 1 &&
        pluralPronounBefore(view, trigger.start, sent)
      ) {
        args = {
          ...args,
          source: lastActors.source,
          target: args.target.filter((t) => !lastActors!.source.includes(t)),
        };
      }
      if (
        (entry.type === "ASSAULT" || entry.type === "COERCE") &&
        args.target.length === 0 &&
        args.source.length
      ) {
        const country = demonymTarget(view, g, trigger.end, sent);
        if (country !== undefined && !args.source.includes(country)) args = { ...args, target: [country] };
      }
      if (entry.needsTarget && args.target.length === 0) continue;
      // "De nouvelles frappes de la coalition ont visé des dépôts du FLN": the verb's subject is the
      // noun event, which takes the verb's object as its target.
      if (
        entry.pos === "verb" &&
        args.source.length === 0 &&
        args.target.length &&
        nounEvent &&
        nounEvent.target.length === 0 &&
        (nounEvent.type === entry.type || entry.type === "ASSAULT")
      ) {
        nounEvent.target = args.target.filter((t) => !nounEvent!.source.includes(t));
        nounEvent.evidence = evidenceRange(doc, { start: nounEvent.trigger.start, end: args.extent.end });
        continue;
      }
      // Without a parser an empty source is far more often a missed subject than an unnamed agent:
      // keep it only where the clause itself is agentless.
      if (args.source.length === 0 && !args.agentless) continue;
      const modality = modalityOf(view, locale, trigger, sent);
      const when = dateFor(view, g, trigger, sent);
      const where = placeFor(view, g, kb, trigger, sent, args);
      const ev: VEvent = {
        type: entry.type,
        source: args.source,
        target: args.target,
        trigger,
        evidence: evidenceRange(doc, args.extent),
        datePrecision: when.precision,
        modality: modality.modality,
        reportedBy: modality.reportedBy,
        origin: `lexicon:${view.lang}:${view.lower.slice(trigger.start, trigger.end).join(" ")}`,
      };
      if (entry.mode) ev.mode = entry.mode;
      if (entry.cameo) ev.cameo = entry.cameo;
      if (when.date) ev.date = when.date;
      if (where) {
        ev.location = where.name;
        if (where.country) ev.country = where.country;
        ev.locationEntity = where.entity;
      }
      events.push(ev);
      if (entry.pos === "noun") nounEvent = ev;
      if (ev.source.length) {
        previous = { trigger, source: ev.source };
        lastActors = { sentence: sentIndex, source: ev.source };
      }
    }
  }
  return mergeRepeats(doc, mergeInSentence(doc, events));
}

function isTown(doc: VDocument, kb: KnowledgeBase, e: number): boolean {
  const ent = doc.entities[e];
  if (!ent || (ent.type !== "GPE" && ent.type !== "LOC")) return false;
  return ent.kbId === undefined || kb.byId(ent.kbId)?.kind !== "country";
}

/**
 * French and Spanish nouns come with a determiner or a preposition ("les frappes", "après
 * l'attaque"); a bare form is mostly the homograph verb ("le général, qui contrôle ..."). Headlines,
 * which drop articles, are the exception: a noun opening a sentence counts.
 */
function nounContext(view: SentenceView, g: Grammar, trigger: TokenSpan, sent: TokenSpan): boolean {
  if (trigger.start === sent.start) return true;
  for (let j = trigger.start - 1; j >= Math.max(sent.start, trigger.start - 3); j--) {
    const w = view.lower[j]!;
    if (g.determiners.includes(w) || g.genitive.includes(w) || QUANTITIES.has(w)) return true;
    if (g.locative.includes(w) || g.against.includes(w) || g.partner.includes(w) || g.agent.includes(w))
      return true;
    if (
      ["après", "avant", "pour", "sans", "pendant", "tras", "para", "sin", "contra", "durante"].includes(w)
    ) {
      return true;
    }
    if (view.doc.tokens.has(j, TokenFlag.Digit)) return true;
  }
  return false;
}

function nounTriggerAhead(
  triggerAt: (i: number, end: number) => { entry: TriggerEntry } | undefined,
  view: SentenceView,
  from: number,
  end: number,
): { entry: TriggerEntry } | undefined {
  // Determiners, quantities and numbers do not count: "a lancé dans la nuit une vingtaine de drones".
  const g = GRAMMAR[view.lang];
  let words = 0;
  for (let j = from; j < end && words <= 3; j++) {
    if (view.mentionAt[j]! >= 0) return undefined;
    const m = triggerAt(j, end);
    if (m?.entry.pos === "noun") return m;
    const w = view.lower[j]!;
    const light =
      view.inDate[j] ||
      view.doc.tokens.has(j, TokenFlag.Punct) ||
      view.doc.tokens.has(j, TokenFlag.Digit) ||
      g.determiners.includes(w) ||
      g.genitive.includes(w) ||
      QUANTITIES.has(w);
    if (!light) words++;
  }
  return undefined;
}

/** Mentions right after "selon", "according to", "según" name who says so, not who acts. */
function markAttributions(view: SentenceView, locale: Locale): void {
  for (let i = 0; i < view.lower.length; i++) {
    const len = matchPatterns(locale.cues.attribution, view.lower, i);
    if (!len) continue;
    // "cité par la chaîne de télévision NTV": the source may come after a few common nouns.
    for (let j = i + len; j < Math.min(view.lower.length, i + len + 6); j++) {
      const k = view.mentionAt[j]!;
      if (k >= 0) {
        view.attributed[k] = 1;
        break;
      }
    }
  }
}

/**
 * The target of an attack or an occupation when the clause names no defender: the place attacked
 * or taken ("l'offensive de l'armée à Kassala", "entered the town of X"), per gold convention E4.
 */
function placeTarget(
  view: SentenceView,
  g: Grammar,
  trigger: TokenSpan,
  sent: TokenSpan,
  source: number[],
): number[] {
  for (let i = trigger.end; i < Math.min(sent.end, trigger.end + 6); i++) {
    const tok = view.lower[i]!;
    if (tok === "," || tok === "." || g.clauseEnd.includes(tok)) break;
    const k = view.mentionAt[i]!;
    if (k < 0) continue;
    const m = view.mention(k);
    const e = view.entityOf(k);
    if ((m.type === "GPE" || m.type === "LOC") && e !== undefined && !source.includes(e)) return [e];
    break;
  }
  return [];
}

/** "une trêve, que les milices ... auraient violée": the trigger noun a relative clause is about. */
function relativeAntecedent(
  triggerAt: (i: number, end: number) => { entry: TriggerEntry } | undefined,
  view: SentenceView,
  g: Grammar,
  trigger: TokenSpan,
  sent: TokenSpan,
): { entry: TriggerEntry } | undefined {
  for (let j = trigger.start - 1; j >= Math.max(sent.start + 1, trigger.start - 8); j--) {
    const w = view.lower[j]!;
    if (
      w === "." ||
      w === ";" ||
      w === "," ||
      (g.clauseEnd.includes(w) && w !== "que" && w !== "qu'" && w !== "that" && w !== "which")
    ) {
      return undefined;
    }
    if (w !== "que" && w !== "qu'" && w !== "that" && w !== "which") continue;
    for (let k = j - 1; k >= Math.max(sent.start, j - 3); k--) {
      const m = triggerAt(k, sent.end);
      if (m?.entry.pos === "noun") return m;
      if (view.mentionAt[k]! >= 0) return undefined;
    }
    return undefined;
  }
  return undefined;
}

function attemptBefore(view: SentenceView, g: Grammar, trigger: TokenSpan, sent: TokenSpan): boolean {
  for (let j = trigger.start - 1; j >= Math.max(sent.start, trigger.start - 4); j--) {
    if (g.attempt.includes(view.lower[j]!)) return true;
    if (view.mentionAt[j]! >= 0) return false;
  }
  return false;
}

/** Whether an announcing verb governs the noun trigger ("anunciaron ... la retirada"). */
function announcedBefore(view: SentenceView, g: Grammar, trigger: TokenSpan, sent: TokenSpan): boolean {
  for (let j = trigger.start - 1; j >= sent.start && view.gapWords(j, trigger.start) <= 4; j--) {
    if (g.announce.includes(view.lower[j]!)) return true;
    if (view.mentionAt[j]! >= 0 && view.gapWords(j, trigger.start) > 0) return false;
  }
  return false;
}

/** An announced withdrawal is an agreement to withdraw; a declared ceasefire is agreed. */
export function announced(noun: TriggerEntry): TriggerEntry {
  if (noun.type === "RETREAT" && noun.mode === "ceasefire") return { ...noun, type: "AGREE", cameo: "0862" };
  if (noun.type === "RETREAT")
    return { ...noun, type: "AGREE", mode: "withdraw", cameo: "0356", targetPreps: [] };
  return noun;
}

/**
 * A verb and the event noun it governs code one event, and some pairs mean something neither
 * does alone: leaving or suspending talks is a sanction (CAMEO 164), breaking or violating a truce
 * a ceasefire violation (196). Otherwise the verb's entry stands, with the noun's arguments.
 */
export function combine(verb: TriggerEntry, noun: TriggerEntry): TriggerEntry {
  const ceasefireNoun = noun.type === "RETREAT" && noun.mode === "ceasefire";
  if (
    (verb.type === "RETREAT" || verb.type === "SANCTION" || verb.type === "REJECT") &&
    noun.type === "CONSULT"
  ) {
    return { ...verb, type: "SANCTION", mode: "withdraw", cameo: "164" };
  }
  if ((verb.type === "SANCTION" || verb.type === "ASSAULT") && ceasefireNoun) {
    return { ...verb, type: "ASSAULT", mode: "ceasefire-violation", cameo: "196" };
  }
  if (verb.type === "AGREE" && ceasefireNoun) return { ...verb, mode: "ceasefire" };
  return verb;
}

/** Whether only a coordinating word (and auxiliaries or adverbs) separates two verbs. */
function coordinatedVerb(view: SentenceView, g: Grammar, prevEnd: number, start: number): boolean {
  if (start - prevEnd > 12 || view.mentionsIn(start - 3 < prevEnd ? prevEnd : start - 3, start).length)
    return false;
  // "a averti que certains viendraient « casser et tuer »": a new clause has a subject of its own.
  for (let j = prevEnd; j < start; j++) {
    const w = view.lower[j]!;
    if (CLAUSE_BREAK.has(w) || (g.clauseEnd.includes(w) && !g.coordination.includes(w))) return false;
  }
  for (let j = start - 1; j >= Math.max(prevEnd, start - 3); j--) {
    const w = view.lower[j]!;
    if (w === "et" || w === "and" || w === "y" || w === "e") return true;
    if (w === "," || view.mentionAt[j]! >= 0) return false;
  }
  return false;
}

function entitiesOf(view: SentenceView, mentions: number[]): number[] {
  return uniq(mentions.map((k) => view.entityOf(k)).filter((e): e is number => e !== undefined));
}

/** The word before token i, skipping determiners ("de la Mauritanie" → "de"). */
function wordBefore(view: SentenceView, g: Grammar, i: number, limit: number): string {
  let j = i - 1;
  // Titles and honorifics belong to the name: "of Prime Minister Jane Doe" → "of".
  while (
    j >= limit &&
    ((g.determiners.includes(view.lower[j]!) && !g.genitive.includes(view.lower[j]!)) ||
      g.honorifics.includes(view.lower[j]!) ||
      titleWords(view.lang).has(view.lower[j]!))
  ) {
    j--;
  }
  if (j < limit) return "";
  // "A Khartoum, …": French capitals often drop the accent of "à".
  if (view.lang === "fr" && view.lower[j] === "a" && view.doc.tokenText(j) === "A") return "à";
  // "Des manifestants ont protesté": "des" opening a clause is an article, not "of the".
  if (
    PARTITIVE.has(view.lower[j]!) &&
    (j === limit || view.doc.tokens.has(j - 1, TokenFlag.Punct) || g.clauseEnd.includes(view.lower[j - 1]!))
  )
    return "";
  return view.lower[j]!;
}

const PARTITIVE = new Set(["des", "du", "de"]);

/** A speech verb (the locale's reporting verbs) or "que"/"that" right before a noun phrase. */
function afterSpeechVerb(view: SentenceView, start: number, sent: TokenSpan): boolean {
  const g = GRAMMAR[view.lang];
  let j = start - 1;
  while (j >= sent.start && (g.determiners.includes(view.lower[j]!) || QUANTITIES.has(view.lower[j]!))) j--;
  if (j < sent.start) return false;
  if (COMPLEMENTIZERS.has(view.lower[j]!)) return true;
  const verbs = getLocale(view.lang).cues.reportingVerbs;
  for (let p = Math.max(sent.start, j - 3); p <= j; p++) {
    if (matchPatterns(verbs, view.lower, p) === j - p + 1) return true;
  }
  return false;
}

/** "ou de faire face à", "or face", "o enfrentar": the alternative of an ultimatum. */
const ULTIMATUM: Record<Lang, string[][]> = {
  fr: [
    ["ou", "de", "faire", "face"],
    ["sous", "peine", "de"],
    ["ou", "de", "subir"],
  ],
  en: [
    ["or", "face"],
    ["or", "risk"],
  ],
  es: [
    ["o", "enfrentar"],
    ["o", "afrontar"],
    ["so", "pena", "de"],
  ],
};

function ultimatumAfter(view: SentenceView, from: number, sent: TokenSpan): boolean {
  const phrases = ULTIMATUM[view.lang];
  for (let i = from; i < Math.min(sent.end, from + 25); i++) {
    if (phrases.some((p) => p.every((w, k) => view.lower[i + k] === w))) return true;
  }
  return false;
}

function pluralPronounBefore(view: SentenceView, start: number, sent: TokenSpan): boolean {
  for (let i = start - 1; i >= Math.max(sent.start, start - 3); i--) {
    if (GRAMMAR[view.lang].pronounsPl.includes(view.lower[i]!)) return true;
    if (view.mentionAt[i]! >= 0) return false;
  }
  return false;
}

/** Places named through a people: "at Ethiopian towns", "contre des positions maliennes". */
const PLACE_NOUNS = new Set([
  "villes",
  "ville",
  "localités",
  "positions",
  "territoire",
  "sol",
  "cities",
  "city",
  "towns",
  "town",
  "positions",
  "territory",
  "soil",
  "ciudades",
  "ciudad",
  "localidades",
  "posiciones",
  "territorio",
  "suelo",
]);

function demonymTarget(view: SentenceView, g: Grammar, from: number, sent: TokenSpan): number | undefined {
  let sawAgainst = false;
  for (let i = from; i < Math.min(sent.end, from + 8); i++) {
    const w = view.lower[i]!;
    if (CLAUSE_BREAK.has(w) || w === "." || view.mentionAt[i]! >= 0) return undefined;
    if (g.against.includes(w) || (view.lang === "en" && w === "at")) sawAgainst = true;
    // A direct object ("a bombardé des positions maliennes") needs no preposition.
    if (!sawAgainst && i - from > 3) continue;
    const near = PLACE_NOUNS.has(view.lower[i - 1] ?? "") || PLACE_NOUNS.has(view.lower[i + 1] ?? "");
    if (!near) continue;
    const e = demonymState(view.doc, w);
    if (e !== undefined) return e;
  }
  return undefined;
}
const THREAT_CONTENT = new Set(["de", "d'", "des", "with", "con", "of"]);

const titleWordCache = new Map<string, Set<string>>();
/** Words of the locale's office titles, minus closed-class words ("prime", "minister", "président"). */
function titleWords(lang: Lang): Set<string> {
  let set = titleWordCache.get(lang);
  if (!set) {
    const g = GRAMMAR[lang];
    const closed = new Set([...g.determiners, ...g.genitive, ...g.locative, ...g.partner, ...g.coordination]);
    set = new Set(
      getLocale(lang)
        .titles.flatMap((t) => t.form.split(/[\s']+/u))
        .filter((w) => w.length > 2 && !closed.has(w)),
    );
    titleWordCache.set(lang, set);
  }
  return set;
}

/**
 * The subject of a trigger: the nearest mention before it that is not a complement ("les forces
 * de X", "à Moscou"), with any coordinated mentions; a third-person pronoun right before the verb
 * stands for the sentence's first actor (or the previous sentence's).
 */
function subjectBefore(view: SentenceView, g: Grammar, from: number, sent: TokenSpan): number[] {
  const limit = Math.max(sent.start, from - SUBJECT_WINDOW);
  for (let i = from - 1; i >= limit; i--) {
    const tok = view.lower[i]!;
    // "le Front de libération du Nord (FLN) a ...": skip an acronym in brackets.
    if (tok === ")") {
      const open = view.lower.lastIndexOf("(", i);
      if (open >= limit && i - open <= 4) {
        i = open;
        continue;
      }
    }
    if (CLAUSE_BREAK.has(tok)) break;
    if (g.pronounsSg.includes(tok) && (from - i <= 4 || onlyVerbsBetween(view, i + 1, from))) {
      // "il a été convenu", "il y a", "il faut": the impersonal "il" names nobody.
      const next = view.lower[i + 1] ?? "";
      const next2 = view.lower[i + 2] ?? "";
      if (
        view.lang === "fr" &&
        (IMPERSONAL_NEXT.has(next) || (["a", "avait", "aurait"].includes(next) && next2 === "été"))
      )
        return [];
      return pronounAntecedent(view, sent);
    }
    if (g.clauseEnd.includes(tok) && !g.relative.includes(tok)) break;
    const k = view.mentionAt[i]!;
    if (k < 0) continue;
    const m = view.mention(k);
    if (view.attributed[k]) {
      i = m.span.start;
      continue;
    }
    const before = wordBefore(view, g, m.span.start, sent.start);
    const complement =
      g.genitive.includes(before) ||
      g.locative.includes(before) ||
      g.partner.includes(before) ||
      g.agent.includes(before);
    const enclosed = m.span.start > 0 && view.mentionAt[m.span.start - 1]! >= 0;
    if (
      complement &&
      (enclosed || !(g.genitive.includes(before) && groupHeadBefore(view, g, m.span.start, sent.start)))
    ) {
      i = m.span.start;
      continue;
    }
    return coordinatedLeft(view, g, k, sent.start);
  }
  return [];
}

/**
 * "la guerrilla del ELN", "les forces de Kaboré", "the forces of X": a group noun whose
 * complement names the actor, so the complement stands for the subject.
 */
function groupHeadBefore(view: SentenceView, g: Grammar, start: number, limit: number): boolean {
  let j = start - 1;
  while (j >= limit && g.determiners.includes(view.lower[j]!) && !g.genitive.includes(view.lower[j]!)) j--;
  if (j < limit || !g.genitive.includes(view.lower[j]!)) return false;
  return j - 1 >= limit && groupHeads(g).has(view.lower[j - 1]!);
}

const QUANTITIES = new Set([
  "douzaine",
  "douzaines",
  "quinzaine",
  "vingtaine",
  "vingtaines",
  "trentaine",
  "cinquantaine",
  "veintena",
  "dizaine",
  "dizaines",
  "centaine",
  "centaines",
  "millier",
  "milliers",
  "série",
  "salve",
  "salves",
  "vague",
  "vagues",
  "nombre",
  "plusieurs",
  "dozen",
  "dozens",
  "hundreds",
  "thousands",
  "scores",
  "series",
  "wave",
  "waves",
  "barrage",
  "volley",
  "number",
  "docena",
  "docenas",
  "decena",
  "decenas",
  "centenar",
  "centenares",
  "cientos",
  "miles",
  "serie",
  "oleada",
  "ráfaga",
  "número",
]);

/** Nouns that denote an armed or political group by the actor they belong to. */
const groupHeadCache = new Map<Grammar, Set<string>>();
function groupHeads(g: Grammar): Set<string> {
  let set = groupHeadCache.get(g);
  if (!set) {
    set = new Set([...g.groupNouns, ...g.armedGroups, ...g.delegateNouns]);
    groupHeadCache.set(g, set);
  }
  return set;
}

const IMPERSONAL_NEXT = new Set(["y", "faut", "fallait", "s'agit", "semble", "paraît"]);

function pronounAntecedent(view: SentenceView, sent: TokenSpan): number[] {
  const doc = view.doc;
  const g = GRAMMAR[view.lang];
  const idx = doc.sentenceOf(sent.start);
  for (const s of [sent, doc.sentences[idx - 1]]) {
    if (!s) continue;
    for (const k of view.mentionsIn(s.start, s.end)) {
      const m = view.mention(k);
      if (m.type === "PER" || m.type === "ORG") return [k];
      // "La Turquie … dit qu'elle …": a state that is the clause's subject, not a complement.
      if (m.type === "GPE" && view.doc.entities[m.entity ?? -1]?.kbId !== undefined) {
        const before = view.lower[m.span.start - 1] ?? "";
        const before2 = view.lower[m.span.start - 2] ?? "";
        const complement = [before, before2].some(
          (w) =>
            g.genitive.includes(w) || g.locative.includes(w) || g.agent.includes(w) || g.partner.includes(w),
        );
        if (!complement && isCountryEntity(view, m.entity)) return [k];
      }
    }
  }
  return [];
}

function isCountryEntity(view: SentenceView, e: number | undefined): boolean {
  const id = e === undefined ? undefined : view.doc.entities[e]?.kbId;
  return id !== undefined && loadKnowledgeBase().byId(id)?.kind === "country";
}

/** Only auxiliaries, negations and verbs between a pronoun and the trigger: "elle ne peut plus et a". */
function onlyVerbsBetween(view: SentenceView, from: number, to: number): boolean {
  if (to - from > 8) return false;
  for (let i = from; i < to; i++) {
    if (view.mentionAt[i]! >= 0 || CLAUSE_BREAK.has(view.lower[i]!) || view.lower[i] === ",") return false;
  }
  return true;
}

/** Mentions chained to mention k by "X, Y et Z" on its left. */
function coordinatedLeft(view: SentenceView, g: Grammar, k: number, sentStart: number): number[] {
  const out = [k];
  let pos = view.mention(k).span.start - 1;
  for (;;) {
    let j = pos;
    let sawCoord = false;
    let sawWord = false;
    while (
      j >= sentStart &&
      (g.coordination.includes(view.lower[j]!) ||
        g.determiners.includes(view.lower[j]!) ||
        g.genitive.includes(view.lower[j]!) ||
        groupHeads(g).has(view.lower[j]!))
    ) {
      if (g.coordination.includes(view.lower[j]!)) {
        sawCoord = true;
        if (view.lower[j] !== ",") sawWord = true;
      }
      j--;
    }
    if (!sawCoord || j < sentStart) break;
    const m = view.mentionAt[j]!;
    // "Selon le Mali, le Niger a…": who says so is not one of the actors.
    if (m < 0 || view.attributed[m]) break;
    // "Dans un rapport de Reuters, des soldats…": a bare comma does not join a complement.
    if (!sawWord) {
      const before = wordBefore(view, g, view.mention(m).span.start, sentStart);
      if (
        g.genitive.includes(before) ||
        g.locative.includes(before) ||
        g.agent.includes(before) ||
        g.partner.includes(before)
      )
        break;
    }
    out.unshift(m);
    pos = view.mention(m).span.start - 1;
  }
  return out;
}

/** Mentions chained to mention k by "X, Y et Z" on its right. */
function coordinatedRight(view: SentenceView, g: Grammar, k: number, sentEnd: number): number[] {
  const out = [k];
  let pos = view.mention(k).span.end;
  let conjunction = false;
  for (;;) {
    let j = pos;
    let sawCoord = false;
    while (
      j < sentEnd &&
      (g.coordination.includes(view.lower[j]!) ||
        g.determiners.includes(view.lower[j]!) ||
        g.genitive.includes(view.lower[j]!))
    ) {
      if (g.coordination.includes(view.lower[j]!)) sawCoord = true;
      if (g.coordination.includes(view.lower[j]!) && view.lower[j] !== ",") conjunction = true;
      j++;
    }
    if (!sawCoord || j >= sentEnd) break;
    const m = view.mentionAt[j]!;
    if (m < 0) break;
    out.push(m);
    pos = view.mention(m).span.end;
  }
  return conjunction ? out : [k];
}

/**
 * The first mention after `from` within the window, with the preposition that introduces it
 * (skipping determiners and adjectives in between).
 */
function mentionAfter(
  view: SentenceView,
  g: Grammar,
  from: number,
  sentEnd: number,
  window = OBJECT_WINDOW,
): { k: number; prep: string } | undefined {
  // The last preposition that is not a genitive decides the role: in "contre un dépôt d'Enerco"
  // Enerco is inside the "contre" phrase, in "par la police à Dakar" inside the "à" phrase.
  let strong = "";
  let genitive = "";
  let limit = Math.min(sentEnd, from + window);
  for (let i = from; i < limit; i++) {
    const tok = view.lower[i]!;
    if (CLAUSE_BREAK.has(tok) || tok === "." || tok === ",") return undefined;
    if (g.clauseEnd.includes(tok)) return undefined;
    const k = view.mentionAt[i]!;
    if (k >= 0 && view.attributed[k]) return undefined;
    if (k >= 0) return { k, prep: strong || genitive };
    if (
      g.agent.includes(tok) ||
      g.partner.includes(tok) ||
      g.against.includes(tok) ||
      g.locative.includes(tok)
    ) {
      strong = tok;
      // "contre un site pétrolier d'Enerco": the phrase may run past the window.
      if (g.against.includes(tok)) limit = Math.min(sentEnd, Math.max(limit, i + 7));
    } else if (!strong && !genitive && g.genitive.includes(tok)) {
      genitive = tok;
    }
  }
  return undefined;
}

/** Whether a noun trigger sits inside a prepositional phrase ("à la suite de la suspension"). */
function inPrepPhrase(view: SentenceView, g: Grammar, trigger: TokenSpan, sent: TokenSpan): boolean {
  // Before a noun, "des"/"du" are read as articles ("a tenu des consultations"); a complement
  // of another trigger ("la suspension des négociations") is caught earlier.
  let j = trigger.start - 1;
  for (;;) {
    while (
      j >= sent.start &&
      (g.determiners.includes(view.lower[j]!) || view.doc.tokens.has(j, TokenFlag.Digit))
    )
      j--;
    // "une douzaine de missiles", "dozens of rockets": a quantity, not a complement.
    if (j - 1 >= sent.start && g.genitive.includes(view.lower[j]!) && QUANTITIES.has(view.lower[j - 1]!)) {
      j -= 2;
      continue;
    }
    break;
  }
  const w = j >= sent.start ? view.lower[j]! : "";
  return (
    g.genitive.includes(w) ||
    g.locative.includes(w) ||
    g.partner.includes(w) ||
    g.against.includes(w) ||
    g.agent.includes(w) ||
    ["pour", "for", "para", "sur", "after", "après", "tras", "avant", "before", "antes"].includes(w)
  );
}

function verbArgs(
  view: SentenceView,
  g: Grammar,
  entry: TriggerEntry,
  trigger: TokenSpan,
  sent: TokenSpan,
): Args {
  let subject = subjectBefore(view, g, trigger.start, sent);
  let object: number[] = [];
  let agentless = false;
  let extentEnd = trigger.end;
  const after = mentionAfter(view, g, trigger.end, sent.end);
  // The agent phrase belongs to this participle only when it follows it closely: in "agreed to a
  // truce brokered by Qatar", "by Qatar" is the brokering's agent, not the agreement's.
  const passive =
    after &&
    g.agent.includes(after.prep) &&
    agentCloseAfter(view, g, trigger.end) &&
    isPassive(view, g, trigger);
  if (after && passive) {
    const agents = coordinatedRight(view, g, after.k, sent.end);
    object = subject;
    subject = agents;
    extentEnd = view.mention(agents[agents.length - 1]!).span.end;
  } else if (auxiliaryPassive(view, trigger)) {
    // "the embassy was evacuated", "la ville a été bombardée": the subject undergoes the act and
    // the agent is unnamed (source [], gold E2).
    object = subject;
    subject = [];
    agentless = object.length > 0;
  } else if (after) {
    const preps = entry.targetPreps ?? [];
    const m = view.mention(after.k);
    const takesTarget = entry.targetPreps !== undefined || entry.symmetric === true;
    const isPlace = m.type === "GPE" || m.type === "LOC";
    // "ont visé des dépôts du FLN": what is attacked belongs to the target.
    const ownedObject =
      preps.length === 0 &&
      g.genitive.includes(after.prep) &&
      (entry.type === "ASSAULT" || entry.type === "COERCE");
    const direct = (after.prep === "" || ownedObject) && preps.length === 0;
    const viaPrep = after.prep !== "" && (preps.includes(after.prep) || g.against.includes(after.prep));
    const locativeOnly = g.locative.includes(after.prep) && !preps.includes(after.prep);
    if (
      takesTarget &&
      (direct || viaPrep || (after.prep === "" && preps.length > 0 && !isPlace)) &&
      !locativeOnly
    ) {
      object = coordinatedRight(view, g, after.k, sent.end);
      extentEnd = view.mention(object[object.length - 1]!).span.end;
    }
  }
  // "il a été convenu entre le FLN et le MPA", "talks between A and B": both sides act.
  if (entry.symmetric && subject.length === 0) {
    const between = betweenAfter(view, g, trigger.end, sent);
    if (between.length > 1) {
      subject = between;
      object = [];
      agentless = false;
      extentEnd = Math.max(extentEnd, view.mention(between[between.length - 1]!).span.end);
    }
  }
  // With a parse, its subject and object win over word order, side by side.
  const tree = treeFor(view, sent);
  if (tree) {
    const dep = depArgs(view, tree, g, entry, trigger);
    const usable = (ks: number[]) => ks.filter((k) => !view.attributed[k]);
    const ds = usable(dep.subject);
    const dobj = usable(dep.object);
    if (ds.length) subject = ds;
    if (dobj.length) object = dobj;
    if (ds.length || dobj.length) {
      subject = subject.filter((k) => !object.includes(k));
      if (dep.passive && ds.length === 0 && dobj.length) {
        subject = [];
        agentless = true;
      }
      const last = [...subject, ...object].reduce((m, k) => Math.max(m, view.mention(k).span.end), 0);
      extentEnd = Math.max(extentEnd, last);
    }
  }
  if (subject.length === 0 && !agentless) agentless = anonymousSubject(view, g, trigger.start, sent);
  let source = entitiesOf(view, subject);
  let target = entitiesOf(view, object);
  if (entry.symmetric && target.length === 0 && source.length > 1) target = [];
  if (entry.symmetric && source.length === 0 && target.length > 1) {
    source = target;
    target = [];
  }
  target = target.filter((t) => !source.includes(t));
  const first = subject[0] ?? object[0];
  const extentStart =
    first !== undefined ? Math.min(trigger.start, view.mention(first).span.start) : trigger.start;
  return {
    source,
    target,
    extent: { start: extentStart, end: Math.max(extentEnd, trigger.end) },
    agentless,
  };
}

/** A participle after a passive auxiliary ("a été bombardée", "was shelled", "fue atacada"). */
/** French reflexive pronouns: "s'est retiré" is an active past, not a passive. */
const REFLEXIVE = new Set(["s'", "se", "me", "m'", "te", "t'", "nous", "vous"]);
/** French verbs of motion whose compound past takes "être": "sont entrés" is active. */
const ETRE_VERB =
  /^(?:entr|sort|part|arriv|all|venu|revenu|retourn|rentr|intervenu|parvenu|rest|tomb|mont|descend)/u;

/** "des manifestants ont protesté", "gunmen opened fire": a subject nobody names. */
function anonymousSubject(view: SentenceView, g: Grammar, start: number, sent: TokenSpan): boolean {
  for (let i = start - 1; i >= Math.max(sent.start, start - 5); i--) {
    const w = view.lower[i]!;
    if (g.anonymousActors.includes(w)) return true;
    if (view.mentionAt[i]! >= 0 || CLAUSE_BREAK.has(w) || w === ",") return false;
  }
  return false;
}

/** Mentions coordinated after "entre"/"between" within a few words of the trigger. */
function betweenAfter(view: SentenceView, g: Grammar, from: number, sent: TokenSpan): number[] {
  for (let i = from; i < Math.min(sent.end, from + 4); i++) {
    if (!g.between.includes(view.lower[i]!)) continue;
    for (let j = i + 1; j < Math.min(sent.end, i + 6); j++) {
      const k = view.mentionAt[j]!;
      if (k >= 0) return coordinatedRight(view, g, k, sent.end);
    }
    return [];
  }
  return [];
}

function auxiliaryPassive(view: SentenceView, trigger: TokenSpan): boolean {
  const prev = view.lower[trigger.start - 1] ?? "";
  const prev2 = view.lower[trigger.start - 2] ?? "";
  const strong = ["été", "was", "were", "been", "fue", "fueron", "sido", "est", "sont", "is", "are"];
  const aux = strong.includes(prev) ? trigger.start - 1 : trigger.start - 2;
  const auxWord = view.lower[aux] ?? "";
  if (
    auxWord !== "été" &&
    (REFLEXIVE.has(view.lower[aux - 1] ?? "") || REFLEXIVE.has(view.lower[aux - 2] ?? ""))
  )
    return false;
  if ((auxWord === "est" || auxWord === "sont") && ETRE_VERB.test(view.lower[trigger.start]!)) return false;
  return (
    (strong.includes(prev) ||
      (strong.includes(prev2) && !view.doc.tokens.has(trigger.start - 1, TokenFlag.Punct))) &&
    PARTICIPLE.test(view.lower[trigger.start]!)
  );
}

function agentCloseAfter(view: SentenceView, g: Grammar, from: number): boolean {
  // Right after the participle, or after one word that is not itself a participle ("attacked
  // yesterday by", not "a truce brokered by").
  const at = (j: number) => g.agent.includes(view.lower[j] ?? "");
  return at(from) || (at(from + 1) && !PARTICIPLE.test(view.lower[from] ?? ""));
}
function isPassive(view: SentenceView, g: Grammar, trigger: TokenSpan): boolean {
  for (let i = trigger.start - 1; i >= Math.max(0, trigger.start - 3); i--) {
    if (g.passiveAux.includes(view.lower[i]!)) return true;
  }
  // A bare participle after its noun ("le gouvernement soutenu par", "the talks led by").
  const w = view.lower[trigger.start]!;
  return PARTICIPLE.test(w);
}

function nounArgs(
  view: SentenceView,
  g: Grammar,
  kb: KnowledgeBase,
  entry: TriggerEntry,
  trigger: TokenSpan,
  sent: TokenSpan,
  governed = false,
): Args {
  let source: number[] = [];
  let target: number[] = [];
  let end = trigger.end;
  let pos = trigger.end;
  // The phrases after the noun, read first and decided together: in "le bombardement de Kiev par
  // la Russie" the agent phrase makes the genitive the target.
  const phrases: { prep: string; list: number[]; m: Mention }[] = [];
  // "Francia anunció la retirada de Mali": the announcing clause's subject is the agent, and what
  // follows the noun is where from or about what.
  for (let step = 0; step < 3 && !governed; step++) {
    const after = mentionAfter(view, g, pos, sent.end, step === 0 ? 9 : 6);
    if (!after) break;
    const list = coordinatedRight(view, g, after.k, sent.end);
    phrases.push({ prep: after.prep, list, m: view.mention(after.k) });
    pos = view.mention(list[list.length - 1]!).span.end;
  }
  const attack = entry.type === "ASSAULT" || entry.type === "COERCE";
  const agentPhrase = phrases.find((p) => g.agent.includes(p.prep));
  // Only an offensive names its author after "de" ("l'offensive de Bamako"); a strike or a seizure
  // names its target ("le bombardement de Kiev", "le contrôle de Bamako").
  const metonymy = entry.type === "ASSAULT" && entry.mode === "offensive";
  for (const p of phrases) {
    const place = p.m.type === "GPE" || p.m.type === "LOC";
    const kind = p.m.kbId !== undefined ? kb.byId(p.m.kbId)?.kind : undefined;
    const genitive = g.genitive.includes(p.prep);
    let role: "source" | "target" | "stop";
    if (p === agentPhrase) role = "source";
    else if (genitive && place && attack && (agentPhrase || !metonymy || kind !== "capital")) role = "target";
    // "le contrôle de la compagnie pétrolière", "la prise de l'aéroport": what a seizure is of is its target.
    else if (genitive && entry.type === "COERCE") role = "target";
    // "l'offensive de Bamako": a capital after an attack noun stands for its government (N5).
    else if (genitive && place && kind !== "country" && !(metonymy && kind === "capital")) role = "stop";
    else if (genitive) role = "source";
    else if (
      g.against.includes(p.prep) ||
      (entry.targetPreps ?? []).includes(p.prep) ||
      g.partner.includes(p.prep)
    ) {
      role = "target";
    } else role = "stop";
    if (role === "stop") break;
    if (role === "source" && source.length === 0) source = p.list;
    else if (role === "target" && target.length === 0) target = p.list;
    else break;
    end = Math.max(end, view.mention(p.list[p.list.length - 1]!).span.end);
  }
  let extentStart = trigger.start;
  if (entry.symmetric && source.length === 0) {
    // "des pourparlers entre le FLN et le MPA", "talks were held between A and B".
    const between = betweenAfter(view, g, trigger.end, sent);
    if (between.length > 1) {
      source = between;
      target = [];
      end = Math.max(end, view.mention(between[between.length - 1]!).span.end);
    }
  }
  if (source.length === 0) {
    // A support verb carries the agent: "X a lancé une offensive", "X held talks".
    // A noun after a speech verb ("Its spokesman said the shelling…") is not that speaker's act.
    const subject =
      inPrepPhrase(view, g, trigger, sent) || afterSpeechVerb(view, trigger.start, sent)
        ? []
        : subjectBefore(view, g, trigger.start, sent);
    if (subject.length) {
      source = subject;
      extentStart = view.mention(subject[0]!).span.start;
    }
  }
  let s = entitiesOf(view, source);
  let t = entitiesOf(view, target).filter((x) => !s.includes(x));
  if (entry.symmetric && s.length === 0 && t.length > 1) {
    s = t;
    t = [];
  }
  return { source: s, target: t, extent: { start: extentStart, end } };
}

function evidenceRange(doc: VDocument, extent: TokenSpan): CharRange {
  return doc.charRange(extent);
}

/**
 * "l'armée a visé un poste ... et a tué trois gardes": triggers of one type with the same
 * agent in one sentence tell one happening; the version that names a target wins.
 */
function mergeInSentence(doc: VDocument, events: VEvent[]): VEvent[] {
  const out: VEvent[] = [];
  const by = new Map<string, VEvent>();
  for (const e of events) {
    if (!e.source.length) {
      out.push(e);
      continue;
    }
    const key = `${doc.sentenceOf(e.trigger.start)}|${e.type}|${[...e.source].sort().join(",")}`;
    const prev = by.get(key);
    if (!prev) {
      by.set(key, e);
      out.push(e);
      continue;
    }
    if (prev.target.length && e.target.length && prev.target.join() !== e.target.join()) {
      out.push(e);
      continue;
    }
    if (!prev.target.length && e.target.length) {
      prev.target = e.target;
      prev.evidence = [Math.min(prev.evidence[0], e.evidence[0]), Math.max(prev.evidence[1], e.evidence[1])];
    }
  }
  return out;
}

/** One event per happening: the same type and participants in one article merge (E1). */
function mergeRepeats(doc: VDocument, events: VEvent[]): VEvent[] {
  const out: VEvent[] = [];
  const seen = new Map<string, VEvent[]>();
  // A first paragraph of one sentence without final punctuation is a headline that sums up the
  // article; a lead sentence is not.
  const first = doc.paragraphs[0];
  const headline =
    first && first.end - first.start > 1 && !/[.!?…]$/u.test(doc.tokenText(first.end - 1))
      ? first
      : undefined;
  const inHeadline = (e: VEvent) => headline !== undefined && e.trigger.start < headline.end;
  for (const e of events) {
    const key = `${e.type}|${[...e.source].sort().join(",")}|${[...e.target].sort().join(",")}|${e.modality === "negated"}`;
    const same = seen.get(key) ?? [];
    // Two dated mentions on different dates are two happenings (a vote announced, then held); an
    // undated one is the same happening only when it is the headline's summary of a dated one.
    const prev = same.find((p) =>
      p.date && e.date
        ? p.date.startsWith(e.date) || e.date.startsWith(p.date)
        : (!p.date && !e.date) || inHeadline(p) || inHeadline(e),
    );
    if (!prev) {
      same.push(e);
      seen.set(key, same);
      out.push(e);
      continue;
    }
    if (!prev.date && e.date) {
      prev.date = e.date;
      prev.datePrecision = e.datePrecision;
    }
    if (!prev.location && e.location) {
      prev.location = e.location;
      if (e.country) prev.country = e.country;
    }
    if (MODALITY_STRENGTH[e.modality] > MODALITY_STRENGTH[prev.modality]) prev.modality = e.modality;
    (prev.alsoIn ??= []).push(e.evidence, ...(e.alsoIn ?? []));
  }
  return out;
}

export const eventsStage: Stage = {
  name: "events",
  requires: ["entities", "dates", "sentences"],
  assigns: ["events"],
  run(doc) {
    doc.events = extractEvents(doc);
  },
};

import type { VDocument } from "../../doc/document.js";
import type { Lang, Relation, SupportKind, TokenSpan } from "../../doc/types.js";
import { TokenFlag } from "../../doc/tokens.js";
import { GRAMMAR, type Grammar } from "../../locales/grammar.js";
import { getLocale, matchPatterns, type Locale } from "../../locales/index.js";
import type { Stage } from "../../pipeline/stage.js";
import { COMPLEMENTIZERS, demonymState, PARTICIPLE, SentenceView, uniq } from "../events/context.js";
import { MODALITY_STRENGTH, modalityOf } from "../events/modality.js";

/**
 * Lasting ties read from support phrases ("bénéficie du soutien militaire de X et de Y", "backed
 * by X", "con el apoyo de X"), recognition ("reconnu par l'ONU") and titles ("X, président de Y",
 * "dirigé par X"). One relation per supporter and kind (R2, R3).
 */

/** Recognition words, per language: a closed list small enough to keep beside its rule. */
const RECOGNITION: Record<Lang, string[]> = {
  fr: ["reconnu", "reconnue", "reconnus", "reconnues", "reconnaissance", "reconnaît", "reconnaissent"],
  en: [
    "recognised",
    "recognized",
    "recognition",
    "recognises",
    "recognizes",
    "un-recognised",
    "un-recognized",
  ],
  es: ["reconocido", "reconocida", "reconocidos", "reconocidas", "reconocimiento", "reconoce", "reconocen"],
};

/** Words that head a leadership phrase: "dirigé par X", "led by X", "liderado por X". */
const LED_BY: Record<Lang, string[]> = {
  fr: [
    "dirigé",
    "dirigée",
    "dirigés",
    "dirigées",
    "présidé",
    "présidée",
    "commandé",
    "commandée",
    "mené",
    "menée",
  ],
  en: ["led", "headed", "chaired", "commanded", "run"],
  es: ["dirigido", "dirigida", "liderado", "liderada", "presidido", "presidida", "encabezado", "encabezada"],
};

export function extractRelations(doc: VDocument): Relation[] {
  const view = new SentenceView(doc);
  const locale = getLocale(view.lang);
  const g = GRAMMAR[view.lang];
  const out: Relation[] = [];
  lastHolder = undefined;
  for (const sent of doc.sentences) {
    for (let i = sent.start; i < sent.end; i++) {
      if (view.mentionAt[i]! >= 0) continue;
      const support = matchPatterns(locale.support.forms, view.lower, i);
      // "le Tchad soutient que…" claims; it backs nobody.
      if (support > 0 && !COMPLEMENTIZERS.has(view.lower[i + support] ?? "")) {
        i = readSupport(view, locale, g, i, support, sent, out) - 1;
        continue;
      }
      const w = view.lower[i]!;
      if (ENEMY.has(w)) readEnemy(view, locale, g, i, sent, out);
      else if (AT_WAR.has(w)) readAtWar(view, locale, g, i, sent, out);
      else if (RECOGNITION[view.lang].includes(w)) readRecognition(view, locale, g, i, sent, out);
      else if (LED_BY[view.lang].includes(w)) readLedBy(view, locale, g, i, sent, out);
    }
  }
  readTitles(view, locale, g, out);
  readOwners(view, locale, g, out);
  const relations = dedupe(out);
  fillAffiliations(doc, relations);
  return relations;
}

/**
 * A person's affiliation is the organisation or state the text says they lead or belong to (the
 * first such tie); a person without a country takes that of the affiliation.
 */
function fillAffiliations(doc: VDocument, relations: Relation[]): void {
  for (const r of relations) {
    if (r.type !== "LEADS" && r.type !== "MEMBER") continue;
    const person = doc.entities[r.source[0]!];
    const org = doc.entities[r.target[0]!];
    if (!person || !org || person.type !== "PER" || person.affiliation !== undefined) continue;
    person.affiliation = r.target[0]!;
    if (!person.country && org.country) person.country = org.country;
  }
}

function entity(view: SentenceView, k: number | undefined): number | undefined {
  return k === undefined || k < 0 ? undefined : view.entityOf(k);
}

/** Nearest mention left of `from` in the sentence that is not a complement ("de X", "à X"). */
function holderBefore(view: SentenceView, g: Grammar, from: number, sent: TokenSpan): number | undefined {
  for (let i = from - 1; i >= sent.start; i--) {
    const k = view.mentionAt[i]!;
    if (k < 0) continue;
    const m = view.mention(k);
    let j = m.span.start - 1;
    while (j >= sent.start && g.determiners.includes(view.lower[j]!) && !g.genitive.includes(view.lower[j]!))
      j--;
    const prev = view.lower[j] ?? "";
    // "des mercenaires du groupe X": people acting for X make X the actor.
    let head = j - 1;
    while (head > sent.start && g.determiners.includes(view.lower[head]!)) head--;
    const people = view.lower[head] ?? "";
    const forActor =
      g.genitive.includes(prev) &&
      (g.delegateNouns.includes(people) || g.armedGroups.includes(people) || g.groupNouns.includes(people));
    // Complements ("du Mali", "à Moscou", "soutenu par l'ONU") do not hold the tie.
    if (!forActor && (g.genitive.includes(prev) || g.locative.includes(prev) || g.agent.includes(prev))) {
      i = m.span.start;
      continue;
    }
    return entity(view, k);
  }
  return undefined;
}

/**
 * Nouns for the backer itself: "le Tchad, allié du FLN" and "les parrains du FLN, le Tchad et le
 * Niger" make Chad a supporter of the FLN; "Mali's supporters, Chad and Niger" too.
 */
const ALLY = new Set([
  "allié",
  "alliée",
  "alliés",
  "alliées",
  "parrain",
  "parrains",
  "protecteur",
  "protecteurs",
  "ally",
  "allies",
  "supporter",
  "supporters",
  "backer",
  "backers",
  "sponsor",
  "sponsors",
  "patron",
  "patrons",
  "aliado",
  "aliada",
  "aliados",
  "aliadas",
  "padrino",
  "padrinos",
  "valedor",
  "valedores",
]);

/** Nouns of lasting enmity: "le FLN, rival du MPA", "Mali's enemy, the FLN". */
const ENEMY = new Set([
  "rival",
  "rivaux",
  "rivale",
  "ennemi",
  "ennemis",
  "adversaire",
  "adversaires",
  "rivals",
  "enemy",
  "enemies",
  "foe",
  "foes",
  "adversary",
  "adversaries",
  "archrival",
  "rivales",
  "enemigo",
  "enemigos",
  "adversario",
  "adversarios",
]);

/** "en guerre contre X", "at war with X", "en guerra con X": the word before the preposition. */
const AT_WAR = new Set(["guerre", "war", "guerra"]);

function readEnemy(
  view: SentenceView,
  locale: Locale,
  g: Grammar,
  at: number,
  sent: TokenSpan,
  out: Relation[],
): void {
  const possessor = possessorBefore(view, at, sent);
  const backed = complementAfter(view, g, at + 1, sent);
  const after = appositionAfter(view, g, backed.end, sent);
  let sides: [number[], number | undefined];
  if (possessor !== undefined) sides = [after, possessor];
  else {
    const before = holderBefore(view, g, at, sent);
    sides = [after.length ? after : before === undefined ? [] : [before], backed.entities[0]];
  }
  const [enemies, of] = sides;
  if (of === undefined) return;
  const end = Math.max(backed.end, at + 1);
  const { modality } = modalityOf(view, locale, { start: at, end: at + 1 }, sent);
  for (const e of uniq(enemies)) {
    if (e === of) continue;
    out.push({
      type: "OPPOSE",
      source: [e],
      target: [of],
      modality,
      evidence: view.range({ start: at, end }),
      origin: "enemy",
    });
  }
}

function readAtWar(
  view: SentenceView,
  locale: Locale,
  g: Grammar,
  at: number,
  sent: TokenSpan,
  out: Relation[],
): void {
  const prep = view.lower[at + 1] ?? "";
  if (!(g.against.includes(prep) || g.partner.includes(prep))) return;
  if (!["en", "at", "in"].includes(view.lower[at - 1] ?? "")) return;
  let j = at + 2;
  while (j < sent.end && g.determiners.includes(view.lower[j]!)) j++;
  const k = view.mentionAt[j] ?? -1;
  const other = entity(view, k);
  const holder = holderBefore(view, g, at - 1, sent);
  if (other === undefined || holder === undefined || other === holder) return;
  const { modality } = modalityOf(view, locale, { start: at, end: at + 1 }, sent);
  out.push({
    type: "OPPOSE",
    source: [holder],
    target: [other],
    modality,
    evidence: view.range({ start: at - 1, end: view.mention(k).span.end }),
    origin: "at-war",
  });
}

/**
 * The entities of the mentions from `from` on, joined by the words `filler` accepts (it is told
 * how many entities were read so far); stops at any other word.
 */
function mentionsFrom(
  view: SentenceView,
  from: number,
  sent: TokenSpan,
  filler: (w: string, read: number) => boolean,
): { entities: number[]; end: number } {
  const entities: number[] = [];
  let i = from;
  let end = from;
  while (i < sent.end) {
    const k = view.mentionAt[i]!;
    if (k >= 0) {
      const e = entity(view, k);
      if (e !== undefined) entities.push(e);
      i = end = view.mention(k).span.end;
      continue;
    }
    if (!filler(view.lower[i]!, entities.length)) break;
    i++;
  }
  return { entities, end };
}

/** Mentions in apposition after a comma at `from`: ", le Tchad et le Niger". */
function appositionAfter(view: SentenceView, g: Grammar, from: number, sent: TokenSpan): number[] {
  if (view.lower[from] !== ",") return [];
  return mentionsFrom(
    view,
    from + 1,
    sent,
    (w, read) => g.determiners.includes(w) || (read > 0 && (g.coordination.includes(w) || w === ",")),
  ).entities;
}

/** Mentions of a genitive complement ("du FLN et du MPA"), up to a comma. */
function complementAfter(
  view: SentenceView,
  g: Grammar,
  from: number,
  sent: TokenSpan,
): { entities: number[]; end: number } {
  return mentionsFrom(
    view,
    from,
    sent,
    (w) => w !== "," && (g.determiners.includes(w) || g.genitive.includes(w) || g.coordination.includes(w)),
  );
}

/** The possessor of an English "X's (adjectives) supporters". */
function possessorBefore(view: SentenceView, at: number, sent: TokenSpan): number | undefined {
  for (let i = at - 1; i > sent.start && i >= at - 4; i--) {
    const w = view.lower[i]!;
    if (w === "'s" || w === "’s") return entity(view, view.mentionAt[i - 1] ?? -1);
    if (view.mentionAt[i]! >= 0 || view.doc.tokens.has(i, TokenFlag.Punct)) return undefined;
  }
  return undefined;
}

/**
 * How a support word relates its actors: a noun ("du soutien de X", "the backing of X") and a
 * passive participle ("soutenu par X") name the supporters after it; an active verb ("X
 * soutiendraient Y") has the supporter before and the supported after.
 */
function supportReading(
  view: SentenceView,
  locale: Locale,
  g: Grammar,
  at: number,
  len: number,
): "noun" | "passive" | "active" {
  if (SUPPORT_NOUNS.has(view.lower[at]!)) return "noun";
  // English puts the kind before the noun: "political support", "military backing".
  let j = at - 1;
  while (
    j >= 0 &&
    Object.values(locale.support.kinds).some((ps) => matchPatterns(ps ?? [], view.lower, j) > 0)
  ) {
    j--;
  }
  const prev = view.lower[j] ?? "";
  if (
    g.determiners.includes(prev) ||
    g.genitive.includes(prev) ||
    ["du", "au", "del", "al", "with", "con"].includes(prev)
  ) {
    return "noun";
  }
  for (let j = at + len; j < at + len + 3 && j < view.lower.length; j++) {
    if (g.agent.includes(view.lower[j]!)) return "passive";
  }
  // Finite forms ending in -t ("soutient", "soutiendraient") are not participles here.
  const w = view.lower[at]!;
  return PARTICIPLE.test(w) && !w.endsWith("t") ? "passive" : "active";
}

/** Support words that are only nouns ("soutien", "backing", "apoyo"); "support" reads as one too. */
const SUPPORT_NOUNS = new Set([
  "soutien",
  "soutiens",
  "appui",
  "appuis",
  "support",
  "backing",
  "apoyo",
  "apoyos",
  "respaldo",
  "respaldos",
]);

/** The holder of the last support phrase read, so that a list of phrases keeps it. */
let lastHolder: { holder: number; end: number } | undefined;

/** Supporters listed after a support word, with the kinds named between them. */
function readSupport(
  view: SentenceView,
  locale: Locale,
  g: Grammar,
  at: number,
  len: number,
  sent: TokenSpan,
  out: Relation[],
): number {
  const kinds = new Set<SupportKind>();
  const supporters: number[] = [];
  let i = at + len;
  let lastEnd = i;
  let passive = false;
  while (i < sent.end) {
    const w = view.lower[i]!;
    const k = view.mentionAt[i]!;
    if (k >= 0) {
      const e = entity(view, k);
      if (e !== undefined) supporters.push(e);
      i = view.mention(k).span.end;
      lastEnd = i;
      continue;
    }
    let kindHit = false;
    for (const [kind, pats] of Object.entries(locale.support.kinds) as [SupportKind, string[]][]) {
      if (matchPatterns(pats, view.lower, i) > 0) {
        kinds.add(kind);
        kindHit = true;
      }
    }
    if (kindHit) {
      i++;
      continue;
    }
    if (g.agent.includes(w)) passive = true;
    if (
      g.coordination.includes(w) ||
      g.determiners.includes(w) ||
      g.genitive.includes(w) ||
      g.agent.includes(w) ||
      w === "from"
    ) {
      i++;
      continue;
    }
    break;
  }
  const isAlly = ALLY.has(view.lower[at]!);
  const possessor = isAlly ? possessorBefore(view, at, sent) : undefined;
  if (supporters.length === 0 && possessor === undefined) return at + len;
  let holder = holderBefore(view, g, at, sent);
  let backers = supporters;
  const reading = supportReading(view, locale, g, at, len);
  if (possessor !== undefined) {
    // "Mali's supporters, Chad and Niger": the possessor is backed, the apposition backs it.
    holder = possessor;
    backers = supporters.length > 0 ? supporters : appositionAfter(view, g, lastEnd, sent);
  } else if (isAlly) {
    // "le Tchad, allié du FLN" or "un allié du FLN, le Tchad": the ally is the actor in
    // apposition (after the complement when there is one there), the complement is backed.
    const backed = complementAfter(view, g, at + len, sent);
    const after = appositionAfter(view, g, backed.end, sent);
    const before = holderBefore(view, g, at, sent);
    holder = backed.entities[0] ?? supporters[0];
    backers = after.length > 0 ? after : before === undefined ? [] : [before];
    if (after.length > 0) lastEnd = Math.max(lastEnd, backed.end);
  } else if (reading === "active") {
    // "le Tchad et le Niger soutiendraient le général Kaboré".
    holder = supporters[0];
    const subject = holderBefore(view, g, at, sent);
    backers = subject === undefined ? [] : [subject];
  } else if (reading === "noun" && lastHolder && at - lastHolder.end <= 3) {
    // "... de l'Égypte, et du soutien politique de la France": the list goes on for the same holder.
    holder = lastHolder.holder;
  }
  if (holder === undefined) return lastEnd;
  lastHolder = { holder, end: lastEnd };
  const span = { start: at, end: lastEnd };
  const { modality } = modalityOf(view, locale, { start: at, end: at + len }, sent);
  const evidence = view.range(span);
  for (const s of uniq(backers)) {
    if (s === holder) continue;
    // Unqualified backing by an international organisation is diplomatic, by anyone else political.
    const list: SupportKind[] = kinds.size
      ? [...kinds]
      : [view.doc.entities[s]?.sector === "IGO" ? "diplomatic" : "political"];
    for (const kind of list) {
      out.push({
        type: "SUPPORT",
        kind,
        source: [s],
        target: [holder],
        modality:
          modality === "asserted" ||
          modality === "reported" ||
          modality === "alleged" ||
          modality === "negated"
            ? modality
            : "asserted",
        evidence,
        origin: passive ? "support:passive" : `support:${reading}`,
      });
    }
  }
  return lastEnd;
}

function readRecognition(
  view: SentenceView,
  locale: Locale,
  g: Grammar,
  at: number,
  sent: TokenSpan,
  out: Relation[],
): void {
  let recogniser: number | undefined;
  for (let i = at + 1; i < Math.min(sent.end, at + 6); i++) {
    const k = view.mentionAt[i]!;
    if (k >= 0) {
      recogniser = entity(view, k);
      break;
    }
  }
  const holder = holderBefore(view, g, at, sent);
  if (recogniser === undefined || holder === undefined || recogniser === holder) return;
  const { modality } = modalityOf(view, locale, { start: at, end: at + 1 }, sent);
  out.push({
    type: "RECOGNIZE",
    source: [recogniser],
    target: [holder],
    modality,
    evidence: view.range({ start: at, end: Math.min(sent.end, at + 4) }),
    origin: "recognition",
  });
}

function readLedBy(
  view: SentenceView,
  locale: Locale,
  g: Grammar,
  at: number,
  sent: TokenSpan,
  out: Relation[],
): void {
  // "dirigé par X", "presidida entonces por el socialista X": the agent within two words, then
  // determiners, titles or one adjective before the person.
  let j = at + 1;
  while (j < Math.min(sent.end, at + 3) && !g.agent.includes(view.lower[j]!)) j++;
  if (!g.agent.includes(view.lower[j] ?? "")) return;
  j++;
  for (let skipped = 0; j < sent.end && view.mentionAt[j]! < 0 && skipped < 3; skipped++) {
    const t = locale.matchTitle(view.lower, j);
    j += t ? t.length : 1;
  }
  const k = view.mentionAt[j] ?? -1;
  const leader = entity(view, k);
  const org = holderBefore(view, g, at, sent);
  if (leader === undefined || org === undefined || leader === org) return;
  if (view.doc.entities[leader]?.type !== "PER") return;
  const { modality } = modalityOf(view, locale, { start: at, end: at + 1 }, sent);
  out.push({
    type: "LEADS",
    source: [leader],
    target: [org],
    modality,
    evidence: view.range({ start: at, end: view.mention(k).span.end }),
    origin: "led-by",
  });
}

/**
 * Organisations designated through their leader: "les troupes rebelles de
 * Kaboré" (a group mention owned by a person), "l'Armée de libération de Kaboré", "the Cabinet of
 * Prime Minister X". The person leads the organisation.
 */
function readOwners(view: SentenceView, locale: Locale, g: Grammar, out: Relation[]): void {
  const doc = view.doc;
  // "Ali Kane, du FLN, a dit": a person in apposition with an organisation belongs to it.
  doc.mentions.forEach((m, k) => {
    if (m.type !== "PER" || view.lower[m.span.end] !== ",") return;
    let j = m.span.end + 1;
    if (!g.genitive.includes(view.lower[j] ?? "")) return;
    j++;
    while (g.determiners.includes(view.lower[j] ?? "")) j++;
    const o = view.mentionAt[j] ?? -1;
    if (o < 0 || view.mention(o).type !== "ORG" || view.mention(o).span.start !== j) return;
    const person = entity(view, k);
    const org = entity(view, o);
    if (person === undefined || org === undefined || person === org) return;
    out.push({
      type: "MEMBER",
      source: [person],
      target: [org],
      modality: "asserted",
      evidence: view.range({ start: m.span.start, end: view.mention(o).span.end }),
      origin: "apposition",
    });
  });
  doc.mentions.forEach((m, k) => {
    const org = entity(view, k);
    if (org === undefined || m.type !== "ORG") return;
    let leaderMention = m.ownedBy === undefined ? -1 : view.mentionAt[m.ownedBy]!;
    if (leaderMention < 0 && m.named) {
      let j = m.span.end;
      if (!g.genitive.includes(view.lower[j] ?? "")) return;
      j++;
      for (;;) {
        while (g.determiners.includes(view.lower[j] ?? "")) j++;
        const t = locale.matchTitle(view.lower, j);
        if (!t || view.mentionAt[j]! >= 0) break;
        j += t.length;
      }
      leaderMention = view.mentionAt[j] ?? -1;
    }
    if (leaderMention < 0 || view.mention(leaderMention).type !== "PER") return;
    const leader = entity(view, leaderMention);
    if (leader === undefined || leader === org) return;
    const span = { start: m.span.start, end: Math.max(m.span.end, view.mention(leaderMention).span.end) };
    const sent = doc.sentences.find((s) => s.start <= m.span.start && m.span.start < s.end);
    out.push({
      type: "LEADS",
      source: [leader],
      target: [org],
      modality: sent ? modalityOf(view, locale, m.span, sent).modality : "asserted",
      evidence: view.range(span),
      origin: "owner",
    });
  });
}

/**
 * "le président turc Erdogan", "X, président de Y", "el jefe del ELN, X": a person with an office
 * title tied to an organisation or a state (named, or given by a demonym).
 */
function readTitles(view: SentenceView, locale: Locale, g: Grammar, out: Relation[]): void {
  const doc = view.doc;
  for (const sent of doc.sentences) {
    let titleEnd = sent.start;
    for (let i = sent.start; i < sent.end; i++) {
      const covering = view.mentionAt[i]!;
      if (i < titleEnd || (covering >= 0 && view.mention(covering).named)) continue;
      const match = locale.matchTitle(view.lower, i);
      if (!match) continue;
      // "secrétaire général" is one title, not also "général".
      titleEnd = i + match.length;
      const title = match.entry;
      const tlen = match.length;
      let j = i + tlen;
      let org: number | undefined;
      let orgEnd = j;
      // "président de la Turquie", "president of Colombia", "jefe del ELN".
      if (g.genitive.includes(view.lower[j] ?? "")) {
        let k = j + 1;
        while (k < sent.end && g.determiners.includes(view.lower[k]!)) k++;
        const m = view.mentionAt[k] ?? -1;
        if (m >= 0) {
          org = entity(view, m);
          orgEnd = view.mention(m).span.end;
          j = orgEnd;
          // "jefe del Consejo de X de Afganistán, Y": the complements of the organisation name.
          while (g.genitive.includes(view.lower[j] ?? "")) {
            let c = j + 1;
            while (c < sent.end && g.determiners.includes(view.lower[c]!)) c++;
            const cm = view.mentionAt[c] ?? -1;
            if (cm < 0) break;
            j = view.mention(cm).span.end;
          }
        }
      }
      // "le président turc": the demonym's state when the article names it.
      if (org === undefined) {
        const dem = view.lower[j] ?? "";
        const country = demonymState(doc, dem);
        if (country !== undefined) {
          org = country;
          j++;
          orgEnd = j;
        }
      }
      // "son chef Ali Kane": the organisation named last, in this sentence or the one before.
      if (org === undefined && title.leads && POSSESSIVES[view.lang].includes(view.lower[i - 1] ?? "")) {
        org = lastOrganisationBefore(view, i - 1, sent);
      }
      if (org === undefined) continue;
      // The person: right after the title phrase ("..., Recep Tayyip Erdogan") or just before it
      // in apposition ("Ali Kane, chef du FLN").
      let person: number | undefined = covering >= 0 ? entity(view, covering) : undefined;
      let pEnd = orgEnd;
      let p = j;
      if (view.lower[p] === ",") p++;
      const after = view.mentionAt[p] ?? -1;
      if (person !== undefined) {
        pEnd = Math.max(pEnd, view.mention(covering).span.end);
      } else if (after >= 0 && view.mention(after).type === "PER") {
        person = entity(view, after);
        pEnd = view.mention(after).span.end;
      } else if (view.lower[i - 1] === "," || g.determiners.includes(view.lower[i - 1] ?? "")) {
        const b = view.lower[i - 1] === "," ? i - 2 : i - 1;
        const before = view.mentionAt[b] ?? -1;
        if (before >= 0 && view.mention(before).type === "PER") person = entity(view, before);
      }
      if (person === undefined || person === org) continue;
      out.push({
        type: title.leads ? "LEADS" : "MEMBER",
        source: [person],
        target: [org],
        modality: "asserted",
        evidence: view.range({ start: i, end: Math.max(pEnd, orgEnd) }),
        origin: `title:${title.form}`,
      });
    }
  }
}

/** Possessive determiners that make a title refer back to an organisation ("son chef"). */
const POSSESSIVES: Record<Lang, string[]> = {
  fr: ["son", "sa", "leur"],
  en: ["its", "their"],
  es: ["su"],
};

function lastOrganisationBefore(view: SentenceView, from: number, sent: TokenSpan): number | undefined {
  const sentences = view.doc.sentences;
  const idx = sentences.indexOf(sent);
  const start = idx > 0 ? sentences[idx - 1]!.start : sent.start;
  for (let i = from - 1; i >= start; i--) {
    const k = view.mentionAt[i]!;
    if (k < 0) continue;
    const m = view.mention(k);
    if (m.type === "ORG") return entity(view, k);
    if (m.type === "PER") return undefined;
    i = m.span.start;
  }
  return undefined;
}

/** A (type, kind, source, target) that recurs keeps its strongest modality (R2). */
function dedupe(rs: Relation[]): Relation[] {
  const by = new Map<string, Relation>();
  for (const r of rs) {
    const key = `${r.type}|${r.kind ?? ""}|${r.source.join(",")}|${r.target.join(",")}`;
    const prev = by.get(key);
    if (!prev || MODALITY_STRENGTH[r.modality] > MODALITY_STRENGTH[prev.modality]) by.set(key, r);
  }
  return [...by.values()];
}

export const relationsStage: Stage = {
  name: "relations",
  requires: ["entities", "sentences"],
  assigns: ["relations"],
  run(doc) {
    doc.relations = extractRelations(doc);
  },
};

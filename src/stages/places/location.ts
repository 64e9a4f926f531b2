import type { VDocument } from "../../doc/document.js";
import type { Lang, TokenSpan, VEvent } from "../../doc/types.js";
import type { Gazetteer } from "../../geo/gazetteer.js";
import { GRAMMAR } from "../../locales/grammar.js";

/**
 * Weights of the event-place choice, tuned on the held-in half of events-location-halterman
 * (scripts/tune-location.mjs reports the held-out half): a place governed by a locative
 * preposition close to the trigger is where the event happened; an actor of the event is not,
 * except the target of an attack or a seizure, which is the place attacked.
 */
export const LOCATION_WEIGHTS = {
  preposition: 1,
  perToken: 0.08,
  maxTokens: 40,
  after: 0.8,
  source: -3,
  target: -1.5,
  attackedPlace: 2,
  country: -1.5,
  region: -0.3,
};

const ATTACKS = new Set(["ASSAULT", "COERCE"]);

/** A resolved place name of the text (an entity mention or a gazetteer toponym). */
export interface PlaceCandidate {
  span: TokenSpan;
  entity?: number;
  row: number;
}

/** Is the word before a mention (past determiners) a locative preposition? */
export function locativeBefore(doc: VDocument, lang: Lang, start: number, floor: number): boolean {
  const g = GRAMMAR[lang];
  for (let i = start - 1, steps = 0; i >= floor && steps < 3; i--, steps++) {
    const w = doc.tokenText(i).toLowerCase();
    if (g.locative.includes(w)) return true;
    if (!g.determiners.includes(w) && w !== "l'" && w !== "l’") return false;
  }
  return false;
}

export function scorePlace(
  doc: VDocument,
  gaz: Gazetteer,
  lang: Lang,
  ev: Pick<VEvent, "trigger" | "source" | "target" | "type">,
  c: PlaceCandidate,
  sentStart: number,
  w = LOCATION_WEIGHTS,
): number {
  const m = c.span;
  let s = 0;
  if (locativeBefore(doc, lang, m.start, sentStart)) s += w.preposition;
  const dist = m.start >= ev.trigger.end ? m.start - ev.trigger.end : ev.trigger.start - m.end;
  s -= w.perToken * Math.min(Math.max(dist, 0), w.maxTokens);
  if (m.start >= ev.trigger.end) s += w.after;
  if (c.entity !== undefined && ev.source.includes(c.entity)) s += w.source;
  else if (c.entity !== undefined && ev.target.includes(c.entity))
    s += ATTACKS.has(ev.type) ? w.attackedPlace : w.target;
  const f = gaz.feature(c.row);
  if (f === "PCLI" || f === "PCLD") s += w.country;
  else if (f === "ADM1") s += w.region;
  return s;
}

/**
 * Sets each event's `location`, `country`, `locationEntity` and `geo` from the places of its
 * sentence; an event whose sentence names none takes the last place its paragraph put something
 * "in" or "at" before it, else the place of the previous event of its paragraph (news goes on
 * narrating at the same place), else none. `names` gives the name to report per entity.
 */
export function chooseEventPlaces(
  doc: VDocument,
  gaz: Gazetteer,
  places: readonly PlaceCandidate[],
  lang: Lang,
  names?: Map<number, string>,
): void {
  const order = doc.events
    .map((_, i) => i)
    .sort((a, b) => doc.events[a]!.trigger.start - doc.events[b]!.trigger.start);
  let last: (PlaceCandidate & { paragraph: number }) | undefined;
  for (const i of order) {
    const ev = doc.events[i]!;
    const si = doc.sentenceOf(ev.trigger.start);
    const sent = doc.sentences[si];
    if (!sent) continue;
    let best: PlaceCandidate | undefined;
    let bestScore = -Infinity;
    for (const c of places) {
      if (c.span.start < sent.start) continue;
      if (c.span.start >= sent.end) break;
      const s = scorePlace(doc, gaz, lang, ev, c, sent.start);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    const paragraph = paragraphIndex(doc, ev.trigger.start);
    const pick =
      best ??
      earlierInParagraph(doc, lang, places, sent.start) ??
      (last?.paragraph === paragraph ? last : undefined);
    delete ev.location;
    delete ev.country;
    delete ev.locationEntity;
    delete ev.geo;
    if (!pick) continue;
    ev.location = (pick.entity !== undefined ? names?.get(pick.entity) : undefined) ?? gaz.name(pick.row);
    ev.country = gaz.country(pick.row);
    if (pick.entity !== undefined) ev.locationEntity = pick.entity;
    ev.geo = gaz.geo(pick.row);
    last = { ...pick, paragraph };
  }
}

/** The last place of the paragraph before `before` that a locative preposition governs. */
function earlierInParagraph(
  doc: VDocument,
  lang: Lang,
  places: readonly PlaceCandidate[],
  before: number,
): PlaceCandidate | undefined {
  const p = doc.paragraphs[paragraphIndex(doc, before)];
  if (!p) return undefined;
  for (let k = places.length - 1; k >= 0; k--) {
    const c = places[k]!;
    const at = c.span.start;
    if (at >= before) continue;
    if (at < p.start) break;
    if (locativeBefore(doc, lang, at, p.start)) return c;
  }
  return undefined;
}

function paragraphIndex(doc: VDocument, token: number): number {
  return doc.paragraphs.findIndex((p) => token >= p.start && token < p.end);
}

import type { PloverType } from "../doc/types.js";
import type { ConvertedArticle, ConvertedEntity, ConvertedEvent } from "./convert-plover.js";

/**
 * POPCORN (shared/data/ie-fr-popcorn: `{id: {text, entities: [{id, type, mentions: [{value, start,
 * end}]}], relations: [[subject, PREDICATE, object]]}}`) to gold-format articles. Only the event
 * types with a PLOVER counterpart are kept; accidents, fires, epidemics, thefts, elections and the
 * like have none and are dropped (their spans go to `unlabelled_spans`, so that a proposal there is
 * not taught as NONE). Each event cluster becomes one event whose evidence is its first trigger
 * mention, widened by whole words until it occurs once in the text, with every mention's offsets
 * in `mention_spans`; its source is the actor that INITIATED it when one is annotated.
 */
export const POPCORN_TO_PLOVER: Readonly<Record<string, { type: PloverType; mode: string }>> = {
  BOMBING: { type: "ASSAULT", mode: "bombing" },
  POLITICAL_VIOLENCE: { type: "ASSAULT", mode: "unspecified" },
  CIVIL_WAR_OUTBREAK: { type: "ASSAULT", mode: "offensive" },
  DEMONSTRATION: { type: "PROTEST", mode: "demonstrate" },
  ILLEGAL_CIVIL_DEMONSTRATION: { type: "PROTEST", mode: "demonstrate" },
  RIOT: { type: "PROTEST", mode: "riot" },
  STRIKE: { type: "PROTEST", mode: "strike" },
  CRIMINAL_ARREST: { type: "COERCE", mode: "arrest" },
  COUP_D_ETAT: { type: "COERCE", mode: "depose" },
};

/** POPCORN's event types (its other types are actors, places, materials, times and quantities). */
const EVENT_TYPES = new Set([
  ...Object.keys(POPCORN_TO_PLOVER),
  "ACCIDENT",
  "AGITATING_TROUBLE_MAKING",
  "CBRN_EVENT",
  "DRUG_OPERATION",
  "ECONOMICAL_CRISIS",
  "ELECTION",
  "EPIDEMIC",
  "FIRE",
  "GATHERING",
  "HOOLIGANISM_TROUBLEMAKING",
  "NATURAL_CAUSES_DEATH",
  "NATURAL_EVENT",
  "POLLUTION",
  "SUICIDE",
  "THEFT",
  "TRAFFICKING",
]);

const ANNOTATED = [...new Set(Object.values(POPCORN_TO_PLOVER).map((m) => m.type))];

const ACTOR_TYPES: Readonly<Record<string, ConvertedEntity["type"]>> = {
  NON_GOVERNMENTAL_ORGANISATION: "ORG",
  NON_MILITARY_GOVERNMENT_ORGANISATION: "ORG",
  MILITARY_ORGANISATION: "ORG",
  INTERGOVERNMENTAL_ORGANISATION: "ORG",
  TERRORIST_OR_CRIMINAL: "ORG",
  MILITARY: "ORG",
  CIVILIAN: "PER",
  PLACE: "GPE",
};

interface PopcornMention {
  value?: unknown;
  start?: unknown;
  end?: unknown;
}
interface PopcornEntity {
  id?: unknown;
  type?: unknown;
  mentions?: PopcornMention[];
}
export interface PopcornRecord {
  text?: unknown;
  entities?: PopcornEntity[];
  relations?: unknown[];
}

const isCap = (s: string) => /^\p{Lu}/u.test(s);

/** The shortest stretch around [start, end) made of whole words that occurs once in `text`. */
export function uniqueEvidence(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  for (let guard = 0; guard < 40; guard++) {
    const span = text.slice(s, e);
    if (text.indexOf(span) === text.lastIndexOf(span)) return span.trim();
    const nextEnd = text.indexOf(" ", e + 1);
    const prevStart = text.lastIndexOf(" ", s - 2);
    if (nextEnd > 0 && (guard % 2 === 0 || prevStart < 0)) e = nextEnd;
    else if (prevStart >= 0) s = prevStart + 1;
    else return text.slice(start, end);
  }
  return text.slice(s, e).trim();
}

export function convertPopcornText(id: string, rec: PopcornRecord): ConvertedArticle | null {
  if (typeof rec.text !== "string" || !Array.isArray(rec.entities)) return null;
  const text = rec.text;
  const entities: ConvertedEntity[] = [];
  const idOf = new Map<string, string>();
  for (const e of rec.entities) {
    const type = ACTOR_TYPES[String(e.type)];
    if (!type || !Array.isArray(e.mentions)) continue;
    const names = [...new Set(e.mentions.map((m) => String(m.value ?? "")).filter((v) => v && isCap(v)))];
    if (!names.length) continue;
    const key = `p${String(e.id)}`;
    idOf.set(String(e.id), key);
    entities.push({ id: key, name: names[0]!, type, mentions: names });
  }
  const initiators = new Map<string, string[]>();
  for (const r of rec.relations ?? []) {
    if (!Array.isArray(r) || r[1] !== "INITIATED") continue;
    const who = idOf.get(String(r[0]));
    if (!who) continue;
    const list = initiators.get(String(r[2])) ?? [];
    list.push(who);
    initiators.set(String(r[2]), list);
  }
  const events: ConvertedEvent[] = [];
  const unlabelled: [number, number][] = [];
  for (const e of rec.entities) {
    if (!Array.isArray(e.mentions)) continue;
    const spans = e.mentions
      .filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end))
      .map((m): [number, number] => [m.start as number, m.end as number])
      .filter(([s, t]) => 0 <= s && s < t && t <= text.length)
      .sort((a, b) => a[0] - b[0]);
    const mapped = POPCORN_TO_PLOVER[String(e.type)];
    if (!mapped) {
      if (EVENT_TYPES.has(String(e.type))) unlabelled.push(...spans);
      continue;
    }
    const first = spans[0];
    if (!first) continue;
    const evidence = uniqueEvidence(text, first[0], first[1]);
    if (!evidence || !text.includes(evidence)) continue;
    events.push({
      type: mapped.type,
      mode: mapped.mode,
      source: initiators.get(String(e.id)) ?? [],
      target: [],
      date_precision: "unknown",
      modality: "asserted",
      reported_by: [],
      evidence,
      mention_spans: spans,
    });
  }
  return {
    id: `popcorn-${id}`,
    lang: "fr",
    text,
    entities,
    events,
    relations: [],
    annotated_types: ANNOTATED,
    unlabelled_spans: unlabelled,
  };
}

export function convertPopcorn(data: unknown): ConvertedArticle[] {
  if (!data || typeof data !== "object" || Array.isArray(data)) return [];
  return Object.entries(data as Record<string, PopcornRecord>).flatMap(([id, rec]) => {
    const a = convertPopcornText(id, rec ?? {});
    return a ? [a] : [];
  });
}

import type { VDocument } from "../doc/document.js";
import type { CharRange, Entity, Geo } from "../doc/types.js";
import { normMention } from "../eval/score.js";

/** One article in the gold format of shared/spec/gold-format.md, plus `spans` per entity. */
export interface GoldEntity {
  id: string;
  name: string;
  type: string;
  mentions: string[];
  spans: CharRange[];
  country?: string;
  sector?: string;
  role?: string;
  affiliation?: string;
  geo?: Geo;
}

export interface GoldEvent {
  type: string;
  mode?: string;
  cameo?: string;
  source: string[];
  target: string[];
  location?: string;
  country?: string;
  geo?: Geo;
  date?: string;
  date_precision: string;
  modality: string;
  reported_by: string[];
  evidence: string;
  evidence_span: CharRange;
  /** Every passage that reports the event, the evidence first (title, lead and body merged). */
  evidence_spans?: CharRange[];
}

export interface GoldRelation {
  type: string;
  kind?: string;
  source: string[];
  target: string[];
  modality: string;
  evidence: string;
  evidence_span: CharRange;
}

export interface GoldArticle {
  id: string;
  lang?: string;
  published?: string;
  source?: string;
  url?: string;
  title?: string;
  text: string;
  entities: GoldEntity[];
  events: GoldEvent[];
  relations: GoldRelation[];
}

function entityMentions(doc: VDocument, e: Entity): { mentions: string[]; spans: CharRange[] } {
  const seen = new Set<string>();
  const mentions: string[] = [];
  const spans: CharRange[] = [];
  for (const i of e.mentions) {
    const m = doc.mentions[i]!;
    const range = doc.charRange(m.span);
    spans.push(range);
    const surface = doc.text.slice(range[0], range[1]);
    const key = normMention(surface);
    if (seen.has(key)) continue;
    seen.add(key);
    mentions.push(surface);
  }
  spans.sort((a, b) => a[0] - b[0]);
  return { mentions, spans };
}

export function toGold(doc: VDocument): GoldArticle {
  const ids = doc.entities.map((e) => e.id);
  const idsOf = (xs: number[]) => xs.map((x) => ids[x]!).filter(Boolean);
  const entities = doc.entities.map((e): GoldEntity => {
    const { mentions, spans } = entityMentions(doc, e);
    const out: GoldEntity = { id: e.id, name: e.name, type: e.type, mentions, spans };
    if (e.country) out.country = e.country;
    if (e.sector) out.sector = e.sector;
    if (e.role) out.role = e.role;
    if (e.affiliation !== undefined && ids[e.affiliation]) out.affiliation = ids[e.affiliation];
    if (e.geo) out.geo = e.geo;
    return out;
  });
  const events = doc.events.map((ev): GoldEvent => {
    const out: GoldEvent = {
      type: ev.type,
      source: idsOf(ev.source),
      target: idsOf(ev.target),
      date_precision: ev.datePrecision,
      modality: ev.modality,
      reported_by: idsOf(ev.reportedBy),
      evidence: doc.text.slice(ev.evidence[0], ev.evidence[1]),
      evidence_span: ev.evidence,
    };
    if (ev.mode) out.mode = ev.mode;
    if (ev.cameo) out.cameo = ev.cameo;
    if (ev.location) out.location = ev.location;
    if (ev.country) out.country = ev.country;
    if (ev.geo) out.geo = ev.geo;
    if (ev.alsoIn?.length) out.evidence_spans = [ev.evidence, ...ev.alsoIn];
    if (ev.date && ev.datePrecision !== "unknown") out.date = ev.date;
    return out;
  });
  const relations = doc.relations.map((r): GoldRelation => {
    const out: GoldRelation = {
      type: r.type,
      source: idsOf(r.source),
      target: idsOf(r.target),
      modality: r.modality,
      evidence: doc.text.slice(r.evidence[0], r.evidence[1]),
      evidence_span: r.evidence,
    };
    if (r.kind) out.kind = r.kind;
    return out;
  });
  const article: GoldArticle = { id: doc.id, text: doc.text, entities, events, relations };
  if (doc.meta.lang) article.lang = doc.meta.lang;
  if (doc.meta.published) article.published = doc.meta.published;
  if (doc.meta.source) article.source = doc.meta.source;
  if (doc.meta.url) article.url = doc.meta.url;
  if (doc.meta.title) article.title = doc.meta.title;
  return reorder(article);
}

/** Field order as in the spec, so output diffs read like the gold file. */
function reorder(a: GoldArticle): GoldArticle {
  const { id, lang, published, source, url, title, text, entities, events, relations } = a;
  return JSON.parse(
    JSON.stringify({ id, lang, published, source, url, title, text, entities, events, relations }),
  );
}

import type { Article, ArticleEvent, Geo, Graph, StoredEvent } from "./api.js";

/** One event as every view and export sees it, whether it comes from the store or a live analysis. */
export interface EventRow {
  id: string;
  type: string;
  mode?: string | undefined;
  cameo?: string | undefined;
  date?: string | undefined;
  source: { id: string; name: string }[];
  target: { id: string; name: string }[];
  location?: string | undefined;
  country?: string | undefined;
  geo?: Geo | undefined;
  modality: string;
  reportedBy: string[];
  evidence: string;
  article: string;
  sources: number;
}

export function fromStored(e: StoredEvent): EventRow {
  const pair = (ids: string[], names: string[]) => ids.map((id, i) => ({ id, name: names[i] ?? id }));
  return {
    id: e.id,
    type: e.type,
    mode: e.mode,
    cameo: e.cameo,
    date: e.date,
    source: pair(e.source, e.source_names),
    target: pair(e.target, e.target_names),
    location: e.location,
    country: e.country,
    geo: e.geo,
    modality: e.modality,
    reportedBy: e.reported_by,
    evidence: e.evidence,
    article: e.article,
    sources: e.sources,
  };
}

/**
 * Coordinates of an event: its own when the server knows them, else those of the place entity of
 * its article named like its location.
 */
export function eventGeo(e: ArticleEvent, article: Article): Geo | undefined {
  if (e.geo) return e.geo;
  if (!e.location) return undefined;
  const place = article.entities.find(
    (x) => x.geo && (x.name === e.location || x.mentions.includes(e.location!)),
  );
  return place?.geo;
}

export function fromArticle(a: Article): EventRow[] {
  const byId = new Map(a.entities.map((x) => [x.id, x]));
  const ref = (id: string) => ({ id: byId.get(id)?.actor_id ?? id, name: byId.get(id)?.name ?? id });
  return a.events.map((e, i) => ({
    id: e.event_id ?? `${a.id}#${i + 1}`,
    type: e.type,
    mode: e.mode,
    cameo: e.cameo,
    date: e.date,
    source: e.source.map(ref),
    target: e.target.map(ref),
    location: e.location,
    country: e.country,
    geo: eventGeo(e, a),
    modality: e.modality,
    reportedBy: e.reported_by.map((id) => byId.get(id)?.name ?? id),
    evidence: e.evidence,
    article: a.id,
    sources: 1,
  }));
}

export interface Selection {
  label: string;
  events: EventRow[];
  /** The network on screen, when the selection is one; GEXF exports it as is. */
  graph?: Graph;
}

let current: Selection = { label: "nothing selected", events: [] };
const listeners: ((s: Selection) => void)[] = [];

export function setSelection(s: Selection): void {
  current = s;
  for (const f of listeners) f(s);
}
export const getSelection = (): Selection => current;
export const onSelection = (f: (s: Selection) => void): void => void listeners.push(f);

/** Shapes of the JSON API (src/server/schemas.ts), as far as the page uses them. */

export type Range = [number, number];
export interface Geo {
  lat: number;
  lon: number;
}

export interface Entity {
  id: string;
  name: string;
  type: string;
  mentions: string[];
  spans: Range[];
  country?: string;
  sector?: string;
  role?: string;
  affiliation?: string;
  geo?: Geo;
  actor_id?: string;
}

export interface ArticleEvent {
  type: string;
  mode?: string;
  cameo?: string;
  source: string[];
  target: string[];
  location?: string;
  country?: string;
  date?: string;
  date_precision: string;
  modality: string;
  reported_by: string[];
  evidence: string;
  evidence_span: Range;
  geo?: Geo;
  event_id?: string;
}

export interface Relation {
  type: string;
  kind?: string;
  source: string[];
  target: string[];
  modality: string;
  evidence: string;
  evidence_span: Range;
}

export interface Article {
  id: string;
  lang?: string;
  published?: string;
  source?: string;
  url?: string;
  title?: string;
  text: string;
  entities: Entity[];
  events: ArticleEvent[];
  relations: Relation[];
}

export interface ArticleSummary {
  id: string;
  title?: string;
  lang?: string;
  published?: string;
  events: number;
  entities: number;
}

export interface StoredEvent extends ArticleEvent {
  id: string;
  source_names: string[];
  target_names: string[];
  article: string;
  sources: number;
}

export interface ActorProfile {
  id: string;
  name: string;
  type: string;
  country?: string;
  sector?: string;
  mentions: string[];
  articles: number;
  events: number;
  first_seen?: string;
  last_seen?: string;
  relations: {
    type: string;
    kind?: string;
    direction: "out" | "in";
    other: { id: string; name: string };
    evidence_count: number;
    first_seen?: string;
    last_seen?: string;
  }[];
  monthly: { month: string; type: string; count: number }[];
}

// The store's own declarations (types only: nothing of the server is bundled into the page).
import type { ActorGraph as Graph, GraphEdge, GraphNode, Page } from "../../src/store/types.js";

export type { Graph, GraphEdge, GraphNode, Page };

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(err?.code ?? `HTTP_${res.status}`, err?.message ?? `request failed (${res.status})`);
  }
  return body as T;
}

const qs = (params: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};

export const api = {
  articles: (search?: string) => call<Page<ArticleSummary>>(`/api/articles${qs({ search, limit: 200 })}`),
  article: (id: string) => call<Article>(`/api/articles/${encodeURIComponent(id)}`),
  events: (filters: Record<string, string | undefined>) =>
    call<Page<StoredEvent>>(`/api/events${qs({ ...filters, limit: 500 })}`),
  actor: (id: string) => call<ActorProfile>(`/api/actors/${encodeURIComponent(id)}`),
  graph: (from?: string, to?: string) => call<Graph>(`/api/graph${qs({ from, to })}`),
  analyze: (text: string, lang?: string, published?: string) =>
    call<Article>("/api/analyze", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        text,
        id: "pasted-article",
        title: "Pasted article",
        ...(lang ? { lang } : {}),
        ...(published ? { published } : {}),
      }),
    }),
};

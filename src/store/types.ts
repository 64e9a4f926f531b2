import type { CharRange } from "../doc/types.js";
import type { VigieError } from "../errors.js";
import type { GoldArticle, GoldEntity, GoldEvent } from "../output/gold.js";

/** A pipeline remark kept with the article it is about. */
export interface StoredDiagnostic {
  severity: string;
  code: string;
  message: string;
  stage?: string;
  range?: CharRange;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** An entity of a stored article, with the store-wide actor it was merged into. */
export interface StoredEntity extends GoldEntity {
  actor_id: string;
}

/** An event of a stored article, with the store-wide (possibly merged) event it became. */
export interface StoredArticleEvent extends GoldEvent {
  event_id: string;
}

/** The GoldArticle as stored: store ids on entities and events, plus its diagnostics. */
export interface StoredArticle extends Omit<GoldArticle, "entities" | "events"> {
  entities: StoredEntity[];
  events: StoredArticleEvent[];
  hash: string;
  ingested_at: string;
  diagnostics: StoredDiagnostic[];
}

export interface ArticleSummary {
  id: string;
  lang?: string;
  published?: string;
  source?: string;
  url?: string;
  title?: string;
  ingested_at: string;
  events: number;
  entities: number;
}

export interface StoredActor {
  id: string;
  name: string;
  type: string;
  country?: string;
  sector?: string;
  /** Surface forms seen across articles (at most a few dozen). */
  mentions: string[];
  articles: number;
  events: number;
  first_seen?: string;
  last_seen?: string;
}

export interface ActorInfo {
  id: string;
  name: string;
  type: string;
  country?: string;
  sector?: string;
}

export interface ActorRef {
  id: string;
  name: string;
}

export interface StoredEvent {
  id: string;
  type: string;
  mode?: string;
  cameo?: string;
  source: string[];
  target: string[];
  source_names: string[];
  target_names: string[];
  location?: string;
  country?: string;
  geo?: { lat: number; lon: number };
  date?: string;
  date_precision: string;
  modality: string;
  reported_by: string[];
  evidence: string;
  evidence_span: CharRange;
  /** The article the event was first stored from (its evidence comes from there). */
  article: string;
  /** Every article reporting it, first one first. */
  articles: string[];
  /** Number of articles reporting it. */
  sources: number;
}

export interface ActorRelation {
  type: string;
  kind?: string;
  /** "out": this actor is the source; "in": the target. */
  direction: "out" | "in";
  other: ActorRef;
  first_seen?: string;
  last_seen?: string;
  evidence_count: number;
}

export interface ActorProfile extends StoredActor {
  relations: ActorRelation[];
  /** Events the actor took part in, per month (YYYY-MM of the event date) and type. */
  monthly: { month: string; type: string; count: number }[];
}

export interface GraphNode {
  id: string;
  name: string;
  type: string;
  country?: string;
  sector?: string;
  events: number;
}

export interface GraphEdge {
  source: string;
  target: string;
  /** A relation type (SUPPORT, OPPOSE, ...) or an event type (ASSAULT, CONSULT, ...). */
  type: string;
  kind?: string;
  /** "relation" for lasting ties, "event" for counts of events between the two actors. */
  category: "relation" | "event";
  count: number;
  first_seen?: string;
  last_seen?: string;
}

export interface ActorGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

interface Paging {
  limit?: number;
  offset?: number;
}

export interface ArticleQuery extends Paging {
  /** Words that must all occur in the title or text (case-insensitive). */
  search?: string;
  lang?: string;
  /** Publication date bounds (ISO, inclusive). */
  from?: string;
  to?: string;
}

export interface EventQuery extends Paging {
  /** An actor id, or a name matched case-insensitively against actor names. */
  actor?: string;
  type?: string;
  /** Event date bounds (ISO, inclusive). */
  from?: string;
  to?: string;
  country?: string;
  modality?: string;
  /** [minLon, minLat, maxLon, maxLat]: events whose place has coordinates inside. */
  bbox?: [number, number, number, number];
  /** Events reported by this article id. */
  article?: string;
}

export interface ActorQuery extends Paging {
  search?: string;
  country?: string;
  type?: string;
}

export interface StoreStats {
  articles: number;
  events: number;
  actors: number;
  relations: number;
  failures: number;
}

export interface StoredFailure {
  origin: string;
  article_id?: string;
  code: string;
  message: string;
  at: string;
}

export interface EventStore {
  readonly dialect: "sqlite" | "postgres";
  close(): Promise<void>;
  /** Idempotent by content hash (id + text): storing the same article twice changes nothing. */
  putArticle(
    article: GoldArticle,
    extra?: { diagnostics?: StoredDiagnostic[] },
  ): Promise<{ id: string; created: boolean }>;
  /**
   * Stores several articles in one transaction, each idempotent as with putArticle; results in
   * input order, a failed article getting its error instead (the others are still stored).
   */
  putArticles(
    batch: { article: GoldArticle; diagnostics?: StoredDiagnostic[] }[],
  ): Promise<({ id: string; created: boolean } | { error: VigieError })[]>;
  /** Whether an article with this content hash (see contentHash) is already stored. */
  hasHash(hash: string): Promise<boolean>;
  /** A per-article failure (origin = file:line or URL, code = VigieError code). */
  recordFailure(f: { origin: string; articleId?: string; code: string; message: string }): Promise<void>;
  listFailures(q?: Paging): Promise<Page<StoredFailure>>;
  getArticle(id: string): Promise<StoredArticle | undefined>;
  listArticles(q: ArticleQuery): Promise<Page<ArticleSummary>>;
  queryEvents(q: EventQuery): Promise<Page<StoredEvent>>;
  queryActors(q: ActorQuery): Promise<Page<StoredActor>>;
  getActor(id: string): Promise<ActorProfile | undefined>;
  /** Names, types, countries and sectors of these actors (unknown ids are left out). */
  getActors(ids: string[]): Promise<ActorInfo[]>;
  graph(q: { from?: string; to?: string; minWeight?: number }): Promise<ActorGraph>;
  stats(): Promise<StoreStats>;
}
